import { startWatch } from '../ecs/empty-watch.js';
import { fingerprintText } from '../ecs/fingerprint.js';
import { isPlainObject, newObject, setPath, type JsonObject } from '../ecs/object.js';
import { parseTimestamp } from '../ecs/date.js';
import { finishDocument } from '../finish.js';
import type { NormalizedDocument, NormalizeOptions, RawInput } from '../types.js';
import type { EventRecordContext } from './context.js';
import { tableNormalizer } from './tables.js';

export const EVENT_ECS_VERSION = '8.11.0';
const CATEGORY_PREFIX = 'AdvancedHunting-';

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
  const doc = newObject();
  const errors: string[] = [];
  // The parsed record is ours (parsed for this call): handlers read it in place, no copy.
  const record = isPlainObject(input.json) ? input.json : newObject();
  if (!isPlainObject(input.json)) errors.push('the record is not a JSON object');
  const properties = isPlainObject(record.properties) ? record.properties : newObject();

  setPath(doc, 'ecs.version', EVENT_ECS_VERSION);
  setPath(doc, 'event.kind', 'event');
  const table = mapEnvelope(record, properties, doc, errors);

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

/** The record envelope, common to every table; returns the table name when the category is usable. */
function mapEnvelope(record: JsonObject, properties: JsonObject, doc: JsonObject, errors: string[]): string | undefined {
  const category = record.category;
  setPath(doc, 'm365_defender.event.category', category);
  setPath(doc, 'm365_defender.event.operation_name', record.operationName);
  setPath(doc, 'm365_defender.event.tenant.name', record.Tenant);
  setPath(doc, 'm365_defender.event.tenant.id', record.tenantId);
  setPath(doc, 'm365_defender.event.time', parseTimestamp(record.time) ?? record.time);
  const timestamp = parseTimestamp(properties.Timestamp);
  if (timestamp) {
    setPath(doc, 'm365_defender.event.timestamp', timestamp);
    setPath(doc, '@timestamp', timestamp);
  } else if (properties.Timestamp !== undefined && properties.Timestamp !== null) {
    errors.push(`properties.Timestamp is not an ISO 8601 timestamp: ${JSON.stringify(properties.Timestamp).slice(0, 100)}`);
  }
  if (typeof category !== 'string' || category.length === 0) {
    errors.push('Missing required field: category.');
    return undefined;
  }
  if (!category.startsWith(CATEGORY_PREFIX)) {
    errors.push(`The event category ${category} is not supported.`);
    return undefined;
  }
  return category.slice(CATEGORY_PREFIX.length);
}
