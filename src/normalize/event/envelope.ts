import { parseTimestamp } from '../ecs/date.js';
import { newObject, setPath, type JsonObject } from '../ecs/object.js';

export const EVENT_ECS_VERSION = '8.11.0';
const CATEGORY_PREFIX = 'AdvancedHunting-';

export interface Envelope {
  /** The document, started with the envelope's fields. */
  readonly doc: JsonObject;
  /** The Advanced Hunting table, when the category names one. */
  readonly table: string | undefined;
}

/** The record envelope, common to every table: the document's first fields and the table name. */
export function mapEnvelope(record: JsonObject, properties: JsonObject, errors: string[]): Envelope {
  const category = record.category;
  const doc = usualEnvelope(record, properties) ?? anyEnvelope(record, properties, errors);
  if (typeof category !== 'string' || category.length === 0) {
    errors.push('Missing required field: category.');
    return { doc, table: undefined };
  }
  if (!category.startsWith(CATEGORY_PREFIX)) {
    errors.push(`The event category ${category} is not supported.`);
    return { doc, table: undefined };
  }
  return { doc, table: category.slice(CATEGORY_PREFIX.length) };
}

/**
 * Nearly every record has the same envelope: text in every field, valid times, no `Tenant`. Its
 * document is then created in one literal, with the key order anyEnvelope() gives it, instead
 * of eight path writes (a literal gets its final shape at once; adding properties one by one
 * through computed keys costs some 30-50 ns each). Undefined for any other envelope.
 */
function usualEnvelope(record: JsonObject, properties: JsonObject): JsonObject | undefined {
  const { category, operationName, Tenant: tenant, tenantId } = record;
  if (!nonEmptyText(category) || !nonEmptyText(operationName) || !nonEmptyText(tenantId) || !(tenant === undefined || nonEmptyText(tenant))) {
    return undefined;
  }
  const time = parseTimestamp(record.time);
  const timestamp = parseTimestamp(properties.Timestamp);
  if (time === undefined || timestamp === undefined) return undefined;
  const vendor =
    tenant === undefined
      ? { category, operation_name: operationName, tenant: { id: tenantId }, time, timestamp }
      : { category, operation_name: operationName, tenant: { name: tenant, id: tenantId }, time, timestamp };
  return { ecs: { version: EVENT_ECS_VERSION }, event: { kind: 'event' }, m365_defender: { event: vendor }, '@timestamp': timestamp };
}

function anyEnvelope(record: JsonObject, properties: JsonObject, errors: string[]): JsonObject {
  const doc = newObject();
  setPath(doc, 'ecs.version', EVENT_ECS_VERSION);
  setPath(doc, 'event.kind', 'event');
  setPath(doc, 'm365_defender.event.category', record.category);
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
  return doc;
}

function nonEmptyText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
