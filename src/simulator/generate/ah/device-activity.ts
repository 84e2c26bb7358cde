import { BENIGN_REMOTES, HOSTILE_DOMAINS, HOSTILE_IPS } from '../catalog/places.js';
import { msTime } from '../time.js';
import { accountOn, deviceColumns, initiatingColumns, isSystemProgram, pickDevice, programOn, versionInfoColumns } from './columns.js';
import type { TableBuilder } from './record.js';

/** The three tables that dominate real tenants' volume: process, network and file activity. */
export const deviceProcessEvents: TableBuilder = (context) => {
  const { rng } = context;
  const device = pickDevice(context);
  const parent = programOn(context, device);
  const child = programOn(context, device);
  const account = accountOn(context, device, isSystemProgram(child));
  return Object.assign(deviceColumns(context, device, 'ProcessCreated'), {
    FileName: child.fileName,
    FolderPath: child.folderPath,
    SHA1: child.sha1,
    SHA256: child.sha256,
    MD5: child.md5,
    FileSize: child.fileSize,
  }, versionInfoColumns('Process', child), {
    ProcessId: rng.int(400, 30_000),
    ProcessCommandLine: rng.pick(child.commandLines),
    ProcessIntegrityLevel: account.sid === 'S-1-5-18' ? 'System' : 'Medium',
    ProcessTokenElevation: account.sid === 'S-1-5-18' ? 'TokenElevationTypeDefault' : 'TokenElevationTypeLimited',
    ProcessCreationTime: msTime(context.timeMs, rng),
    AccountDomain: account.domain,
    AccountName: account.name,
    AccountSid: account.sid,
    AccountUpn: account.upn,
    AccountObjectId: account.objectId,
    LogonId: rng.int(999, 9_999_999),
  }, initiatingColumns(context, device, parent, accountOn(context, device, isSystemProgram(parent))), {
    InitiatingProcessSignerType: device.family === 'windows' ? 'OsVendor' : null,
    InitiatingProcessSignatureStatus: device.family === 'windows' ? 'Valid' : null,
    AdditionalFields: JSON.stringify({ ProcessStartKey: Number(`1745${rng.digits(12)}`) }),
  });
};

const NETWORK_ACTIONS: readonly (readonly [string, number])[] = [
  ['ConnectionSuccess', 60],
  ['ConnectionFailed', 8],
  ['InboundConnectionAccepted', 10],
  ['ListeningConnectionCreated', 5],
  ['ConnectionFound', 7],
  ['DnsConnectionInspected', 6],
  ['NetworkSignatureInspected', 4],
];

export const deviceNetworkEvents: TableBuilder = (context) => {
  const { rng } = context;
  const device = pickDevice(context);
  const program = programOn(context, device);
  const action = rng.weighted(NETWORK_ACTIONS);
  const hostile = rng.chance(0.04);
  const [remoteUrl, remoteIp] = hostile ? [rng.pick(HOSTILE_DOMAINS), rng.pick(HOSTILE_IPS)] : rng.pick(BENIGN_REMOTES);
  const inbound = action === 'InboundConnectionAccepted' || action === 'ListeningConnectionCreated';
  const localPort = inbound ? rng.pick([22, 80, 443, 445, 3389]) : rng.int(49_152, 65_535);
  const remotePort = action === 'DnsConnectionInspected' ? 53 : inbound ? rng.int(49_152, 65_535) : rng.pick([443, 443, 443, 80, 8080]);
  return Object.assign(deviceColumns(context, device, action), {
    RemoteIP: inbound ? `${device.office.lanPrefix}.${rng.int(2, 250)}` : remoteIp,
    RemotePort: remotePort,
    RemoteUrl: inbound ? null : remoteUrl,
    LocalIP: device.localIp,
    LocalPort: localPort,
    Protocol: action === 'DnsConnectionInspected' ? 'Udp' : 'Tcp',
    LocalIPType: 'Private',
    RemoteIPType: inbound ? 'Private' : 'Public',
  }, initiatingColumns(context, device, program, accountOn(context, device, isSystemProgram(program))), {
    AdditionalFields: networkAdditionalFields(action, remoteUrl, remoteIp, inbound),
  });
};

/** The payload of the DNS and signature inspections, and the direction of plain connections. */
function networkAdditionalFields(action: string, host: string, ip: string, inbound: boolean): string | null {
  if (action === 'DnsConnectionInspected') {
    return JSON.stringify({ direction: 'Outbound', query: host, qclass: 1, qtype: 1, rcode: 0, answers: [ip], rejected: false, uid: 'CsPtAx2xRWuBJ7Ubtd' });
  }
  if (action === 'NetworkSignatureInspected') return JSON.stringify({ SignatureName: 'HTTP_Client', SignatureMatchedContent: `GET / HTTP/1.1 Host: ${host}`, SamplePacketContent: '' });
  if (action === 'ConnectionFound') return null;
  return JSON.stringify({ direction: inbound ? 'In' : 'Out' });
}

const FILE_ACTIONS: readonly (readonly [string, number])[] = [
  ['FileCreated', 50],
  ['FileModified', 30],
  ['FileRenamed', 10],
  ['FileDeleted', 10],
];

const DOCUMENTS = ['Q4 report.docx', 'budget-2026.xlsx', 'minutes.txt', 'invoice_8821.pdf', 'setup.msi', 'cache.db', 'app.log'];

export const deviceFileEvents: TableBuilder = (context) => {
  const { rng } = context;
  const device = pickDevice(context);
  const program = programOn(context, device);
  const account = accountOn(context, device, isSystemProgram(program));
  const action = rng.weighted(FILE_ACTIONS);
  const fileName = rng.pick(DOCUMENTS);
  const folder = device.family === 'windows' ? `C:\\Users\\${account.name}\\Documents` : `/home/${account.name}`;
  const separator = device.family === 'windows' ? '\\' : '/';
  const downloaded = fileName.endsWith('.msi') || fileName.endsWith('.pdf');
  const hashes = rng.fork(`doc:${fileName}`);
  return Object.assign(deviceColumns(context, device, action), {
    FileName: fileName,
    FolderPath: `${folder}${separator}${fileName}`,
    SHA1: hashes.hex(40),
    SHA256: hashes.hex(64),
    MD5: hashes.hex(32),
    FileSize: rng.int(1_024, 9_000_000),
    FileOriginUrl: downloaded ? `https://${rng.pick(BENIGN_REMOTES)[0]}/download/${fileName}` : null,
    FileOriginReferrerUrl: null,
    FileOriginIP: downloaded ? rng.pick(BENIGN_REMOTES)[1] : null,
    PreviousFolderPath: action === 'FileRenamed' ? `${folder}${separator}~${fileName}.tmp` : null,
    PreviousFileName: action === 'FileRenamed' ? `~${fileName}.tmp` : null,
    RequestProtocol: 'Local',
    RequestSourceIP: null,
    RequestSourcePort: null,
    RequestAccountName: account.name,
    RequestAccountDomain: account.domain,
    RequestAccountSid: account.sid,
    ShareName: null,
    SensitivityLabel: null,
    SensitivitySubLabel: null,
    IsAzureInfoProtectionApplied: false,
  }, initiatingColumns(context, device, program, account), {
    AdditionalFields: JSON.stringify({ FileType: fileName.split('.').pop()!.toUpperCase() }),
  });
};
