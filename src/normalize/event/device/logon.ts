import { DUPLICATE, promotionList } from '../../ecs/column-map.js';
import { SOURCE, setEndpoint } from './endpoint.js';
import type { DeviceRecord } from './record.js';

/** DeviceLogonEvents: the remote end of a network logon is where the logon came from. */
const PROTOCOL = promotionList([['Protocol', 'network.protocol', 'setLower', DUPLICATE]]);

export function mapLogon(record: DeviceRecord): void {
  setEndpoint(record, SOURCE, 'RemoteIP', 'RemotePort');
  record.columns.promote(PROTOCOL);
}
