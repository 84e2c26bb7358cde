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
  /**
   * Event Hubs message bodies holding further records (after `records`), each split by
   * `messageRecords` (sources/eventhubs/records.ts) where the batch is normalized: on a normalizer
   * thread when the source reads ahead, instead of on the thread that receives.
   */
  readonly messageBodies?: readonly Uint8Array[] | undefined;
  readonly position: SourcePosition;
  /**
   * The Entra tenant id the records came from (API sources). Documents that do not already say
   * (`cloud.account.id`, as alerts and incidents do) get it, so a multi-tenant SIEM can tell
   * customers apart.
   */
  readonly tenantId?: string | undefined;
  /**
   * For a source that reads several independent sequences at once (Event Hubs partitions): the
   * sequence this batch belongs to. Its position is then stored under `source:<name>/<partition>`
   * instead of `source:<name>`, so each partition's position moves on its own, still in the commit
   * of its documents. Such a source reads its positions back itself (its checkpoint store), as
   * `read`'s `from` is only the unkeyed one.
   */
  readonly partition?: string | undefined;
  /**
   * Called by the runner once the batch and its position are committed (and before it asks for
   * the next batch): for an acknowledgement that lives outside the database, such as an Event
   * Hubs checkpoint in Blob Storage. A crash between the commit and this call only replays the
   * batch. A failure is logged and counted, and reading goes on (the next batch acknowledges
   * further); it never undoes the commit.
   */
  readonly afterCommit?: (() => Promise<void>) | undefined;
}

/**
 * A source yields batches from `from` (its last committed position, undefined on first start) and
 * ends when it is exhausted (a replayed file) or when `signal` aborts. On abort it yields what it
 * already holds, if anything, then returns promptly: the pipeline commits that last batch.
 */
export interface Source {
  readonly name: string;
  /**
   * The runner may ask for the next batches before it has committed the previous ones (it
   * normalizes them on other threads meanwhile, and still commits in order, each position with
   * its documents). Only for a source that does not take being resumed as "committed": it learns
   * of commits through `afterCommit`, or not at all.
   */
  readonly readsAhead?: boolean | undefined;
  read(from: SourcePosition | undefined, signal: AbortSignal): AsyncIterable<SourceBatch>;
}
