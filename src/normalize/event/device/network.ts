import { columnId, DUPLICATE, promotionList } from '../../ecs/column-map.js';
import { fieldPath, setField } from '../../ecs/field-path.js';
import { isPlainObject } from '../../ecs/object.js';
import { keyword, own } from '../../ecs/scalar.js';
import { uriParts } from '../../ecs/uri-parts.js';
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

const LOCAL_IP = columnId('LocalIP');
const LOCAL_PORT = columnId('LocalPort');
const REMOTE_IP = columnId('RemoteIP');
const REMOTE_PORT = columnId('RemotePort');
const REMOTE_URL = columnId('RemoteUrl');
const ADDITIONAL_FIELDS = columnId('AdditionalFields');
const NETWORK_DIRECTION = fieldPath('network_direction');
const ECS_NETWORK_DIRECTION = fieldPath('network.direction');
const URL = fieldPath('url');

const PROTOCOL = promotionList([['Protocol', 'network.protocol', 'setLower', DUPLICATE]]);

export function mapNetworkEvent(record: DeviceRecord): void {
  const direction = takeDirection(record);
  setField(record.doc, ECS_NETWORK_DIRECTION, direction);
  if (direction === 'inbound') {
    setEndpoint(record, SOURCE, REMOTE_IP, LOCAL_PORT);
    setEndpoint(record, DESTINATION, LOCAL_IP, LOCAL_PORT);
  } else {
    mapConnection(record);
  }
  record.columns.promote(PROTOCOL);
  mapRemoteUrl(record);
}

/** The local end as source, the remote end as destination (DeviceEvents rows use this too). */
export function mapConnection(record: DeviceRecord): void {
  setEndpoint(record, SOURCE, LOCAL_IP, LOCAL_PORT);
  setEndpoint(record, DESTINATION, REMOTE_IP, REMOTE_PORT);
}

/** `RemoteUrl` is often a bare host name; uri_parts then sees a relative path, as Elastic does. */
export function mapRemoteUrl(record: DeviceRecord): void {
  const url = record.columns.text(REMOTE_URL);
  if (url === undefined) return;
  setField(record.doc, URL, uriParts(url));
  record.columns.markDuplicate(REMOTE_URL);
}

function takeDirection(record: DeviceRecord): string {
  const additional = record.columns.get(ADDITIONAL_FIELDS);
  const raw = keyword(own(additional, 'direction'));
  if (raw === undefined || !isPlainObject(additional)) return 'unknown';
  delete additional.direction;
  record.columns.addVendor(NETWORK_DIRECTION, raw);
  return DIRECTIONS.get(raw) ?? 'unknown';
}
