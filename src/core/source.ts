import type { Stream } from './stream.js';

/**
 * Where a source has got to, as it will be stored in the state table: any JSON value the source
 * understands (a file offset, an API cursor, Event Hubs sequence numbers). Opaque to the pipeline.
 */
export type SourcePosition = unknown;

/**
 * Raw records of one stream, exactly as collected (one JSON record per string, which becomes
 * `event.original`), and the position just after them. The pipeline commits `position` in the
 * same transaction that buffers the documents normalized from `records`, so a source never
 * acknowledges anything itself.
 */
export interface SourceBatch {
  readonly stream: Stream;
  readonly records: readonly string[];
  readonly position: SourcePosition;
  /**
   * The Entra tenant id the records came from (API sources). Documents that do not already say
   * (`cloud.account.id`, as alerts and incidents do) get it, so a multi-tenant SIEM can tell
   * customers apart.
   */
  readonly tenantId?: string | undefined;
}

/**
 * A source yields batches from `from` (its last committed position, undefined on first start) and
 * ends when it is exhausted (a replayed file) or when `signal` aborts. On abort it yields what it
 * already holds, if anything, then returns promptly: the pipeline commits that last batch.
 */
export interface Source {
  readonly name: string;
  read(from: SourcePosition | undefined, signal: AbortSignal): AsyncIterable<SourceBatch>;
}
