import { createRng } from '../generate/rng.js';
import type { TenantDevice } from '../generate/tenant.js';
import type { VulnerabilityRow } from '../generate/vulnerability.js';
import { msTimeWhole } from '../generate/time.js';
import type { TenantWorld } from '../world/world.js';

/**
 * The tenant's machines, CVE catalogue, (machine, CVE) pairs and software catalogue, derived from
 * its devices and the first pass of its vulnerability export, so every list agrees with the
 * export rows about the same devices and CVEs.
 */
export interface Inventory {
  readonly machines: readonly Record<string, unknown>[];
  readonly vulnerabilities: readonly Record<string, unknown>[];
  readonly machineVulnerabilities: readonly Record<string, unknown>[];
  readonly software: readonly Record<string, unknown>[];
}

const cache = new WeakMap<TenantWorld, Inventory>();

export function inventoryOf(world: TenantWorld): Inventory {
  let inventory = cache.get(world);
  if (!inventory) cache.set(world, (inventory = buildInventory(world)));
  return inventory;
}

function buildInventory(world: TenantWorld): Inventory {
  const { tenant, vulnerabilities: plan } = world;
  const rows = [...plan.rows(0, Math.min(plan.naturalRows, plan.totalRows))];
  const snapshot = msTimeWhole(plan.snapshotMs);
  return {
    machines: tenant.devices.map((device) => machine(device, plan.snapshotMs)),
    vulnerabilities: cveCatalogue(rows, snapshot),
    machineVulnerabilities: rows.map((row) => {
      const kb = row.recommendedSecurityUpdateId === null ? null : String(row.recommendedSecurityUpdateId).replace(/^KB/, '');
      return {
        id: `${String(row.deviceId)}-_-${String(row.cveId)}-_-${String(row.softwareVendor)}-_-${String(row.softwareName)}-_-${String(row.softwareVersion)}-_-${kb ?? ''}`,
        cveId: row.cveId,
        machineId: row.deviceId,
        fixingKbId: kb,
        productName: row.softwareName,
        productVendor: row.softwareVendor,
        productVersion: row.softwareVersion,
        severity: row.vulnerabilitySeverityLevel,
      };
    }),
    software: softwareCatalogue(tenant.devices, rows),
  };
}

function machine(device: TenantDevice, snapshotMs: number): Record<string, unknown> {
  const rng = createRng(`machine/${device.id}`);
  return {
    id: device.id,
    computerDnsName: device.fqdn,
    firstSeen: msTimeWhole(device.firstSeenMs),
    lastSeen: msTimeWhole(snapshotMs - rng.int(1, 20) * 3_600_000),
    osPlatform: device.osPlatform,
    osArchitecture: '64-bit',
    version: device.osVersionInfo,
    osProcessor: 'x64',
    osBuild: device.osBuild,
    lastIpAddress: device.localIp,
    lastExternalIpAddress: device.publicIp,
    healthStatus: 'Active',
    onboardingStatus: 'Onboarded',
    rbacGroupId: device.rbacGroupId,
    rbacGroupName: device.machineGroup,
    riskScore: rng.pick(['None', 'Informational', 'Low', 'Medium', 'High']),
    exposureLevel: rng.pick(['Low', 'Medium', 'High']),
    deviceValue: device.kind === 'Server' ? 'High' : 'Normal',
    isAadJoined: device.aadDeviceId !== null,
    aadDeviceId: device.aadDeviceId,
    machineTags: [device.office.city],
    ipAddresses: [{ ipAddress: device.localIp, macAddress: device.mac, type: 'Ethernet', operationalStatus: 'Up' }],
  };
}

function cveCatalogue(rows: readonly VulnerabilityRow[], snapshot: string): Record<string, unknown>[] {
  const byCve = new Map<string, VulnerabilityRow[]>();
  for (const row of rows) {
    const list = byCve.get(String(row.cveId)) ?? [];
    list.push(row);
    byCve.set(String(row.cveId), list);
  }
  return [...byCve].map(([cveId, list]) => {
    const first = list[0]!;
    const level = String(first.exploitabilityLevel);
    return {
      id: cveId,
      name: cveId,
      description: `A vulnerability in ${String(first.softwareVendor)} ${String(first.softwareName)} ${String(first.softwareVersion)}.`,
      severity: first.vulnerabilitySeverityLevel,
      cvssV3: first.cvssScore,
      cvssVector: null,
      exposedMachines: new Set(list.map((row) => row.deviceId)).size,
      publishedOn: snapshot,
      updatedOn: snapshot,
      publicExploit: level !== 'NoExploit',
      exploitVerified: level === 'ExploitIsVerified' || level === 'ExploitIsInKit',
      exploitInKit: level === 'ExploitIsInKit',
      exploitTypes: [],
      exploitUris: [],
      cveSupportability: 'Supported',
      epss: null,
    };
  });
}

function softwareCatalogue(devices: readonly TenantDevice[], rows: readonly VulnerabilityRow[]): Record<string, unknown>[] {
  const products = new Map<string, { vendor: string; name: string; machines: Set<string> }>();
  for (const device of devices) {
    for (const { product } of device.software) {
      const id = `${product.vendor}-_-${product.name}`;
      const entry = products.get(id) ?? { vendor: product.vendor, name: product.name, machines: new Set<string>() };
      entry.machines.add(device.id);
      products.set(id, entry);
    }
  }
  return [...products].map(([id, entry]) => {
    const own = rows.filter((row) => row.softwareVendor === entry.vendor && row.softwareName === entry.name);
    return {
      id,
      name: entry.name,
      vendor: entry.vendor,
      weaknesses: new Set(own.map((row) => row.cveId)).size,
      publicExploit: own.some((row) => row.exploitabilityLevel !== 'NoExploit'),
      activeAlert: false,
      exposedMachines: new Set(own.map((row) => row.deviceId)).size,
      impactScore: Math.round(own.reduce((sum, row) => sum + Number(row.cvssScore), 0) / 10) / 10,
    };
  });
}
