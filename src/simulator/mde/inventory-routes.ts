import type { DataRequest } from '../data-request.js';
import { mdeError } from '../errors.js';
import type { Reply } from '../server/respond.js';
import { inventoryOf } from './inventory.js';
import { mdeList, mdeSpec, recordAccessors } from './listing.js';

/** `$top` ceilings and `$filter` fields of §3.2. */
const MACHINES = mdeSpec(
  'Machine',
  {
    id: 'string', computerDnsName: 'string', version: 'string', deviceValue: 'string', aadDeviceId: 'string', exposureLevel: 'string', onboardingStatus: 'string',
    lastIpAddress: 'string', healthStatus: 'string', osPlatform: 'string', riskScore: 'string', rbacGroupId: 'number', lastSeen: 'datetime',
  },
  ['id', 'lastSeen', 'computerDnsName'],
  { property: 'id', descending: false },
  10_000,
);
const VULNERABILITIES = mdeSpec(
  'Vulnerability',
  { id: 'string', name: 'string', description: 'string', severity: 'string', cvssV3: 'number', publishedOn: 'datetime', updatedOn: 'datetime' },
  ['id', 'updatedOn', 'publishedOn'],
  { property: 'id', descending: false },
  8_000,
);
const MACHINE_VULNERABILITIES = mdeSpec(
  'PublicAssetVulnerabilityDto',
  { id: 'string', cveId: 'string', machineId: 'string', fixingKbId: 'string', productName: 'string', productVersion: 'string', severity: 'string', productVendor: 'string' },
  ['id'],
  { property: 'id', descending: false },
  10_000,
);
const SOFTWARE = mdeSpec('Software', { id: 'string', name: 'string', vendor: 'string' }, ['id'], { property: 'id', descending: false }, 10_000);

export function listMachines(request: DataRequest): Reply {
  const machines = inventoryOf(request.tenant).machines;
  // §3.2: the machines list answers 404 when the tenant has no (recent) machines.
  if (machines.length === 0) return mdeError(request.ctx, 404, 'NotFound', 'No machines found');
  return mdeList(request, MACHINES, `${request.baseUrl}/api/$metadata#Machines`, () => machines, recordAccessors, (item) => item);
}

export function getMachine(request: DataRequest): Reply {
  const id = request.ctx.params.id ?? '';
  const machine = inventoryOf(request.tenant).machines.find((item) => item.id === id);
  if (!machine) return mdeError(request.ctx, 404, 'ResourceNotFound', `Machine ${id} was not found`);
  return { status: 200, json: { '@odata.context': `${request.baseUrl}/api/$metadata#Machines/$entity`, ...machine } };
}

export function listVulnerabilities(request: DataRequest): Reply {
  return mdeList(request, VULNERABILITIES, `${request.baseUrl}/api/$metadata#Vulnerabilities`, () => inventoryOf(request.tenant).vulnerabilities, recordAccessors, (item) => item);
}

export function getVulnerability(request: DataRequest): Reply {
  const id = request.ctx.params.id ?? '';
  const cve = inventoryOf(request.tenant).vulnerabilities.find((item) => String(item.id).toLowerCase() === id.toLowerCase());
  if (!cve) return mdeError(request.ctx, 404, 'ResourceNotFound', `Vulnerability ${id} was not found`);
  return { status: 200, json: { '@odata.context': `${request.baseUrl}/api/$metadata#Vulnerabilities/$entity`, ...cve } };
}

export function listMachineVulnerabilities(request: DataRequest): Reply {
  const context = `${request.baseUrl}/api/$metadata#Collection(microsoft.windowsDefenderATP.api.PublicAssetVulnerabilityDto)`;
  return mdeList(request, MACHINE_VULNERABILITIES, context, () => inventoryOf(request.tenant).machineVulnerabilities, recordAccessors, (item) => item);
}

export function listSoftware(request: DataRequest): Reply {
  return mdeList(request, SOFTWARE, `${request.baseUrl}/api/$metadata#Software`, () => inventoryOf(request.tenant).software, recordAccessors, (item) => item);
}
