import type { Clock } from '../../../src/core/clock.js';
import type { Source, SourceBatch, SourcePosition } from '../../../src/core/source.js';
import type { SourceStatus } from '../../../src/telemetry/source-status.js';

/** A clock whose sleeps return at once, moving its time forward: intervals cost nothing in tests. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  /** Asked before every sleep; true makes the sleep end as if aborted (the poll loop returns). */
  stopBeforeSleep: () => boolean;
}

export function manualClock(startMs = Date.parse('2026-01-05T12:00:00Z')): ManualClock {
  let now = startMs;
  const clock: ManualClock = {
    stopBeforeSleep: () => false,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal.aborted || clock.stopBeforeSleep()) return false;
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
      return !signal.aborted;
    },
    advance: (ms) => {
      now += ms;
    },
  };
  return clock;
}

export interface Drive {
  readonly batches: SourceBatch[];
  /** The last position "committed" (yielded), as the runner would have stored it. */
  readonly position: SourcePosition | undefined;
  readonly error: unknown;
}

/**
 * Reads a source as the pipeline's runner does (each yielded batch counts as committed), until
 * `sweeps` polls completed, `maxBatches` batches were taken, or the source failed or ended.
 */
export async function drive(source: Source, from: SourcePosition | undefined, options: { clock: ManualClock; status: SourceStatus; sweeps?: number; maxBatches?: number }): Promise<Drive> {
  const controller = new AbortController();
  const batches: SourceBatch[] = [];
  let position = from;
  const polls = options.status.completedPolls;
  options.clock.stopBeforeSleep = () => options.status.completedPolls - polls >= (options.sweeps ?? 1);
  try {
    for await (const batch of source.read(from, controller.signal)) {
      batches.push(batch);
      position = batch.position;
      if (options.maxBatches !== undefined && batches.length >= options.maxBatches) break;
    }
  } catch (error) {
    return { batches, position, error };
  } finally {
    controller.abort();
  }
  return { batches, position, error: undefined };
}

export function recordsOf(batches: readonly SourceBatch[]): Array<Record<string, unknown>> {
  return batches.flatMap((batch) => batch.records.map((record) => JSON.parse(record) as Record<string, unknown>));
}
