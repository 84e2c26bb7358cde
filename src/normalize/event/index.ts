import { startWatch } from '../ecs/empty-watch.js';
import { fingerprintText } from '../ecs/fingerprint.js';
import { isPlainObject, newObject } from '../ecs/object.js';
import { finishDocument } from '../finish.js';
import type { NormalizedDocument, NormalizeOptions, RawInput } from '../types.js';
import type { EventRecordContext } from './context.js';
import { mapEnvelope } from './envelope.js';
import { tableNormalizer } from './tables.js';

export { EVENT_ECS_VERSION } from './envelope.js';

/**
 * The event stream: Advanced Hunting records from the Streaming API. A line is either one record
 * (what Elastic's azure-eventhub input hands to its pipeline) or a whole Event Hub message body
 * `{"records": [...]}`, which yields one document per record, in order.
 */
export function normalizeEvent(input: RawInput, options: NormalizeOptions): NormalizedDocument[] {
  const { json } = input;
  if (isPlainObject(json) && Array.isArray(json.records) && json.category === undefined) {
    return json.records.map((record) => normalizeEventRecord({ original: JSON.stringify(record), json: record }, options));
  }
  return [normalizeEventRecord(input, options)];
}

function normalizeEventRecord(input: RawInput, options: NormalizeOptions): NormalizedDocument {
  startWatch();
  const errors: string[] = [];
  // The parsed record is ours (parsed for this call): handlers read it in place, no copy.
  const record = isPlainObject(input.json) ? input.json : newObject();
  if (!isPlainObject(input.json)) errors.push('the record is not a JSON object');
  const properties = isPlainObject(record.properties) ? record.properties : newObject();
  const { doc, table } = mapEnvelope(record, properties, errors);

  if (table !== undefined) {
    const normalizeTable = tableNormalizer(table);
    if (normalizeTable) {
      const context: EventRecordContext = { table, record, properties, doc, options, errors, original: input.original };
      normalizeTable(context);
    } else {
      errors.push(`The event category ${String(record.category)} is not supported.`);
    }
  }

  // Elastic does not fingerprint Event Hub records; the record's text is its identity, so an
  // Event Hub redelivery or a replay after a crash overwrites instead of duplicating.
  const id = fingerprintText(input.original);
  return { id, doc: finishDocument(doc, input.original, errors, options, true) };
}
