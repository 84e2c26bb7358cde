import type { EvidenceKind } from '../catalog/alerts.js';
import { HOSTILE_DOMAINS, HOSTILE_IPS } from '../catalog/places.js';
import { HOSTILE_PROGRAMS, type Program } from '../catalog/processes.js';
import type { Rng } from '../rng.js';
import type { Tenant, TenantDevice, TenantUser } from '../tenant.js';
import { msTime, msTimeWhole } from '../time.js';

/** The entities one alert is about; every evidence item of the alert describes one of them. */
export interface AlertSubject {
  readonly tenant: Tenant;
  readonly device: TenantDevice;
  readonly user: TenantUser;
  readonly tool: Program;
  readonly hostileIp: string;
  readonly hostileDomain: string;
}

export function chooseSubject(tenant: Tenant, rng: Rng): AlertSubject {
  const device = rng.pick(tenant.devices);
  return {
    tenant,
    device,
    user: device.primaryUser ?? rng.pick(tenant.users),
    tool: rng.pick(HOSTILE_PROGRAMS),
    hostileIp: rng.pick(HOSTILE_IPS),
    hostileDomain: rng.pick(HOSTILE_DOMAINS),
  };
}

const TYPE_PREFIX = '#microsoft.graph.security.';

/** Graph `alertEvidence` items (§2.10 of the API reference), one builder per kind. */
export function buildEvidence(kind: EvidenceKind, subject: AlertSubject, rng: Rng, createdMs: number): Record<string, unknown> {
  const { body, type, roles, verdict } = EVIDENCE[kind](subject, rng, createdMs);
  return {
    '@odata.type': `${TYPE_PREFIX}${type}`,
    createdDateTime: msTime(createdMs, rng),
    verdict,
    remediationStatus: verdict === 'malicious' ? rng.pick(['remediated', 'prevented', 'none']) : 'none',
    remediationStatusDetails: null,
    roles,
    detailedRoles: [],
    tags: [],
    ...body,
  };
}

interface EvidenceParts {
  readonly type: string;
  readonly roles: readonly string[];
  readonly verdict: string;
  readonly body: Record<string, unknown>;
}

function userAccount(subject: AlertSubject): Record<string, unknown> {
  const { user, tenant } = subject;
  return { accountName: user.accountName, domainName: tenant.netbiosDomain, userSid: user.sid, azureAdUserId: user.objectId, userPrincipalName: user.upn, displayName: user.displayName };
}

function fileDetails(program: Program): Record<string, unknown> {
  const separator = program.folderPath.lastIndexOf('\\');
  return {
    sha1: program.sha1,
    sha256: program.sha256,
    fileName: program.fileName,
    filePath: separator > 0 ? program.folderPath.slice(0, separator) : program.folderPath,
    fileSize: program.fileSize,
    filePublisher: program.company || null,
    signer: null,
    issuer: null,
  };
}

