import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES, ORGANISATIONS } from './catalog/people.js';
import { OFFICES, type Office } from './catalog/places.js';
import { SOFTWARE, type SoftwareProduct } from './catalog/software.js';
import { createRng, type Rng, type Seed } from './rng.js';

/**
 * The invented organisation every generated record is about: its users, devices, addresses and
 * installed software. Records of all four streams draw from one tenant, so a device in an alert is
 * the device of the process events and of the vulnerability rows.
 */
export interface TenantUser {
  readonly accountName: string;
  readonly displayName: string;
  readonly upn: string;
  readonly sid: string;
  readonly objectId: string;
  readonly department: string;
  readonly jobTitle: string;
  readonly office: Office;
  readonly isAdmin: boolean;
  readonly isService: boolean;
}

export type OsFamily = 'windows' | 'linux' | 'macos';

export interface InstalledSoftware {
  readonly product: SoftwareProduct;
  readonly version: string;
}

export interface TenantDevice {
  readonly id: string;
  /** Short host name (`fin-ws-0417`); `fqdn` is what Defender shows as DeviceName. */
  readonly name: string;
  readonly fqdn: string;
  readonly aadDeviceId: string | null;
  readonly family: OsFamily;
  readonly osPlatform: string;
  readonly osVersion: string;
  readonly osVersionInfo: string;
  readonly osBuild: number;
  readonly osDistribution: string | null;
  readonly kind: 'Workstation' | 'Server';
  readonly machineGroup: string;
  readonly rbacGroupId: number;
  readonly office: Office;
  readonly localIp: string;
  readonly publicIp: string;
  readonly mac: string;
  readonly model: string;
  readonly vendor: string;
  readonly clientVersion: string;
  /** The user working on it (workstations), or undefined for servers. */
  readonly primaryUser: TenantUser | undefined;
  readonly software: readonly InstalledSoftware[];
  readonly firstSeenMs: number;
}

export interface Tenant {
  readonly seed: string;
  readonly id: string;
  readonly name: string;
  /** Primary mail and UPN domain (`fabrikam-sec.example`). */
  readonly domain: string;
  /** On-premises AD NetBIOS domain (`FABRIKAMSEC`). */
  readonly netbiosDomain: string;
  readonly users: readonly TenantUser[];
  readonly devices: readonly TenantDevice[];
  readonly domainController: TenantDevice;
  /** The Azure subscription of the tenant's cloud workloads (Cloud* tables). */
  readonly subscriptionId: string;
}

export interface TenantOptions {
  readonly devices?: number;
  readonly users?: number;
}

const RBAC_GROUPS: readonly (readonly [number, string])[] = [
  [0, 'UnassignedGroup'],
  [12, 'Workstations-EU'],
  [14, 'Workstations-US'],
  [21, 'Servers'],
];

export function createTenant(seed: Seed, options: TenantOptions = {}): Tenant {
  const rng = createRng(seed);
  const [name, stem] = rng.pick(ORGANISATIONS);
  const domain = `${stem}.example`;
  const netbiosDomain = stem.replace(/-/g, '').toUpperCase().slice(0, 15);
  const domainSid = `S-1-5-21-${rng.int(1_000_000_000, 3_999_999_999)}-${rng.int(1_000_000_000, 3_999_999_999)}-${rng.int(100_000_000, 999_999_999)}`;
  const users = createUsers(rng.fork('users'), Math.max(2, options.users ?? 40), domain, domainSid);
  const devices = createDevices(rng.fork('devices'), Math.max(2, options.devices ?? 25), stem, users);
  return {
    seed: String(seed),
    id: rng.guid(),
    name,
    domain,
    netbiosDomain,
    users,
    devices,
    domainController: devices.find((device) => device.name.startsWith('dc-')) ?? devices[0]!,
    subscriptionId: rng.guid(),
  };
}

function createUsers(rng: Rng, count: number, domain: string, domainSid: string): TenantUser[] {
  const users: TenantUser[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < count; i++) {
    const isService = i >= count - 2;
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let accountName = isService ? rng.pick(['svc-backup', 'svc-sql', 'svc-scan', 'svc-deploy']) : `${first[0]!.toLowerCase()}.${last.toLowerCase()}`;
    for (let n = 2; taken.has(accountName); n++) accountName = `${accountName.replace(/\d+$/, '')}${n}`;
    taken.add(accountName);
    const [department, titles] = isService ? (['IT', ['Service account']] as const) : rng.pick(DEPARTMENTS);
    const jobTitle = rng.pick(titles);
    users.push({
      accountName,
      displayName: isService ? `${accountName} (service)` : `${first} ${last}`,
      upn: `${accountName}@${domain}`,
      sid: `${domainSid}-${1100 + i}`,
      objectId: rng.guid(),
      department,
      jobTitle,
      office: rng.pick(OFFICES),
      isAdmin: department === 'IT' && !isService,
      isService,
    });
  }
  return users;
}

