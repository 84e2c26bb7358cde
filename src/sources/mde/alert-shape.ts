/**
 * Defender for Endpoint alerts (`/api/alerts`, the API Microsoft's SIEM guide still names) in the
 * shape of Graph `alerts_v2`, so they normalize exactly like the alerts Elastic's pipeline knows
 * (same ECS fields, same document id for the same alert version: MDE and Graph share alert ids).
 * Source-side reshaping between two Microsoft shapes, not ECS: the normalizer stays the one
 * source of truth for the mapping. Unknown values pass through in Graph's camelCase.
 */
type Json = Record<string, unknown>;

const STATUS: Readonly<Record<string, string>> = { New: 'new', InProgress: 'inProgress', Resolved: 'resolved' };
const CLASSIFICATION: Readonly<Record<string, string>> = {
  TruePositive: 'truePositive',
  FalsePositive: 'falsePositive',
  InformationalExpectedActivity: 'informationalExpectedActivity',
  Informational: 'informationalExpectedActivity',
};
const DETECTION_SOURCE: Readonly<Record<string, string>> = {
  WindowsDefenderAtp: 'microsoftDefenderForEndpoint',
  WindowsDefenderAv: 'antivirus',
  WindowsDefenderSmartScreen: 'smartScreen',
  CustomerTI: 'customTi',
  CustomDetection: 'customDetection',
  AutomatedInvestigation: 'automatedInvestigation',
  MTP: 'microsoft365Defender',
};
const EVIDENCE_TYPE: Readonly<Record<string, string>> = {
  File: 'fileEvidence',
  Process: 'processEvidence',
  User: 'userEvidence',
  Ip: 'ipEvidence',
  Url: 'urlEvidence',
  RegistryKey: 'registryKeyEvidence',
  RegistryValue: 'registryValueEvidence',
};

export function mdeAlertAsGraphAlert(mde: Json): Json {
  const id = mde.id;
  const alert: Json = {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    // Graph's providerAlertId is the MDE id without its `da` prefix; with the same id, update time
    // and incident, the document id (Elastic's fingerprint of those) matches Graph's for the alert.
    providerAlertId: typeof id === 'string' ? id.replace(/^da/, '') : id,
    incidentId: mde.incidentId === null || mde.incidentId === undefined ? null : String(mde.incidentId),
    status: enumValue(mde.status, STATUS),
    severity: typeof mde.severity === 'string' ? (mde.severity === 'UnSpecified' ? 'unknown' : lowerFirst(mde.severity)) : mde.severity,
    classification: mde.classification === null || mde.classification === undefined ? null : enumValue(mde.classification, CLASSIFICATION),
    determination: typeof mde.determination === 'string' ? lowerFirst(mde.determination) : (mde.determination ?? null),
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: enumValue(mde.detectionSource, DETECTION_SOURCE),
    productName: 'Microsoft Defender for Endpoint',
    detectorId: mde.detectorId,
    tenantId: mde.aadTenantId,
    title: mde.title,
    description: mde.description,
    recommendedActions: mde.recommendedAction,
    category: mde.category,
    assignedTo: mde.assignedTo ?? null,
    alertWebUrl: typeof id === 'string' ? `https://security.microsoft.com/alerts/${encodeURIComponent(id)}` : undefined,
    incidentWebUrl: mde.incidentId === null || mde.incidentId === undefined ? undefined : `https://security.microsoft.com/incidents/${String(mde.incidentId)}`,
    actorDisplayName: mde.actorName ?? null,
    threatDisplayName: mde.threatName ?? null,
    threatFamilyName: mde.threatFamilyName ?? null,
    mitreTechniques: Array.isArray(mde.mitreTechniques) ? mde.mitreTechniques : [],
    createdDateTime: mde.alertCreationTime,
    lastUpdateDateTime: mde.lastUpdateTime,
    resolvedDateTime: mde.resolvedTime ?? null,
    firstActivityDateTime: mde.firstEventTime,
    lastActivityDateTime: mde.lastEventTime,
    comments: Array.isArray(mde.comments) ? mde.comments.map(comment) : [],
    evidence: evidence(mde),
  };
  for (const key of Object.keys(alert)) if (alert[key] === undefined) delete alert[key];
  return alert;
}

