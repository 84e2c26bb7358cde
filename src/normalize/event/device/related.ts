import { promotionList } from '../../ecs/column-map.js';
import type { DeviceRecord } from './record.js';

/**
 * `related.*` as Elastic appends it (unique values, as sent: domains are not lower-cased, so
 * `NT AUTHORITY` and `nt authority` are both kept). Which groups a table gets follows Elastic's
 * documents: DeviceEvents rows, for one, list no hashes.
 */
const USERS = promotionList([
  ['AccountName', 'related.user', 'append'],
  ['InitiatingProcessAccountName', 'related.user', 'append'],
  ['RequestAccountName', 'related.user', 'append'],
  ['LoggedOnUsers', 'related.user', 'append'],
  ['AccountDomain', 'related.hosts', 'append'],
  ['InitiatingProcessAccountDomain', 'related.hosts', 'append'],
  ['RequestAccountDomain', 'related.hosts', 'append'],
]);

const HASHES = promotionList([
  ['MD5', 'related.hash', 'append'],
  ['SHA1', 'related.hash', 'append'],
  ['SHA256', 'related.hash', 'append'],
  ['InitiatingProcessMD5', 'related.hash', 'append'],
  ['InitiatingProcessSHA1', 'related.hash', 'append'],
  ['InitiatingProcessSHA256', 'related.hash', 'append'],
  ['IssuerHash', 'related.hash', 'append'],
  ['SignerHash', 'related.hash', 'append'],
]);

/** Only addresses that passed `convert type: ip` reach the converted columns. */
const IPS = promotionList([
  ['LocalIP', 'related.ip', 'append'],
  ['RemoteIP', 'related.ip', 'append'],
  ['PublicIP', 'related.ip', 'append'],
  ['IPv4Dhcp', 'related.ip', 'append'],
  ['IPv6Dhcp', 'related.ip', 'append'],
  ['RequestSourceIP', 'related.ip', 'append'],
  ['FileOriginIP', 'related.ip', 'append'],
]);

export function mapRelatedUsers(record: DeviceRecord): void {
  record.columns.promote(USERS);
}

export function mapRelatedHashes(record: DeviceRecord): void {
  record.columns.promote(HASHES);
}

export function mapRelatedIps(record: DeviceRecord): void {
  record.columns.promote(IPS);
}