function createDevices(rng: Rng, count: number, stem: string, users: readonly TenantUser[]): TenantDevice[] {
  const devices: TenantDevice[] = [];
  const people = users.filter((user) => !user.isService);
  for (let i = 0; i < count; i++) {
    // The first device is the domain controller; then mostly workstations, some servers.
    const role = i === 0 ? 'dc' : rng.weighted<'windows' | 'server' | 'linux' | 'mac'>([['windows', 70], ['server', 12], ['linux', 12], ['mac', 6]]);
    const user = role === 'windows' || role === 'mac' ? people[i % people.length] : undefined;
    const office = user?.office ?? rng.pick(OFFICES);
    const name = deviceName(rng, role, user, i);
    const os = operatingSystem(rng, role);
    const [rbacGroupId, machineGroup] = role === 'dc' || role === 'server' || role === 'linux' ? RBAC_GROUPS[3]! : rng.pick(RBAC_GROUPS.slice(0, 3));
    devices.push({
      id: rng.hex(40),
      name,
      fqdn: `${name}.corp.${stem}.example`,
      aadDeviceId: role === 'windows' || role === 'mac' ? rng.guid() : null,
      ...os,
      kind: user ? 'Workstation' : 'Server',
      machineGroup,
      rbacGroupId,
      office,
      localIp: `${office.lanPrefix}.${rng.int(10, 250)}`,
      publicIp: rng.pick(office.egressIps),
      mac: rng.hex(12).toUpperCase(),
      model: os.family === 'macos' ? 'MacBookPro18,3' : user ? rng.pick(['Latitude 7450', 'ThinkPad T14 Gen 4', 'Surface Laptop 6']) : 'Virtual Machine',
      vendor: os.family === 'macos' ? 'Apple Inc.' : user ? rng.pick(['Dell Inc.', 'LENOVO', 'Microsoft Corporation']) : 'Microsoft Corporation',
      clientVersion: os.family === 'windows' ? `10.8780.${os.osBuild}.1001` : '101.24092.0002',
      primaryUser: user,
      software: installedSoftware(rng, os),
      firstSeenMs: Date.UTC(2025, rng.int(0, 10), rng.int(1, 28), rng.int(0, 23), rng.int(0, 59)),
    });
  }
  return devices;
}

function deviceName(rng: Rng, role: string, user: TenantUser | undefined, index: number): string {
  const number = String(index).padStart(2, '0');
  if (role === 'dc') return 'dc-01';
  if (role === 'server') return `srv-${rng.pick(['file', 'sql', 'app', 'print'])}-${number}`;
  if (role === 'linux') return `lnx-${rng.pick(['web', 'db', 'build'])}-${number}`;
  const department = (user?.department ?? 'it').slice(0, 3).toLowerCase();
  return `${department}-${role === 'mac' ? 'mac' : 'ws'}-${rng.digits(4)}`;
}

type OsFields = Pick<TenantDevice, 'family' | 'osPlatform' | 'osVersion' | 'osVersionInfo' | 'osBuild' | 'osDistribution'>;

function operatingSystem(rng: Rng, role: string): OsFields {
  if (role === 'linux') return { family: 'linux', osPlatform: 'Linux', osVersion: '9.4', osVersionInfo: 'enterprise_linux_9.4', osBuild: 0, osDistribution: 'RedHatEnterpriseLinux' };
  if (role === 'mac') return { family: 'macos', osPlatform: 'macOS', osVersion: '15.1', osVersionInfo: '15.1.1', osBuild: 24, osDistribution: null };
  if (role === 'dc' || role === 'server') {
    return { family: 'windows', osPlatform: rng.pick(['WindowsServer2022', 'WindowsServer2019']), osVersion: '10.0', osVersionInfo: '21H2', osBuild: 20348, osDistribution: null };
  }
  const win11 = rng.chance(0.7);
  return { family: 'windows', osPlatform: win11 ? 'Windows11' : 'Windows10', osVersion: '10.0', osVersionInfo: win11 ? '24H2' : '22H2', osBuild: win11 ? 26100 : 19045, osDistribution: null };
}

function installedSoftware(rng: Rng, os: OsFields): InstalledSoftware[] {
  // The OS itself is inventoried as software too; only Windows 11 has its product entry here.
  const candidates = SOFTWARE.filter((product) => product.platforms.includes(os.family) && (product.name !== 'windows_11' || os.osPlatform === 'Windows11'));
  return rng.sample(candidates, rng.int(2, Math.min(5, candidates.length))).map((product) => ({ product, version: rng.pick(product.versions) }));
}