function comment(value: unknown): unknown {
  if (!isJson(value)) return value;
  return { comment: value.comment, createdByDisplayName: value.createdBy, createdDateTime: value.createdTime };
}

/** The alert's device first (MDE names it on the alert itself), then each evidence entity. */
function evidence(mde: Json): unknown[] {
  const items: unknown[] = [];
  if (typeof mde.machineId === 'string') {
    items.push({
      '@odata.type': '#microsoft.graph.security.deviceEvidence',
      createdDateTime: mde.alertCreationTime,
      verdict: 'suspicious',
      remediationStatus: 'none',
      roles: [],
      tags: [],
      mdeDeviceId: mde.machineId,
      deviceDnsName: mde.computerDnsName,
      rbacGroupName: mde.rbacGroupName,
      azureAdDeviceId: mde.aadDeviceId ?? null,
    });
  }
  if (isJson(mde.relatedUser)) {
    items.push({
      '@odata.type': '#microsoft.graph.security.userEvidence',
      createdDateTime: mde.alertCreationTime,
      verdict: 'suspicious',
      remediationStatus: 'none',
      roles: [],
      tags: [],
      userAccount: { accountName: mde.relatedUser.userName, domainName: mde.relatedUser.domainName },
    });
  }
  if (Array.isArray(mde.evidence)) for (const entity of mde.evidence) items.push(isJson(entity) ? evidenceEntity(entity) : entity);
  return items;
}

function evidenceEntity(entity: Json): Json {
  const type = typeof entity.entityType === 'string' ? EVIDENCE_TYPE[entity.entityType] : undefined;
  const common = {
    '@odata.type': `#microsoft.graph.security.${type ?? 'alertEvidence'}`,
    createdDateTime: entity.evidenceCreationTime,
    verdict: 'unknown',
    remediationStatus: typeof entity.detectionStatus === 'string' ? lowerFirst(entity.detectionStatus) : 'none',
    roles: [],
    tags: [],
  };
  const file = { sha1: entity.sha1, sha256: entity.sha256, fileName: entity.fileName, filePath: entity.filePath };
  switch (type) {
    case 'fileEvidence':
      return { ...common, fileDetails: file };
    case 'processEvidence':
      return {
        ...common,
        processId: entity.processId,
        processCommandLine: entity.processCommandLine,
        processCreationDateTime: entity.processCreationTime,
        parentProcessId: entity.parentProcessId,
        parentProcessCreationDateTime: entity.parentProcessCreationTime,
        imageFile: file,
        parentProcessImageFile: { fileName: entity.parentProcessFileName, filePath: entity.parentProcessFilePath },
        userAccount: entity.accountName === undefined ? undefined : { accountName: entity.accountName, domainName: entity.domainName, userSid: entity.userSid, azureAdUserId: entity.aadUserId, userPrincipalName: entity.userPrincipalName },
      };
    case 'userEvidence':
      return { ...common, userAccount: { accountName: entity.accountName, domainName: entity.domainName, userSid: entity.userSid, azureAdUserId: entity.aadUserId, userPrincipalName: entity.userPrincipalName } };
    case 'ipEvidence':
      return { ...common, ipAddress: entity.ipAddress };
    case 'urlEvidence':
      return { ...common, url: entity.url };
    case 'registryKeyEvidence':
      return { ...common, registryKey: entity.registryKey, registryHive: entity.registryHive };
    case 'registryValueEvidence':
      return { ...common, registryKey: entity.registryKey, registryHive: entity.registryHive, registryValue: entity.registryValue, registryValueType: entity.registryValueType };
    default:
      // An entity type this mapping does not know keeps every MDE field.
      return { ...entity, ...common };
  }
}

function enumValue(value: unknown, known: Readonly<Record<string, string>>): unknown {
  if (typeof value !== 'string') return value;
  return Object.hasOwn(known, value) ? known[value] : lowerFirst(value);
}

function lowerFirst(value: string): string {
  return value.length === 0 ? value : value[0]!.toLowerCase() + value.slice(1);
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
