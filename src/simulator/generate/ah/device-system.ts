import { HOSTILE_IPS } from '../catalog/places.js';
import { accountOn, deviceColumns, initiatingColumns, isSystemProgram, pickDevice, programOn } from './columns.js';
import type { TableBuilder } from './record.js';

/** Registry, image loads, logons and the catch-all DeviceEvents table. */
const REGISTRY_CHANGES: readonly (readonly [string, string, string, string])[] = [
  // [ActionType, key, value name, value data]
  ['RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Features', 'TamperProtection', '5'],
  ['RegistryValueSet', 'HKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', 'OneDrive', '"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe" /background'],
  ['RegistryKeyCreated', 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\bam\\State\\UserSettings', '', ''],
  ['RegistryValueDeleted', 'HKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\Office\\16.0\\Common\\Identity', 'ADUserName', ''],
  ['RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\AutoUpdate', 'LastSyncTime', '0x01db5f3c'],
];

export const deviceRegistryEvents: TableBuilder = (context) => {
  const { rng } = context;
  const device = windowsDevice(context);
  const program = programOn(context, device);
  const [action, key, valueName, valueData] = rng.pick(REGISTRY_CHANGES);
  return Object.assign(deviceColumns(context, device, action), {
    RegistryKey: key,
    RegistryValueType: valueName ? (valueData.startsWith('0x') ? 'Binary' : 'String') : null,
    RegistryValueName: valueName || null,
    RegistryValueData: valueData || null,
    PreviousRegistryKey: null,
    PreviousRegistryValueName: action === 'RegistryValueSet' ? valueName : null,
    PreviousRegistryValueData: null,
  }, initiatingColumns(context, device, program, accountOn(context, device, isSystemProgram(program))), {
  });
};

const LIBRARIES = ['ntdll.dll', 'kernel32.dll', 'amsi.dll', 'wininet.dll', 'crypt32.dll', 'mscoree.dll', 'clr.dll'];

export const deviceImageLoadEvents: TableBuilder = (context) => {
  const { rng } = context;
  const device = windowsDevice(context);
  const program = programOn(context, device);
  const library = rng.pick(LIBRARIES);
  const hashes = rng.fork(`dll:${library}`);
  return Object.assign(deviceColumns(context, device, 'ImageLoaded'), {
    FileName: library,
    FolderPath: `C:\\Windows\\System32\\${library}`,
    SHA1: hashes.hex(40),
    SHA256: hashes.hex(64),
    MD5: hashes.hex(32),
    FileSize: hashes.int(60_000, 2_500_000),
  }, initiatingColumns(context, device, program, accountOn(context, device, isSystemProgram(program))), {
  });
};

export const deviceLogonEvents: TableBuilder = (context) => {
  const { rng, tenant } = context;
  const device = pickDevice(context);
  const failed = rng.chance(0.12);
  const remote = rng.chance(0.4);
  const logonType = remote ? rng.pick(['Network', 'RemoteInteractive']) : rng.pick(['Interactive', 'Unlock', 'CachedInteractive']);
  const user = device.primaryUser ?? rng.pick(tenant.users);
  const fromOutside = failed && remote && rng.chance(0.3);
  return Object.assign(deviceColumns(context, device, failed ? 'LogonFailed' : 'LogonSuccess'), {
    AccountDomain: tenant.netbiosDomain.toLowerCase(),
    AccountName: user.accountName,
    AccountSid: user.sid,
    Protocol: device.family === 'windows' ? (remote ? 'NTLM' : 'Negotiate') : 'Ssh',
    FailureReason: failed ? rng.pick(['InvalidUserNameOrPassword', 'UserAccountLocked', 'WrongPassword']) : null,
    IsLocalAdmin: !failed && user.isAdmin,
    LogonId: failed ? null : rng.int(999, 9_999_999),
    LogonType: logonType,
    RemoteDeviceName: remote && !fromOutside ? rng.pick(tenant.devices).name : null,
    RemoteIP: remote ? (fromOutside ? rng.pick(HOSTILE_IPS) : `${device.office.lanPrefix}.${rng.int(2, 250)}`) : null,
    RemoteIPType: remote ? (fromOutside ? 'Public' : 'Private') : null,
    RemotePort: remote ? rng.int(49_152, 65_535) : null,
    InitiatingProcessFileName: device.family === 'windows' ? 'lsass.exe' : 'sshd',
    InitiatingProcessId: rng.int(600, 1_200),
    InitiatingProcessAccountName: device.family === 'windows' ? 'system' : 'root',
    AdditionalFields: JSON.stringify({ IsLocalLogon: !remote }),
  });
};

const DEVICE_EVENT_ACTIONS = ['AntivirusScanCompleted', 'SmartScreenUrlWarning', 'UsbDriveMounted', 'ScheduledTaskCreated', 'DpapiAccessed', 'ProcessCreatedUsingWmiQuery', 'FirewallInboundConnectionBlocked', 'AsrLsassCredentialTheftAudited'];

export const deviceEvents: TableBuilder = (context) => {
  const { rng } = context;
  const device = windowsDevice(context);
  const program = programOn(context, device);
  const action = rng.pick(DEVICE_EVENT_ACTIONS);
  const account = accountOn(context, device, isSystemProgram(program));
  return Object.assign(deviceColumns(context, device, action), {
    FileName: action === 'AsrLsassCredentialTheftAudited' ? 'lsass.exe' : null,
    FolderPath: action === 'AsrLsassCredentialTheftAudited' ? 'C:\\Windows\\System32\\lsass.exe' : null,
    AccountDomain: account.domain,
    AccountName: account.name,
    AccountSid: account.sid,
    RemoteUrl: action === 'SmartScreenUrlWarning' ? 'https://secure-docs-share.example/login' : null,
    RemoteIP: action === 'FirewallInboundConnectionBlocked' ? rng.pick(HOSTILE_IPS) : null,
    RemotePort: action === 'FirewallInboundConnectionBlocked' ? rng.pick([445, 3389]) : null,
    LocalIP: action === 'FirewallInboundConnectionBlocked' ? device.localIp : null,
    ProcessCreationTime: null,
  }, initiatingColumns(context, device, program, account), {
    AdditionalFields: JSON.stringify(deviceEventFields(action, context.timeMs, rng.int(1, 40))),
  });
};

function deviceEventFields(action: string, timeMs: number, count: number): Record<string, unknown> {
  switch (action) {
    case 'AntivirusScanCompleted':
      return { ScanTypeIndex: 'Quick', DurationMs: count * 9_000 };
    case 'UsbDriveMounted':
      return { DriveLetter: 'E:', ProductName: 'DataTraveler 3.0', Manufacturer: 'Kingston', Volume: '\\Device\\HarddiskVolume7' };
    case 'ScheduledTaskCreated':
      return { TaskName: '\\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan', TaskContent: '<Task><Actions><Exec><Command>%systemroot%\\system32\\usoclient.exe</Command></Exec></Actions></Task>' };
    case 'DpapiAccessed':
      return { CallerProcessID: count * 100, DataDescription: 'Google Chrome', OperationType: 'Unprotect' };
    default:
      return { ReportTime: new Date(timeMs).toISOString(), Count: count };
  }
}

/** Registry, image loads and DeviceEvents are Windows-only tables. */
function windowsDevice(context: Parameters<TableBuilder>[0]) {
  const windows = context.tenant.devices.filter((device) => device.family === 'windows');
  return windows.length > 0 ? context.rng.pick(windows) : pickDevice(context);
}
