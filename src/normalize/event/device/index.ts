import { columnId } from '../../ecs/column-map.js';
import { ColumnValues } from '../../ecs/column-values.js';
import type { EventRecordContext } from '../context.js';
import { classify } from './classify.js';
import { mapCloudProcess } from './cloud-process.js';
import { DEVICE_COLUMNS } from './columns.js';
import { mapDeviceInfo } from './device-info.js';
import { mapDns } from './dns.js';
import { mapFileCertificate } from './file-certificate.js';
import { mapFileEvent, mapImageLoad } from './file.js';
import { isPosixRecord, mapHost } from './host.js';
import { mapLogon } from './logon.js';
import { mapNetworkInfo } from './network-info.js';
import { mapConnection, mapNetworkEvent, mapRemoteUrl } from './network.js';
import { mapCreatedProcess, mapInitiatingProcess, mapIntegrityLevel } from './process.js';
import type { DeviceRecord, DeviceStep } from './record.js';
import { mapRegistry } from './registry.js';
import { mapRelatedHashes, mapRelatedIps, mapRelatedUsers } from './related.js';
import { mapAccountUser, mapInitiatorUser, mapRequestUser } from './user.js';

/**
 * Elastic's `pipeline_device`: the Device* Advanced Hunting tables and CloudProcessEvents. Every
 * column is converted (one pass over the record's keys, see columns.ts); the table's steps promote
 * values to ECS; then the columns are written to `m365_defender.event.*`, without the copies the
 * steps made duplicates. The step lists are the whole difference between tables, so they read as
 * the table of what each row is about.
 */
const STEPS: ReadonlyMap<string, readonly DeviceStep[]> = new Map<string, readonly DeviceStep[]>([
  ['DeviceEvents', [mapHost, classify, mapCreatedProcess, mapAccountUser, mapConnection, mapRemoteUrl, mapRegistry, mapRelatedUsers, mapRelatedIps]],
  ['DeviceFileCertificateInfo', [mapHost, classify, mapFileCertificate, mapRelatedHashes]],
  ['DeviceFileEvents', [mapHost, classify, mapInitiatingProcess, mapFileEvent, mapRequestUser, mapRelatedUsers, mapRelatedHashes, mapRelatedIps]],
  ['DeviceImageLoadEvents', [mapHost, classify, mapInitiatingProcess, mapIntegrityLevel, mapImageLoad, mapInitiatorUser, mapRelatedUsers, mapRelatedHashes]],
  ['DeviceInfo', [mapHost, classify, mapDeviceInfo, mapRelatedUsers, mapRelatedIps]],
  ['DeviceLogonEvents', [mapHost, classify, mapInitiatingProcess, mapLogon, mapAccountUser, mapRelatedUsers, mapRelatedHashes, mapRelatedIps]],
  ['DeviceNetworkEvents', [mapHost, classify, mapInitiatingProcess, mapNetworkEvent, mapDns, mapRelatedUsers, mapRelatedHashes, mapRelatedIps]],
  ['DeviceNetworkInfo', [mapHost, classify, mapNetworkInfo, mapRelatedIps]],
  ['DeviceProcessEvents', [mapHost, classify, mapCreatedProcess, mapIntegrityLevel, mapAccountUser, mapRelatedUsers, mapRelatedHashes]],
  ['DeviceRegistryEvents', [mapHost, classify, mapInitiatingProcess, mapRegistry, mapInitiatorUser, mapRelatedUsers, mapRelatedHashes]],
  ['CloudProcessEvents', [classify, mapCloudProcess, mapAccountUser, mapRelatedUsers]],
]);

const ADDITIONAL_FIELDS = columnId('AdditionalFields');

export function normalizeDeviceTable(context: EventRecordContext): void {
  const steps = STEPS.get(context.table);
  if (steps === undefined) return;
  const columns = new ColumnValues(DEVICE_COLUMNS, context.properties, context.doc, context.errors, context.original);
  const record: DeviceRecord = { context, doc: context.doc, columns, unix: isPosixRecord(columns.get(ADDITIONAL_FIELDS)) };
  for (const step of steps) step(record);
  columns.writeVendor(context.options.preserveDuplicateCustomFields);
}
