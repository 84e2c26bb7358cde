/**
 * What one benchmark reports. Machines here are noisy, so every figure that has a natural baseline
 * is printed beside that baseline measured in the same run, and the target is a ratio when it can be.
 */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same work done the simplest way, in the same process, moments before or after. */
  readonly baseline?: { readonly label: string; readonly value: number };
  /** The target: value/baseline ≥ ratioAtLeast, value ≥ atLeast, value ≤ atMost. */
  readonly target?: { readonly ratioAtLeast?: number; readonly atLeast?: number; readonly atMost?: number };
}

export interface BenchReport {
  readonly bench: string;
  readonly figures: readonly BenchFigure[];
  readonly peakRssMb: number;
}

/** Peak resident set size of this process so far, in MiB (ru_maxrss is in KiB on Linux). */
export function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

/** Every bench file ends by printing its report as the last stdout line, for bench/run.ts. */
export function emitReport(report: BenchReport): void {
  process.stdout.write(`BENCH_REPORT ${JSON.stringify(report)}\n`);
}

export function meetsTarget(figure: BenchFigure): boolean | undefined {
  const { target, baseline, value } = figure;
  if (!target) return undefined;
  if (target.ratioAtLeast !== undefined && (!baseline || value / baseline.value < target.ratioAtLeast)) return false;
  if (target.atLeast !== undefined && value < target.atLeast) return false;
  if (target.atMost !== undefined && value > target.atMost) return false;
  return true;
}
