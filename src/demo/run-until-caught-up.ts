import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { runPipeline, type PipelineReport } from '../pipeline/pipeline.js';
import type { Logger } from '../telemetry/log.js';
import type { Metrics } from '../telemetry/metrics.js';
import { caughtUp } from './caught-up.js';
import { progressSnapshot, type ProgressSnapshot } from './progress.js';

export interface ChangingWorld {
  quiescent(): boolean;
  lastChangeMs(): number;
}

export interface RunUntilCaughtUpOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly world: ChangingWorld;
  /** Stop (drain and return) once caught up; otherwise run until `stop` aborts. */
  readonly exitWhenCaughtUp: boolean;
  readonly stop: AbortController;
  readonly abandon: AbortSignal;
  readonly checkEveryMs: number;
  readonly onProgress?: (snapshot: ProgressSnapshot, caughtUp: boolean) => void;
  readonly clock?: Clock;
}

/**
 * Runs the pipeline against a simulator and watches it: every `checkEveryMs` it takes a progress
 * snapshot and, when asked to, stops the pipeline once everything the simulator holds is delivered
 * (see caught-up.ts). Stopping is the graceful path: commit, drain the buffers, close.
 */
export async function runUntilCaughtUp(options: RunUntilCaughtUpOptions): Promise<PipelineReport> {
  const { config, metrics, stop } = options;
  const snapshotSources = new Set(config.sources.filter((source) => source.type === 'mde_vulnerabilities').map((source) => source.name));
  const pollingSources = config.sources.filter((source) => source.type !== 'file').length;
  let checking = false;
  const ticker = setInterval(() => {
    if (checking) return;
    checking = true;
    void progressSnapshot(metrics)
      .then((snapshot) => {
        const world = { quiescent: options.world.quiescent(), lastChangeMs: options.world.lastChangeMs() };
        const sources = [...metrics.sourceStatuses].map(([name, status]) => ({ status, snapshot: snapshotSources.has(name) }));
        const done = caughtUp(world, sources, snapshot.buffered, pollingSources);
        options.onProgress?.(snapshot, done);
        if (done && options.exitWhenCaughtUp) stop.abort();
      })
      .finally(() => (checking = false));
  }, options.checkEveryMs);
  try {
    return await runPipeline({ config, log: options.log, metrics, exitWhenDone: false, stop: stop.signal, abandon: options.abandon, clock: options.clock });
  } finally {
    clearInterval(ticker);
  }
}
