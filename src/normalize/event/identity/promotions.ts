import { DUPLICATE, promotionList } from '../../ecs/column-map.js';

/**
 * Where pipeline_app_and_identity copies columns into ECS. `user.name`/`user.id` need a choice
 * between columns and are set in code (user.ts). The sign-in address is `host.ip` for the
 * identity tables and CloudAppEvents (Elastic enriches none of them with GeoIP), but `client.ip`
 * with GeoIP for the 5.11 cloud tables; CloudAuditEvents also lists it in `host.ip`.
 */
const COMMON = [
  ['ReportId', 'event.id', 'set', DUPLICATE],
  ['AccountDomain', 'user.domain', 'set', DUPLICATE],
  ['AccountDomain', 'related.hosts', 'append'],
  ['AccountUpn', 'related.user', 'append'],
] as const;

export const IDENTITY_PROMOTIONS = promotionList(COMMON, [
  ['IPAddress', 'host.ip', 'set', DUPLICATE],
  ['IPAddress', 'related.ip', 'append'],
  ['DeviceName', 'host.name', 'setLower', DUPLICATE],
  ['DeviceName', 'related.hosts', 'appendLower'],
  ['DeviceType', 'host.type', 'set', DUPLICATE],
  ['OSPlatform', 'host.os.name', 'set', DUPLICATE],
  ['DestinationIPAddress', 'destination.ip', 'set', DUPLICATE],
  ['DestinationIPAddress', 'related.ip', 'append'],
  ['DestinationPort', 'destination.port', 'set', DUPLICATE],
  ['TargetDeviceName', 'destination.domain', 'set'],
  ['Protocol', 'network.protocol', 'setLower'],
]);

export const CLOUD_AUDIT_PROMOTIONS = promotionList(COMMON, [
  ['IPAddress', 'client.ip', 'set', DUPLICATE],
  ['IPAddress', 'host.ip', 'append'],
  ['IPAddress', 'related.ip', 'append'],
]);

export const CLOUD_STORAGE_PROMOTIONS = promotionList(COMMON, [
  ['IpAddress', 'client.ip', 'set', DUPLICATE],
  ['IpAddress', 'related.ip', 'append'],
]);

/** IdentityInfo: the inventory row describes one account as the ECS user. */
export const IDENTITY_INFO_PROMOTIONS = promotionList([
  ['ReportId', 'event.id', 'set', DUPLICATE],
  ['AccountName', 'user.name', 'set', DUPLICATE],
  ['AccountDomain', 'user.domain', 'set', DUPLICATE],
  ['AccountObjectId', 'user.id', 'set', DUPLICATE],
  ['AccountDisplayName', 'user.full_name', 'set', DUPLICATE],
  ['EmailAddress', 'user.email', 'set', DUPLICATE],
  ['AssignedRoles', 'user.roles', 'set', DUPLICATE],
  ['AccountName', 'related.user', 'append'],
  ['AccountUpn', 'related.user', 'append'],
  ['AccountObjectId', 'related.user', 'append'],
  ['OnPremSid', 'related.user', 'append'],
  ['CloudSid', 'related.user', 'append'],
  ['EmailAddress', 'related.user', 'append'],
  ['AccountDomain', 'related.hosts', 'append'],
]);
