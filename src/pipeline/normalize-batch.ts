import type { NewDocument } from '../buffer/durable-buffer.js';
import type { Stream } from '../core/stream.js';
import { normalizeLine } from '../normalize/index.js';
import { getPath, setPath } from '../normalize/ecs/object.js';
import type { EcsDocument, NormalizeOptions } from '../normalize/types.js';
import { messageRecords } from '../sources/eventhubs/records.js';

/** What a batch becomes: plain data, so that it can come back from a normalizer thread. */
export interface RawBatch {
  readonly stream: Stream;
  readonly records: readonly string[];
  /** Event Hubs message bodies to split into records first (see SourceBatch.messageBodies). */
  readonly messageBodies?: readonly Uint8Array[] | undefined;
  readonly tenantId?: string | undefined;
}

export interface NormalizedBatch {
  readonly docs: NewDocument[];
  /** Raw records read (message bodies split). */
  readonly records: number;
  /** Documents that are pipeline_error documents. */
  readonly failed: number;
}

/** The documents of a batch, in record order, serialized as the buffer stores them. */
export function normalizeBatch(batch: RawBatch, options: NormalizeOptions): NormalizedBatch {
  const records = batch.messageBodies === undefined ? batch.records : [...batch.records, ...batch.messageBodies.flatMap((body) => messageRecords(body))];
  const docs: NewDocument[] = [];
  let failed = 0;
  for (const record of records) {
    for (const { id, doc } of normalizeLine(batch.stream, record, options)) {
      if ((doc.event as { kind?: unknown } | undefined)?.kind === 'pipeline_error') failed += 1;
      if (batch.tenantId !== undefined) stampTenant(doc, batch.tenantId);
      docs.push({ id, stream: batch.stream, body: JSON.stringify(doc) });
    }
  }
  return { docs, records: records.length, failed };
}

/** Gives a document the tenant it came from, unless the record itself said (alerts, incidents). */
function stampTenant(doc: EcsDocument, tenantId: string): void {
  if (getPath(doc, 'cloud.account.id') === undefined) setPath(doc, 'cloud.account.id', tenantId);
}
