import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { runPipeline, type PipelineReport } from '../pipeline/pipeline.js';
import type { Logger } from '../telemetry/log.js';
import { total, type Metrics } from '../telemetry/metrics.js';
import { caughtUp, type SourceProgress } from './caught-up.js';
import { progressSnapshot, type ProgressSnapshot } from './progress.js';

export interface ChangingWorld {
  quiescent(): boolean;
  lastChangeMs(): number;
  /** Present when the world also streams events (Event Hubs). */
  readonly eventHub?: { published(): number; publishingDone(): boolean } | undefined;
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
  let checking = false;
  const ticker = setInterval(() => {
    if (checking) return;
    checking = true;
    void progressSnapshot(metrics)
      .then((snapshot) => {
        const hub = options.world.eventHub;
        const world = {
          quiescent: options.world.quiescent(),
          lastChangeMs: options.world.lastChangeMs(),
          events: hub === undefined ? undefined : { done: hub.publishingDone(), published: hub.published() },
        };
        return total(metrics.normalized, { stream: 'event' }).then((eventDocuments) => {
          const done = caughtUp(world, sourceProgress(config, metrics), snapshot.buffered, eventDocuments);
          options.onProgress?.(snapshot, done);
          if (done && options.exitWhenCaughtUp) stop.abort();
        });
      })
      .finally(() => (checking = false));
  }, options.checkEveryMs);
  try {
    return await runPipeline({ config, log: options.log, metrics, exitWhenDone: false, stop: stop.signal, abandon: options.abandon, clock: options.clock });
  } finally {
    clearInterval(ticker);
  }
}

/** Every source but file replays, with the way it shows progress. */
function sourceProgress(config: Config, metrics: Metrics): SourceProgress[] {
  return config.sources
    .filter((source) => source.type !== 'file')
    .map((source): SourceProgress => {
      if (source.type === 'eventhub') return { kind: 'stream' };
      return { kind: source.type === 'mde_vulnerabilities' ? 'snapshot' : 'poll', status: metrics.sourceStatuses.get(source.name) };
    });
}