const EVIDENCE: Readonly<Record<EvidenceKind, (subject: AlertSubject, rng: Rng, createdMs: number) => EvidenceParts>> = {
  device: ({ device, tenant }, rng) => ({
    type: 'deviceEvidence',
    roles: ['compromised'],
    verdict: 'unknown',
    body: {
      firstSeenDateTime: msTime(device.firstSeenMs, rng),
      mdeDeviceId: device.id,
      azureAdDeviceId: device.aadDeviceId,
      deviceDnsName: device.fqdn,
      hostName: device.name,
      osPlatform: device.osPlatform,
      osBuild: device.osBuild,
      version: device.osVersionInfo,
      healthStatus: 'active',
      riskScore: rng.pick(['medium', 'high']),
      rbacGroupId: device.rbacGroupId,
      rbacGroupName: device.machineGroup,
      onboardingStatus: 'onboarded',
      defenderAvStatus: 'updated',
      ipInterfaces: [device.localIp, '127.0.0.1', '::1'],
      lastIpAddress: device.localIp,
      lastExternalIpAddress: device.publicIp,
      loggedOnUsers: device.primaryUser ? [{ accountName: device.primaryUser.accountName, domainName: tenant.netbiosDomain }] : [],
      vmMetadata: null,
    },
  }),
  process: (subject, rng, createdMs) => ({
    type: 'processEvidence',
    roles: [],
    verdict: 'suspicious',
    body: {
      processId: rng.int(400, 30_000),
      parentProcessId: rng.int(400, 30_000),
      processCommandLine: subject.tool.commandLines[0],
      processCreationDateTime: msTime(createdMs - rng.int(60_000, 600_000), rng),
      parentProcessCreationDateTime: msTime(createdMs - rng.int(600_000, 3_600_000), rng),
      detectionStatus: 'detected',
      mdeDeviceId: subject.device.id,
      imageFile: fileDetails(subject.tool),
      parentProcessImageFile: { fileName: 'explorer.exe', filePath: 'C:\\Windows', fileSize: 5_582_320, sha1: null, sha256: null },
      userAccount: userAccount(subject),
    },
  }),
  file: (subject) => ({
    type: 'fileEvidence',
    roles: [],
    verdict: 'malicious',
    body: { detectionStatus: 'prevented', mdeDeviceId: subject.device.id, fileDetails: fileDetails(subject.tool) },
  }),
  user: (subject) => ({ type: 'userEvidence', roles: ['compromised'], verdict: 'unknown', body: { userAccount: userAccount(subject) } }),
  ip: (subject) => ({
    type: 'ipEvidence',
    roles: ['attacker'],
    verdict: 'suspicious',
    body: { ipAddress: subject.hostileIp, countryLetterCode: subject.hostileIp.startsWith('175.') ? 'CN' : 'BT', location: null },
  }),
  url: (subject) => ({ type: 'urlEvidence', roles: [], verdict: 'suspicious', body: { url: `https://${subject.hostileDomain}/a/x64.bin` } }),
  registry: (subject) => ({
    type: 'registryValueEvidence',
    roles: [],
    verdict: 'suspicious',
    body: {
      registryHive: 'HKEY_CURRENT_USER',
      registryKey: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
      registryValueName: 'UpdHelper',
      registryValue: subject.tool.folderPath,
      registryValueType: 'String',
      mdeDeviceId: subject.device.id,
    },
  }),
  mailbox: ({ user }) => ({ type: 'mailboxEvidence', roles: ['recipient'], verdict: 'unknown', body: { primaryAddress: user.upn, displayName: user.displayName, upn: user.upn } }),
  message: (subject, rng, createdMs) => ({
    type: 'analyzedMessageEvidence',
    roles: [],
    verdict: 'malicious',
    body: {
      networkMessageId: rng.guid(),
      internetMessageId: `<${rng.hex(12).toUpperCase()}@${subject.hostileDomain}>`,
      subject: 'Action required: password expiry',
      senderIp: subject.hostileIp.includes(':') ? '175.16.199.23' : subject.hostileIp,
      recipientEmailAddress: subject.user.upn,
      receivedDateTime: msTimeWhole(createdMs - rng.int(600_000, 7_200_000)),
      deliveryAction: 'delivered',
      deliveryLocation: 'inbox',
      antiSpamDirection: 'Inbound',
      language: 'en',
      attachmentsCount: 0,
      urlCount: 1,
      urls: [`https://${subject.hostileDomain}/login`],
      threats: ['Phish'],
      threatDetectionMethods: ['urlDetonationReputation'],
      p1Sender: { emailAddress: `noreply@${subject.hostileDomain}`, displayName: 'IT Service Desk', domainName: subject.hostileDomain },
      p2Sender: { emailAddress: `noreply@${subject.hostileDomain}`, displayName: 'IT Service Desk', domainName: subject.hostileDomain },
      urn: `urn:MailEntity:${rng.hex(32)}`,
    },
  }),
  group: (subject, rng) => ({
    type: 'securityGroupEvidence',
    roles: [],
    verdict: 'unknown',
    body: {
      securityGroupId: rng.guid(),
      displayName: 'Domain Admins',
      // RID 512 of the tenant's domain: the SID of its Domain Admins group.
      sid: subject.user.sid.replace(/-\d+$/, '-512'),
      distinguishedName: `CN=Domain Admins,CN=Users,DC=corp,DC=${subject.tenant.domain.split('.')[0]},DC=example`,
    },
  }),
  cloudApp: (_subject, rng) => ({
    type: 'cloudApplicationEvidence',
    roles: [],
    verdict: 'unknown',
    body: { appId: 20893, displayName: 'Microsoft Exchange Online', instanceId: 0, instanceName: 'Microsoft Exchange Online', saasAppId: 20893, stream: { name: rng.pick(['Office 365 app connector', 'Cloud App Security']) } },
  }),
};
