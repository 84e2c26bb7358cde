import { columnId, DUPLICATE, promotionList } from '../../ecs/column-map.js';
import { SOURCE, setEndpoint } from './endpoint.js';
import type { DeviceRecord } from './record.js';

/** DeviceLogonEvents: the remote end of a network logon is where the logon came from. */
const PROTOCOL = promotionList([['Protocol', 'network.protocol', 'setLower', DUPLICATE]]);

const REMOTE_IP = columnId('RemoteIP');
const REMOTE_PORT = columnId('RemotePort');

export function mapLogon(record: DeviceRecord): void {
  setEndpoint(record, SOURCE, REMOTE_IP, REMOTE_PORT);
  record.columns.promote(PROTOCOL);
}
