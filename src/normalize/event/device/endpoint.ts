import type { ColumnId } from '../../ecs/column-map.js';
import { fieldPath, setField, type FieldPath } from '../../ecs/field-path.js';
import { cloneJson, setPath } from '../../ecs/object.js';
import type { DeviceRecord } from './record.js';

/**
 * One side of a connection (`source` or `destination`): address, port and, when GeoIP databases
 * are configured, the geo fields Elasticsearch's geoip processor adds. Addresses were validated
 * by the column conversion, so `-` or host names never get here.
 */
export interface Side {
  readonly ip: FieldPath;
  readonly port: FieldPath;
  readonly geo: string;
}

export const SOURCE: Side = { ip: fieldPath('source.ip'), port: fieldPath('source.port'), geo: 'source.geo' };
export const DESTINATION: Side = { ip: fieldPath('destination.ip'), port: fieldPath('destination.port'), geo: 'destination.geo' };

export function setEndpoint(record: DeviceRecord, side: Side, ipColumn: ColumnId, portColumn: ColumnId): void {
  const { columns, doc } = record;
  const ip = columns.get(ipColumn);
  if (typeof ip === 'string') {
    setField(doc, side.ip, ip);
    setGeo(record, side.geo, ip);
    columns.markDuplicate(ipColumn);
  }
  const port = columns.get(portColumn);
  if (typeof port === 'number') {
    setField(doc, side.port, port);
    columns.markDuplicate(portColumn);
  }
}

/**
 * City database only: Elastic's device pipeline adds no `*.as.*` (its documents have none even for
 * 89.160.20.112, which the ASN test database knows), unlike ecs/geo-enrich.ts's pair of lookups.
 */
export function setGeo(record: DeviceRecord, path: string, ip: string): void {
  const geo = record.context.options.geo?.geo(ip);
  if (geo) setPath(record.doc, path, cloneJson(geo));
}
