import type { SourceBatch } from '../../core/source.js';
import type { Stream } from '../../core/stream.js';
import type { ApiClient, RequestOptions } from '../../microsoft/api.js';
import type { SourceStatus } from '../../telemetry/source-status.js';
import type { CursorTracker, UpdateCursor } from './update-cursor.js';

export interface UpdateSweep {
  readonly client: ApiClient;
  readonly stream: Stream;
  readonly tenantId: string;
  readonly tracker: CursorTracker;
  readonly status: SourceStatus;
  /** Whether the server sorts by change time ascending (then the cursor moves per page). */
  readonly ordered: boolean;
  /** Where a record keeps its id and its change time. */
  readonly idOf: (item: Record<string, unknown>) => unknown;
  readonly changedOf: (item: Record<string, unknown>) => unknown;
  /** The raw records of a page's new versions, in page order (may fetch more, e.g. alerts). */
  readonly toRecords: (fresh: readonly unknown[], signal: AbortSignal) => Promise<string[]>;
  /** Told about every position yielded, so a restarted sweep starts from the latest one. */
  readonly onPosition: (cursor: UpdateCursor) => void;
}

/**
 * Reads one OData collection from `url` along its nextLinks and yields each page's new versions
 * with the cursor after them. The next page is requested only after the runner committed this
 * one (async iteration), so a crash replays at most one page.
 */
export async function* sweepUpdates(sweep: UpdateSweep, url: string, signal: AbortSignal, options?: RequestOptions): AsyncIterable<SourceBatch> {
  for await (const page of sweep.client.pages(url, signal, options)) {
    const fresh = page.items.filter((item) => !isRecord(item) || sweep.tracker.admit(sweep.idOf(item), sweep.changedOf(item)));
    const records = await sweep.toRecords(fresh, signal);
    if (records.length === 0 && !sweep.ordered) continue;
    yield batch(sweep, records, sweep.tracker.afterPage());
  }
  if (!sweep.ordered) yield batch(sweep, [], sweep.tracker.afterSweep());
}

function batch(sweep: UpdateSweep, records: string[], position: UpdateCursor): SourceBatch {
  sweep.onPosition(position);
  sweep.status.cursorMoved(sweep.tracker.cursorMs());
  return { stream: sweep.stream, records, position, tenantId: sweep.tenantId };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Items become records as collected: one JSON text each (it becomes `event.original`). */
export function asRecords(items: readonly unknown[]): string[] {
  return items.map((item) => JSON.stringify(item));
}
