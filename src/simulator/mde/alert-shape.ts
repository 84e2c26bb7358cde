import type { GraphAlert } from '../generate/graph/alert.js';
import type { Tenant } from '../generate/tenant.js';

/**
 * The Defender for Endpoint `/api/alerts` view of a Graph alert whose serviceSource is Endpoint:
 * same id, same update time, MDE's own field names and PascalCase enum values.
 */
export function mdeAlert(alert: GraphAlert, tenant: Tenant, withEvidence: boolean): Record<string, unknown> {
  const evidence = Array.isArray(alert.evidence) ? (alert.evidence as Record<string, unknown>[]) : [];
  const deviceEvidence = evidence.find((item) => item['@odata.type'] === '#microsoft.graph.security.deviceEvidence');
  const machineId = String(deviceEvidence?.mdeDeviceId ?? evidence.find((item) => typeof item.mdeDeviceId === 'string')?.mdeDeviceId ?? '') || null;
  const device = tenant.devices.find((candidate) => candidate.id === machineId);
  const account = evidence.map((item) => item.userAccount as Record<string, unknown> | undefined).find((user) => user !== undefined && user !== null);
  const out: Record<string, unknown> = {
    id: alert.id,
    incidentId: Number(alert.incidentId),
    investigationId: alert.investigationState === 'unknown' ? null : investigationNumber(String(alert.id)),
    assignedTo: alert.assignedTo ?? null,
    severity: pascal(alert.severity),
    status: pascal(alert.status),
    classification: alert.classification ? pascal(alert.classification) : null,
    determination: alert.determination ? pascal(alert.determination) : null,
    investigationState: pascal(alert.investigationState ?? 'unknown'),
    detectionSource: DETECTION_SOURCES[String(alert.detectionSource)] ?? pascal(alert.detectionSource),
    detectorId: alert.detectorId ?? null,
    category: alert.category ?? null,
    threatFamilyName: alert.threatFamilyName ?? null,
    threatName: alert.threatDisplayName ?? null,
    title: alert.title,
    description: alert.description,
    alertCreationTime: alert.createdDateTime,
    firstEventTime: alert.firstActivityDateTime,
    lastEventTime: alert.lastActivityDateTime,
    lastUpdateTime: alert.lastUpdateDateTime,
    resolvedTime: alert.resolvedDateTime ?? null,
    machineId,
    computerDnsName: device?.fqdn ?? deviceEvidence?.deviceDnsName ?? null,
    rbacGroupName: device?.machineGroup ?? null,
    aadTenantId: tenant.id,
    relatedUser: account ? { userName: account.accountName ?? null, domainName: account.domainName ?? null } : null,
    comments: (Array.isArray(alert.comments) ? (alert.comments as Record<string, unknown>[]) : []).map((comment) => ({
      comment: comment.comment,
      createdBy: comment.createdByDisplayName,
      createdTime: comment.createdDateTime,
    })),
    mitreTechniques: alert.mitreTechniques ?? [],
  };
  if (withEvidence) out.evidence = evidence.map((item) => mdeEvidence(item, String(alert.createdDateTime))).filter((item) => item !== undefined);
  return out;
}

const DETECTION_SOURCES: Readonly<Record<string, string>> = {
  microsoftDefenderForEndpoint: 'WindowsDefenderAtp',
  antivirus: 'WindowsDefenderAv',
  smartScreen: 'WindowsDefenderSmartScreen',
  customTi: 'CustomerTI',
  automatedInvestigation: 'AutomatedInvestigation',
  customDetection: 'CustomDetection',
};

function pascal(value: unknown): string {
  const text = String(value ?? '');
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

/** MDE investigation ids are integers; derive a stable one from the alert id. */
function investigationNumber(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (Math.imul(hash, 31) + id.charCodeAt(i)) | 0;
  return Math.abs(hash) % 100_000;
}

const ENTITY_TYPES: Readonly<Record<string, string>> = {
  processEvidence: 'Process',
  fileEvidence: 'File',
  userEvidence: 'User',
  ipEvidence: 'Ip',
  urlEvidence: 'Url',
  registryValueEvidence: 'Registry',
};

/** MDE alert evidence: one flat object per entity, every column present (null when it does not apply). */
function mdeEvidence(item: Record<string, unknown>, alertCreated: string): Record<string, unknown> | undefined {
  const type = String(item['@odata.type'] ?? '').replace('#microsoft.graph.security.', '');
  const entityType = ENTITY_TYPES[type];
  if (!entityType) return undefined;
  const file = (item.fileDetails ?? item.imageFile) as Record<string, unknown> | undefined;
  const parent = item.parentProcessImageFile as Record<string, unknown> | undefined;
  const user = item.userAccount as Record<string, unknown> | undefined;
  return {
    entityType,
    evidenceCreationTime: item.createdDateTime ?? alertCreated,
    sha1: file?.sha1 ?? null,
    sha256: file?.sha256 ?? null,
    fileName: file?.fileName ?? null,
    filePath: file?.filePath ?? null,
    processId: item.processId ?? null,
    processCommandLine: item.processCommandLine ?? null,
    processCreationTime: item.processCreationDateTime ?? null,
    parentProcessId: item.parentProcessId ?? null,
    parentProcessCreationTime: item.parentProcessCreationDateTime ?? null,
    parentProcessFileName: parent?.fileName ?? null,
    parentProcessFilePath: parent?.filePath ?? null,
    ipAddress: item.ipAddress ?? null,
    url: item.url ?? null,
    registryKey: item.registryKey ?? null,
    registryHive: item.registryHive ?? null,
    registryValueType: item.registryValueType ?? null,
    registryValue: item.registryValue ?? null,
    registryValueName: item.registryValueName ?? null,
    accountName: user?.accountName ?? null,
    domainName: user?.domainName ?? null,
    userSid: user?.userSid ?? null,
    aadUserId: user?.azureAdUserId ?? null,
    userPrincipalName: user?.userPrincipalName ?? null,
    detectionStatus: item.detectionStatus ? String(item.detectionStatus)[0]!.toUpperCase() + String(item.detectionStatus).slice(1) : null,
  };
}
