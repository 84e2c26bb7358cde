import { HOSTILE_PROGRAMS, LINUX_PROGRAMS, WINDOWS_PROGRAMS, type Program } from '../catalog/processes.js';
import type { Tenant, TenantDevice, TenantUser } from '../tenant.js';
import { msTime } from '../time.js';
import type { EventContext } from './record.js';

/** The account a process runs as, in Defender's column terms. */
export interface Account {
  readonly name: string;
  readonly domain: string;
  readonly sid: string | null;
  readonly upn: string | null;
  readonly objectId: string | null;
}

const SYSTEM: Account = { name: 'system', domain: 'nt authority', sid: 'S-1-5-18', upn: null, objectId: null };
const ROOT: Account = { name: 'root', domain: 'localhost', sid: null, upn: null, objectId: null };

export function userAccount(tenant: Tenant, user: TenantUser): Account {
  return { name: user.accountName, domain: tenant.netbiosDomain.toLowerCase(), sid: user.sid, upn: user.upn, objectId: user.objectId };
}

/** The user of a device (a random colleague on servers), or the OS account for system programs. */
export function accountOn(context: EventContext, device: TenantDevice, system: boolean): Account {
  if (device.family !== 'windows') return system || !device.primaryUser ? ROOT : userAccount(context.tenant, device.primaryUser);
  if (system) return SYSTEM;
  return userAccount(context.tenant, device.primaryUser ?? context.rng.pick(context.tenant.users));
}

/** Programs of the device's OS; on Windows a few percent are the attack stories' tools. */
export function programOn(context: EventContext, device: TenantDevice): Program {
  if (device.family !== 'windows') return context.rng.pick(LINUX_PROGRAMS);
  return context.rng.chance(0.03) ? context.rng.pick(HOSTILE_PROGRAMS) : context.rng.pick(WINDOWS_PROGRAMS);
}

export function isSystemProgram(program: Program): boolean {
  return /^(svchost|MsSense|MsMpEng|backgroundTaskHost|cron|sshd)/i.test(program.fileName);
}

/** The columns every Device* row starts with. */
export function deviceColumns(context: EventContext, device: TenantDevice, actionType: string | null): Record<string, unknown> {
  return {
    Timestamp: msTime(context.timeMs, context.rng),
    DeviceId: device.id,
    DeviceName: device.fqdn,
    ActionType: actionType,
    MachineGroup: device.machineGroup,
    ReportId: context.rng.int(1_000, 999_999),
    AppGuardContainerId: '',
  };
}

/**
 * The `InitiatingProcess*` family: the process that did what the row reports, and its parent.
 * Creation times are shortly before the event, parents before their children.
 */
export function initiatingColumns(context: EventContext, device: TenantDevice, program: Program, account: Account): Record<string, unknown> {
  const { rng, timeMs } = context;
  const parent = device.family === 'windows' ? rng.pick(['explorer.exe', 'svchost.exe', 'services.exe', 'userinit.exe']) : rng.pick(['systemd', 'bash', 'sshd']);
  const created = timeMs - rng.int(1_000, 3_600_000);
  return Object.assign({
    InitiatingProcessFileName: program.fileName,
    InitiatingProcessFolderPath: program.folderPath.toLowerCase(),
    InitiatingProcessId: rng.int(400, 24_000),
    InitiatingProcessCommandLine: rng.pick(program.commandLines),
    InitiatingProcessCreationTime: msTime(created, rng),
    InitiatingProcessSHA1: program.sha1,
    InitiatingProcessSHA256: program.sha256,
    InitiatingProcessMD5: program.md5,
    InitiatingProcessFileSize: program.fileSize,
  }, versionInfoColumns('InitiatingProcess', program), {
    InitiatingProcessParentId: rng.int(4, 4_000),
    InitiatingProcessParentFileName: parent,
    InitiatingProcessParentCreationTime: msTime(created - rng.int(60_000, 86_400_000), rng),
    InitiatingProcessAccountDomain: account.domain,
    InitiatingProcessAccountName: account.name,
    InitiatingProcessAccountSid: account.sid,
    InitiatingProcessAccountUpn: account.upn,
    InitiatingProcessAccountObjectId: account.objectId,
    InitiatingProcessIntegrityLevel: account.sid === 'S-1-5-18' ? 'System' : 'Medium',
    InitiatingProcessTokenElevation: account.sid === 'S-1-5-18' ? 'TokenElevationTypeDefault' : 'TokenElevationTypeLimited',
    InitiatingProcessLogonId: rng.int(999, 9_999_999),
  });
}

/** The device a row is about; uniform, so every device shows up in a few hundred records. */
export function pickDevice(context: EventContext): TenantDevice {
  return context.rng.pick(context.tenant.devices);
}

/** The PE version resource of a program (`ProcessVersionInfo*` or `InitiatingProcessVersionInfo*`). */
const VERSION_INFO_FIELDS = ['CompanyName', 'ProductName', 'ProductVersion', 'InternalFileName', 'OriginalFileName', 'FileDescription'] as const;
const VERSION_INFO_KEYS = {
  Process: VERSION_INFO_FIELDS.map((field) => `ProcessVersionInfo${field}`),
  InitiatingProcess: VERSION_INFO_FIELDS.map((field) => `InitiatingProcessVersionInfo${field}`),
};

export function versionInfoColumns(prefix: keyof typeof VERSION_INFO_KEYS, program: Program): Record<string, unknown> {
  // Built through precomputed keys: computed keys in a literal make every record a slow object.
  const values = [program.company, program.product, program.version, program.fileName.replace(/\.exe$/i, ''), program.fileName, program.description];
  const columns: Record<string, unknown> = {};
  VERSION_INFO_KEYS[prefix].forEach((key, index) => {
    columns[key] = values[index] || null;
  });
  return columns;
}
