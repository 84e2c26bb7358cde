import { DUPLICATE, promotionList, type Promotion } from '../../ecs/column-map.js';
import type { DeviceRecord } from './record.js';

/**
 * `user.*` names the account the row is about, which differs by table: the account of the
 * created process or logon (Account* columns), the remote requester of a file operation
 * (Request* columns), or the initiating process's account (image loads, registry changes).
 * Network rows name no user in Elastic's documents, only `related.user`.
 */
function userFrom(name: string, domain: string, sid: string): readonly Promotion[] {
  return promotionList([
    [name, 'user.name', 'set', DUPLICATE],
    [domain, 'user.domain', 'set', DUPLICATE],
    [sid, 'user.id', 'set', DUPLICATE],
  ]);
}

const ACCOUNT = userFrom('AccountName', 'AccountDomain', 'AccountSid');
const REQUEST = userFrom('RequestAccountName', 'RequestAccountDomain', 'RequestAccountSid');
const INITIATOR = userFrom('InitiatingProcessAccountName', 'InitiatingProcessAccountDomain', 'InitiatingProcessAccountSid');

export function mapAccountUser(record: DeviceRecord): void {
  record.columns.promote(ACCOUNT);
}

export function mapRequestUser(record: DeviceRecord): void {
  record.columns.promote(REQUEST);
}

export function mapInitiatorUser(record: DeviceRecord): void {
  record.columns.promote(INITIATOR);
}
