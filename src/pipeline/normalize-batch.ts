import { DocumentBatchWriter, type DocumentBatch, type WriterMark } from '../buffer/document-batch.js';
import type { Stream } from '../core/stream.js';
import { normalizeLine, normalizeParsed } from '../normalize/index.js';
import { getPath, setPath } from '../normalize/ecs/object.js';
import type { EcsDocument, NormalizedDocument, NormalizeOptions } from '../normalize/types.js';
import { messageRecords, wholeBodyRecord, type MessageRecords } from '../sources/eventhubs/records.js';

/** What a batch becomes: plain data, so that it can come back from a normalizer thread. */
export interface RawBatch {
  readonly stream: Stream;
  readonly records: readonly string[];
  /** Event Hubs message bodies to split into records first (see SourceBatch.messageBodies). */
  readonly messageBodies?: readonly Uint8Array[] | undefined;
  readonly tenantId?: string | undefined;
}

export interface NormalizedBatch {
  readonly docs: DocumentBatch;
  /** Raw records read (message bodies split). */
  readonly records: number;
  /** Documents that are pipeline_error documents. */
  readonly failed: number;
}

/** The documents of a batch, in record order, serialized as the buffer stores them. */
export function normalizeBatch(batch: RawBatch, options: NormalizeOptions): NormalizedBatch {
  const writer = new BatchWriter(batch, options);
  for (const record of batch.records) writer.add(normalizeLine(batch.stream, record, options));
  let records = batch.records.length;
  for (const body of batch.messageBodies ?? []) records += normalizeMessage(body, writer);
  return { docs: writer.docs.finish(batch.stream), records, failed: writer.failed };
}

/**
 * Normalizes the records of one Event Hubs message body; returns how many it held. Each record is
 * parsed when it is mapped, so that only one record's values are alive at a time: a body parsed
 * whole kept all ~100 of its records alive while they were mapped, which the young generation's
 * collections then copied and promoted (BENCHMARKS.md). Records are mapped table by table, and
 * their documents ranked in record order: mapping one table's records one after the other keeps
 * V8's caches on one document shape instead of changing shape at every record (−3.5% of the
 * connector's CPU with ~100-record messages).
 *
 * A record that is not JSON makes the body invalid JSON: what was written of the body is taken
 * back, and the whole body becomes one record, as the event normalizer would read it.
 */
function normalizeMessage(body: Uint8Array, writer: BatchWriter): number {
  const message = messageRecords(body);
  if (message !== undefined) {
    const mark = writer.mark();
    const firstRank = writer.docs.reserveRanks(message.count);
    if (inGroups(message, (index) => writer.addRecord(message.text(index), firstRank + index))) return message.count;
    writer.rollback(mark);
  }
  writer.add(normalizeLine(writer.stream, wholeBodyRecord(body), writer.options));
  return 1;
}

/** Calls `map` on each record, a group after the other; stops at the first `false`. */
function inGroups(message: MessageRecords, map: (index: number) => boolean): boolean {
  const indexesByGroup = new Map<number, number[]>();
  for (let index = 0; index < message.count; index += 1) {
    const group = message.group(index);
    const indexes = indexesByGroup.get(group);
    if (indexes === undefined) indexesByGroup.set(group, [index]);
    else indexes.push(index);
  }
  for (const indexes of indexesByGroup.values()) for (const index of indexes) if (!map(index)) return false;
  return true;
}

/** Serializes a batch's documents as they are normalized, counting the pipeline_error ones. */
class BatchWriter {
  readonly docs = new DocumentBatchWriter();
  failed = 0;

  constructor(
    private readonly batch: RawBatch,
    readonly options: NormalizeOptions,
  ) {}

  get stream(): Stream {
    return this.batch.stream;
  }

  add(documents: readonly NormalizedDocument[], rank?: number): void {
    for (const { id, doc } of documents) {
      if ((doc.event as { kind?: unknown } | undefined)?.kind === 'pipeline_error') this.failed += 1;
      if (this.batch.tenantId !== undefined) stampTenant(doc, this.batch.tenantId);
      this.docs.add(id, JSON.stringify(doc), rank);
    }
  }

  /** Maps a record of a message body; `false` if its text is not JSON (nothing is written then). */
  addRecord(text: string, rank: number): boolean {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return false;
    }
    this.add(normalizeParsed(this.stream, text, json, this.options), rank);
    return true;
  }

  mark(): { readonly docs: WriterMark; readonly failed: number } {
    return { docs: this.docs.mark(), failed: this.failed };
  }

  rollback(mark: ReturnType<BatchWriter['mark']>): void {
    this.docs.rollback(mark.docs);
    this.failed = mark.failed;
  }
}

/** Gives a document the tenant it came from, unless the record itself said (alerts, incidents). */
function stampTenant(doc: EcsDocument, tenantId: string): void {
  if (getPath(doc, 'cloud.account.id') === undefined) setPath(doc, 'cloud.account.id', tenantId);
}
