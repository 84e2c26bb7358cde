import { DocumentBatchWriter, type DocumentBatch } from '../buffer/document-batch.js';
import type { Stream } from '../core/stream.js';
import { normalizeLine, normalizeParsed } from '../normalize/index.js';
import { getPath, setPath } from '../normalize/ecs/object.js';
import type { EcsDocument, NormalizedDocument, NormalizeOptions } from '../normalize/types.js';
import { parsedMessageRecords } from '../sources/eventhubs/records.js';

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
  const docs = new DocumentBatchWriter();
  let failed = 0;
  const add = (documents: NormalizedDocument[]) => {
    for (const { id, doc } of documents) {
      if ((doc.event as { kind?: unknown } | undefined)?.kind === 'pipeline_error') failed += 1;
      if (batch.tenantId !== undefined) stampTenant(doc, batch.tenantId);
      docs.add(id, JSON.stringify(doc));
    }
  };
  let records = batch.records.length;
  for (const record of batch.records) add(normalizeLine(batch.stream, record, options));
  for (const body of batch.messageBodies ?? []) {
    // Each body is parsed once: its records' values go to the normalizer with their texts.
    for (const record of parsedMessageRecords(body)) {
      records += 1;
      add(record.json === undefined ? normalizeLine(batch.stream, record.text, options) : normalizeParsed(batch.stream, record.text, record.json, options));
    }
  }
  return { docs: docs.finish(batch.stream), records, failed };
}

/** Gives a document the tenant it came from, unless the record itself said (alerts, incidents). */
function stampTenant(doc: EcsDocument, tenantId: string): void {
  if (getPath(doc, 'cloud.account.id') === undefined) setPath(doc, 'cloud.account.id', tenantId);
}
