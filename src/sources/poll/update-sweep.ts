import type { SourceBatch } from '../../core/source.js';
import type { Stream } from '../../core/stream.js';
import type { ApiClient, RequestOptions } from '../../microsoft/api.js';
import type { SourceStatus } from '../../telemetry/source-status.js';
import type { CursorTracker, UpdateCursor } from './update-cursor.js';

/** What a sweep reads: one update-aware collection of one tenant. */
export interface UpdateCollection {
  readonly client: ApiClient;
  readonly stream: Stream;
  readonly tenantId: string;
  readonly status: SourceStatus;
  /** Whether the server sorts by change time ascending (then the cursor moves per page). */
  readonly ordered: boolean;
  /** The property holding a record's change time (records are identified by `id`). */
  readonly changedField: string;
  /** The raw records of a page's new versions, in page order (may fetch more, e.g. alerts). */
  readonly toRecords: (fresh: readonly unknown[], signal: AbortSignal) => Promise<string[]>;
}

/** One sweep's own state: the cursor tracker, and who to tell about every position yielded. */
export interface SweepState {
  readonly tracker: CursorTracker;
  /** Told about every position yielded, so a restarted sweep starts from the latest one. */
  readonly onPosition: (cursor: UpdateCursor) => void;
}

/**
 * Reads one OData collection from `url` along its nextLinks and yields each page's new versions
 * with the cursor after them. The next page is requested only after the runner committed this
 * one (async iteration), so a crash replays at most one page.
 */
export async function* sweepUpdates(collection: UpdateCollection, state: SweepState, url: string, signal: AbortSignal, options?: RequestOptions): AsyncIterable<SourceBatch> {
  const { tracker } = state;
  for await (const page of collection.client.pages(url, signal, options)) {
    const fresh = page.items.filter((item) => !isRecord(item) || tracker.admit(item.id, item[collection.changedField]));
    const records = await collection.toRecords(fresh, signal);
    if (records.length === 0 && !collection.ordered) continue;
    yield batch(collection, state, records, tracker.afterPage());
  }
  if (!collection.ordered) yield batch(collection, state, [], tracker.afterSweep());
}

function batch(collection: UpdateCollection, state: SweepState, records: string[], position: UpdateCursor): SourceBatch {
  state.onPosition(position);
  collection.status.cursorMoved(state.tracker.cursorMs());
  return { stream: collection.stream, records, position, tenantId: collection.tenantId };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Items become records as collected: one JSON text each (it becomes `event.original`). */
export function asRecords(items: readonly unknown[]): string[] {
  return items.map((item) => JSON.stringify(item));
}
