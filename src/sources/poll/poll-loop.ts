import type { Clock } from '../../core/clock.js';
import type { SourceBatch } from '../../core/source.js';
import type { SourceStatus } from '../../telemetry/source-status.js';

export interface PollLoopOptions {
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly status: SourceStatus;
  readonly signal: AbortSignal;
  /** One poll: reads everything there is now, yielding batches as pages arrive. */
  readonly sweep: (startedMs: number) => AsyncIterable<SourceBatch>;
}

/**
 * Runs sweeps one after the other, each starting `intervalMs` after the previous one started (or
 * at once if it took longer): a poll never overlaps the previous one. A failed sweep is recorded
 * and rethrown; the source runner retries from the committed position after its backoff.
 */
export async function* pollLoop(options: PollLoopOptions): AsyncIterable<SourceBatch> {
  const { clock, status, signal } = options;
  while (!signal.aborted) {
    const startedMs = clock.now();
    try {
      yield* options.sweep(startedMs);
    } catch (error) {
      // Stopping mid-request is not a failure: the runner commits what was yielded and returns.
      if (signal.aborted) return;
      status.failed(error);
      throw error;
    }
    if (signal.aborted) return;
    status.pollSucceeded(startedMs);
    const waitMs = startedMs + options.intervalMs - clock.now();
    if (waitMs > 0 && !(await clock.sleep(waitMs, signal))) return;
  }
}
