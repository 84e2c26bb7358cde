import { DUPLICATE, promotionList } from '../../ecs/column-map.js';

/**
 * Where pipeline_alert copies columns into ECS. `DUPLICATE` rows carry the column's whole value,
 * so its vendor copy goes unless duplicates are kept. The device id lands in `host.id`,
 * `device.id` and `cloud.instance.id` as Elastic does (3.4.0/3.7.0); the account domain counts
 * as a related host; the Entra object id (not the SID) is the related user.
 */
export const ALERT_PROMOTIONS = promotionList([
  ['AlertId', 'event.id', 'set', DUPLICATE],
  ['BehaviorId', 'event.id', 'set', DUPLICATE],
  ['Title', 'message', 'set', DUPLICATE],
  ['ServiceSource', 'event.provider', 'set', DUPLICATE],
  ['DeviceId', 'host.id', 'set', DUPLICATE],
  ['DeviceId', 'device.id', 'set'],
  ['DeviceId', 'cloud.instance.id', 'set'],
  ['DeviceId', 'related.hosts', 'append'],
  ['DeviceName', 'host.name', 'setLower', DUPLICATE],
  ['DeviceName', 'related.hosts', 'appendLower'],
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
