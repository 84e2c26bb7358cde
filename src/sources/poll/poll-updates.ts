import type { Clock } from '../../core/clock.js';
import type { SourceBatch, SourcePosition } from '../../core/source.js';
import type { SourceStatus } from '../../telemetry/source-status.js';
import { pollLoop } from './poll-loop.js';
import { CursorTracker, initialCursor, keyToMs, pollFromMs, readCursor, type UpdateCursor } from './update-cursor.js';

export interface UpdatePollSettings {
  readonly clock: Clock;
  readonly status: SourceStatus;
  readonly pollIntervalMs: number;
  readonly initialLookbackMs: number;
  readonly overlapMs: number;
  readonly ordered: boolean;
}

/** One sweep of an update-aware collection, from `fromMs` (the cursor minus the overlap). */
export type UpdateSweepFactory = (tracker: CursorTracker, fromMs: number, remember: (cursor: UpdateCursor) => void) => AsyncIterable<SourceBatch>;

/**
 * The read loop every update-aware source shares: start from the committed cursor (or
 * `initialLookbackMs` ago on a first run), sweep, wait for the interval, sweep again from the
 * latest yielded cursor.
 */
export function pollUpdates(settings: UpdatePollSettings, from: SourcePosition | undefined, signal: AbortSignal, sweep: UpdateSweepFactory): AsyncIterable<SourceBatch> {
  let cursor = readCursor(from) ?? initialCursor(settings.clock.now() - settings.initialLookbackMs);
  if (cursor.since !== '') settings.status.cursorMoved(keyToMs(cursor.since));
  return pollLoop({
    intervalMs: settings.pollIntervalMs,
    clock: settings.clock,
    status: settings.status,
    signal,
    sweep: () => sweep(new CursorTracker(cursor, settings.overlapMs, settings.ordered), pollFromMs(cursor, settings.overlapMs), (next) => (cursor = next)),
  });
}
