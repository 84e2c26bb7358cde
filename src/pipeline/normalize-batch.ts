import { DocumentBatchWriter, type DocumentBatch, type DocumentText } from '../buffer/document-batch.js';
import type { Stream } from '../core/stream.js';
import { normalizeLine, normalizeParsed } from '../normalize/index.js';
import { getPath, setPath } from '../normalize/ecs/object.js';
import type { EcsDocument, NormalizedDocument, NormalizeOptions } from '../normalize/types.js';
import { parsedMessageRecords, type MessageRecord } from '../sources/eventhubs/records.js';

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
  let failed = 0;
  const serialize = (documents: NormalizedDocument[]): DocumentText[] =>
    documents.map(({ id, doc }) => {
      if ((doc.event as { kind?: unknown } | undefined)?.kind === 'pipeline_error') failed += 1;
      if (batch.tenantId !== undefined) stampTenant(doc, batch.tenantId);
      return { id, body: JSON.stringify(doc) };
    });
  const docs = new DocumentBatchWriter();
  const add = (texts: readonly DocumentText[]) => {
    for (const { id, body } of texts) docs.add(id, body);
  };
  for (const record of batch.records) add(serialize(normalizeLine(batch.stream, record, options)));
  let records = batch.records.length;
  // Body by body: each is parsed once (its records' values go to the normalizer with their
  // texts), and only one body's parsed records are alive at a time. Parsing a whole batch first
  // keeps ten times more alive, which the young generation's collections then copy and promote:
  // more CPU in GC than grouping tables across bodies saves.
  for (const body of batch.messageBodies ?? []) {
    const bodyRecords = parsedMessageRecords(body);
    records += bodyRecords.length;
    const texts = byTable(bodyRecords, (record) =>
      serialize(record.json === undefined ? normalizeLine(batch.stream, record.text, options) : normalizeParsed(batch.stream, record.text, record.json, options)),
    );
    for (const recordTexts of texts) add(recordTexts);
  }
  return { docs: docs.finish(batch.stream), records, failed };
}

/**
 * Maps records table after table, and returns their documents in record order. A message mixes
 * Advanced Hunting tables; mapping and serializing one table's records one after the other keeps
 * V8's caches on one document shape instead of changing shape at every record (BENCHMARKS.md:
 * −3.5% of the connector's CPU with ~100-record messages). The order is stable within a table,
 * and the result is the same as record by record.
 */
function byTable<T>(records: readonly MessageRecord[], map: (record: MessageRecord) => T): T[] {
  const indexesByTable = new Map<unknown, number[]>();
  records.forEach((record, index) => {
    const table = tableOf(record.json);
    const indexes = indexesByTable.get(table);
    if (indexes === undefined) indexesByTable.set(table, [index]);
    else indexes.push(index);
  });
  const results = new Array<T>(records.length);
  for (const indexes of indexesByTable.values()) for (const index of indexes) results[index] = map(records[index]!);
  return results;
}

function tableOf(json: unknown): unknown {
  return typeof json === 'object' && json !== null ? (json as { category?: unknown }).category : undefined;
}

/** Gives a document the tenant it came from, unless the record itself said (alerts, incidents). */
function stampTenant(doc: EcsDocument, tenantId: string): void {
  if (getPath(doc, 'cloud.account.id') === undefined) setPath(doc, 'cloud.account.id', tenantId);
}
