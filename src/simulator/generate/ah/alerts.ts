import { DETECTIONS, type Detection } from '../catalog/alerts.js';
import { HOSTILE_DOMAINS, HOSTILE_IPS } from '../catalog/places.js';
import { HOSTILE_PROGRAMS } from '../catalog/processes.js';
import { msTime } from '../time.js';
import { userAccount } from './columns.js';
import type { EventContext, TableBuilder } from './record.js';

/** Alert and behavior tables; severities and sources in Advanced Hunting's display form. */
function ahSeverity(detection: Detection): string {
  return detection.severity[0]!.toUpperCase() + detection.severity.slice(1);
}

function attackTechniques(detection: Detection): string {
  return JSON.stringify(detection.techniques.map(([name, id]) => `${name} (${id})`));
}

function alertId(context: EventContext, detection: Detection): string {
  const { rng } = context;
  return detection.product.idPrefix === 'da' ? `da${rng.digits(18)}_${rng.int(-2_000_000_000, 2_000_000_000)}` : `${detection.product.idPrefix}${rng.guid()}`;
}

export const alertInfo: TableBuilder = (context) => {
  const detection = context.rng.pick(DETECTIONS);
  return {
    Timestamp: msTime(context.timeMs, context.rng),
    AlertId: alertId(context, detection),
    Title: detection.title,
    Category: detection.category,
    Severity: ahSeverity(detection),
    ServiceSource: detection.product.productName,
    DetectionSource: detection.ahDetectionSource,
    AttackTechniques: attackTechniques(detection),
  };
};

/** One entity of an alert; the entity type decides which columns are filled. */
export const alertEvidence: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const detection = rng.pick(DETECTIONS);
  const device = rng.pick(tenant.devices);
  const user = device.primaryUser ?? rng.pick(tenant.users);
  const entityType = rng.pick(['Machine', 'User', 'File', 'Process', 'Ip', 'Url']);
  const tool = rng.pick(HOSTILE_PROGRAMS);
  const account = userAccount(tenant, user);
  const row: Record<string, unknown> = {
    Timestamp: msTime(context.timeMs, rng),
    AlertId: alertId(context, detection),
    Title: detection.title,
    Categories: JSON.stringify([detection.category]),
    AttackTechniques: attackTechniques(detection),
    ServiceSource: detection.product.productName,
    DetectionSource: detection.ahDetectionSource,
    EntityType: entityType,
    EvidenceRole: entityType === 'Machine' || entityType === 'User' ? 'Impacted' : 'Related',
    EvidenceDirection: null,
    Severity: ahSeverity(detection),
    DeviceId: device.id,
    DeviceName: device.fqdn,
    AdditionalFields: JSON.stringify({ MachineGroup: device.machineGroup }),
  };
  if (entityType === 'User') Object.assign(row, { AccountName: account.name, AccountDomain: account.domain, AccountSid: account.sid, AccountObjectId: account.objectId, AccountUpn: account.upn, DeviceId: null, DeviceName: null });
  if (entityType === 'File' || entityType === 'Process') Object.assign(row, { FileName: tool.fileName, FolderPath: tool.folderPath, SHA1: tool.sha1, SHA256: tool.sha256, FileSize: tool.fileSize, ThreatFamily: detection.threatFamilyName });
  if (entityType === 'Process') Object.assign(row, { ProcessCommandLine: tool.commandLines[0], AccountName: account.name, AccountDomain: account.domain, AccountUpn: account.upn });
  if (entityType === 'Machine') Object.assign(row, { LocalIP: device.localIp });
  if (entityType === 'Ip') Object.assign(row, { RemoteIP: rng.pick(HOSTILE_IPS), DeviceId: null, DeviceName: null });
  if (entityType === 'Url') Object.assign(row, { RemoteUrl: `https://${rng.pick(HOSTILE_DOMAINS)}/a/x64.bin`, DeviceId: null, DeviceName: null });
  return row;
};

export const behaviorInfo: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const device = rng.pick(tenant.devices);
  const user = device.primaryUser ?? rng.pick(tenant.users);
  const detection = rng.pick(DETECTIONS);
  return {
    Timestamp: msTime(context.timeMs, rng),
    BehaviorId: `ba${rng.hex(32)}`,
    ActionType: detection.title.replace(/[^A-Za-z]/g, ''),
    Description: detection.description,
    Categories: JSON.stringify([detection.category]),
    AttackTechniques: attackTechniques(detection),
    ServiceSource: detection.product.productName,
    DetectionSource: detection.ahDetectionSource,
    DataSources: JSON.stringify([detection.product.productName]),
    DeviceId: device.id,
    AccountUpn: user.upn,
    AccountObjectId: user.objectId,
    StartTime: msTime(context.timeMs - rng.int(60_000, 3_600_000), rng),
    EndTime: msTime(context.timeMs - rng.int(0, 60_000), rng),
    AdditionalFields: null,
  };
};

export const behaviorEntities: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const device = rng.pick(tenant.devices);
  const tool = rng.pick(HOSTILE_PROGRAMS);
  const detection = rng.pick(DETECTIONS);
  return {
    Timestamp: msTime(context.timeMs, rng),
    BehaviorId: `ba${rng.hex(32)}`,
    ActionType: detection.title.replace(/[^A-Za-z]/g, ''),
    Categories: JSON.stringify([detection.category]),
    ServiceSource: detection.product.productName,
    DetectionSource: detection.ahDetectionSource,
    DataSources: JSON.stringify([detection.product.productName]),
    EntityType: 'Process',
    EntityRole: 'Related',
    DetailedEntityRole: 'ChildProcess',
    FileName: tool.fileName,
    FolderPath: tool.folderPath,
    SHA1: tool.sha1,
    SHA256: tool.sha256,
    FileSize: tool.fileSize,
    ProcessCommandLine: tool.commandLines[0],
    DeviceId: device.id,
    DeviceName: device.fqdn,
    LocalIP: device.localIp,
    RemoteIP: rng.pick(HOSTILE_IPS),
    AdditionalFields: null,
  };
};
