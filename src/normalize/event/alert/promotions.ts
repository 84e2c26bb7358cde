import { DUPLICATE, promotionList, type PromotionRow } from '../../ecs/column-map.js';

/**
 * The machine of a row, shared by every table that carries DeviceId/DeviceName: `device.id`
 * (3.7.0) and `cloud.instance.id` (3.4.0) repeat the id for Elastic's cross-integration views,
 * so only `host.id` and `host.name` make the vendor copies duplicates.
 */
export const MACHINE_ROWS: readonly PromotionRow[] = [
  ['DeviceId', 'host.id', 'set', DUPLICATE],
  ['DeviceId', 'device.id', 'set'],
  ['DeviceId', 'cloud.instance.id', 'set'],
  ['DeviceId', 'related.hosts', 'append'],
  ['DeviceName', 'host.name', 'setLower', DUPLICATE],
  ['DeviceName', 'related.hosts', 'appendLower'],
];

/**
 * Where pipeline_alert copies columns into ECS. `DUPLICATE` rows carry the column's whole value,
 * so its vendor copy goes unless duplicates are kept. The account domain counts as a related
 * host; the Entra object id (not the SID) is the related user.
 */
export const ALERT_PROMOTIONS = promotionList(MACHINE_ROWS, [
  ['AlertId', 'event.id', 'set', DUPLICATE],
  ['BehaviorId', 'event.id', 'set', DUPLICATE],
  ['Title', 'message', 'set', DUPLICATE],
  ['ServiceSource', 'event.provider', 'set', DUPLICATE],
  ['AccountName', 'user.name', 'set', DUPLICATE],
  ['AccountName', 'related.user', 'append'],
  ['AccountDomain', 'user.domain', 'set', DUPLICATE],
  ['AccountDomain', 'related.hosts', 'append'],
  ['AccountSid', 'user.id', 'set', DUPLICATE],
  ['AccountObjectId', 'related.user', 'append'],
  ['FileName', 'file.name', 'set', DUPLICATE],
  ['FileSize', 'file.size', 'set', DUPLICATE],
  ['FolderPath', 'file.directory', 'set', DUPLICATE],
  ['SHA1', 'file.hash.sha1', 'set', DUPLICATE],
  ['SHA1', 'related.hash', 'append'],
  ['SHA256', 'file.hash.sha256', 'set', DUPLICATE],
  ['SHA256', 'related.hash', 'append'],
  ['LocalIP', 'source.ip', 'set', DUPLICATE],
  ['LocalIP', 'related.ip', 'append'],
  ['RemoteIP', 'destination.ip', 'set', DUPLICATE],
  ['RemoteIP', 'related.ip', 'append'],
  ['RemoteUrl', 'event.reference', 'set', DUPLICATE],
  ['NetworkMessageId', 'email.message_id', 'set', DUPLICATE],
  ['EmailSubject', 'email.subject', 'set', DUPLICATE],
  ['Application', 'application.name', 'set', DUPLICATE],
  ['RegistryKey', 'registry.key', 'set', DUPLICATE],
  ['RegistryValueData', 'registry.data.strings', 'append', DUPLICATE],
  ['CloudPlatform', 'cloud.provider', 'set', DUPLICATE],
]);
