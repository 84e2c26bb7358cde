import { DUPLICATE, promotionList } from '../../ecs/column-map.js';
import { isPlainObject, setPath } from '../../ecs/object.js';
import { keyword, own } from '../../ecs/scalar.js';
import { uriParts } from '../../ecs/uri-parts.js';
import { VENDOR_PREFIX } from './columns.js';
import { DESTINATION, SOURCE, setEndpoint } from './endpoint.js';
import type { DeviceRecord } from './record.js';

/**
 * DeviceNetworkEvents. Zeek-style inspections carry `direction` ("In"/"Out") in AdditionalFields;
 * Elastic moves it to `network_direction` and orients the connection by it. Outbound and unknown
 * connections go from the local to the remote end; inbound ones from the remote end to the local
 * one — where Elastic's pipeline puts the *local* port on both sides, which is reproduced here so
 * that documents match what its users already query.
 */
const DIRECTIONS: ReadonlyMap<string, string> = new Map([
  ['In', 'inbound'],
  ['Out', 'outbound'],
]);

const PROTOCOL = promotionList([['Protocol', 'network.protocol', 'setLower', DUPLICATE]]);

export function mapNetworkEvent(record: DeviceRecord): void {
  const direction = takeDirection(record);
  setPath(record.doc, 'network.direction', direction);
  if (direction === 'inbound') {
    setEndpoint(record, SOURCE, 'RemoteIP', 'LocalPort');
    setEndpoint(record, DESTINATION, 'LocalIP', 'LocalPort');
  } else {
    mapConnection(record);
  }
  record.columns.promote(PROTOCOL);
  mapRemoteUrl(record);
}

/** The local end as source, the remote end as destination (DeviceEvents rows use this too). */
export function mapConnection(record: DeviceRecord): void {
  setEndpoint(record, SOURCE, 'LocalIP', 'LocalPort');
  setEndpoint(record, DESTINATION, 'RemoteIP', 'RemotePort');
}

/** `RemoteUrl` is often a bare host name; uri_parts then sees a relative path, as Elastic does. */
export function mapRemoteUrl(record: DeviceRecord): void {
  const url = record.columns.text('RemoteUrl');
  if (url === undefined) return;
  setPath(record.doc, 'url', uriParts(url));
  record.columns.markDuplicate('RemoteUrl');
}

function takeDirection(record: DeviceRecord): string {
  const additional = record.columns.get('AdditionalFields');
  const raw = keyword(own(additional, 'direction'));
  if (raw === undefined || !isPlainObject(additional)) return 'unknown';
  delete additional.direction;
  setPath(record.doc, `${VENDOR_PREFIX}.network_direction`, raw);
  return DIRECTIONS.get(raw) ?? 'unknown';
}
