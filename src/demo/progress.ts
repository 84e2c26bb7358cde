import type { Metrics } from '../telemetry/metrics.js';
import { total } from '../telemetry/metrics.js';

export interface ProgressSnapshot {
  /** Documents the sources committed to the buffers, all sources together. */
  readonly collected: number;
  /** Documents the sinks delivered, all sinks together. */
  readonly delivered: number;
  /** Documents waiting in the buffers. */
  readonly buffered: number;
  /** The latest error of each source still failing (cleared by a later success). */
  readonly failing: ReadonlyMap<string, string>;
}

export async function progressSnapshot(metrics: Metrics): Promise<ProgressSnapshot> {
  const failing = new Map<string, string>();
  for (const [name, status] of metrics.sourceStatuses) {
    if (status.lastError !== undefined && (status.lastSuccessMs === undefined || (status.lastErrorMs ?? 0) > status.lastSuccessMs)) failing.set(name, status.lastError);
  }
  return {
    collected: await total(metrics.sent, { component_kind: 'source' }),
    delivered: await total(metrics.sent, { component_kind: 'sink' }),
    buffered: await total(metrics.bufferDocuments),
    failing,
  };
}

/** One progress line for a terminal: totals first, then any source that is failing and why. */
export function formatProgress(snapshot: ProgressSnapshot, elapsedSeconds: number): string {
  const failing = [...snapshot.failing].map(([source, error]) => `\n  ${source} retrying: ${error}`).join('');
  return `[${elapsedSeconds.toFixed(0).padStart(4)} s] collected ${snapshot.collected}, delivered ${snapshot.delivered}, buffered ${snapshot.buffered}${failing}\n`;
}
