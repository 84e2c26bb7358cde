import type { DataHandler } from './data-request.js';
import { GRAPH_READ_ROLES, GRAPH_WRITE_ROLES } from './entra/roles.js';
import type { DataRoute } from './gateway.js';
import { getAlert, listAlerts } from './graph/alerts.js';
import { getIncident, listIncidents } from './graph/incidents.js';
import { patchAlert, patchIncident, postComment } from './graph/updates.js';
import { getMdeAlert, listMdeAlerts } from './mde/alerts.js';
import { exportLinks, PART_PATH, type ExportSettings } from './mde/export.js';
import { getMachine, getVulnerability, listMachines, listMachineVulnerabilities, listSoftware, listVulnerabilities } from './mde/inventory-routes.js';
import { HOUR, MINUTE, type Limit } from './rate-limit.js';
import type { Route } from './server/router.js';

/** What a route does: an Entra endpoint (no bearer), a guarded data endpoint, or an export file. */
export type RouteTarget = { readonly kind: 'entra'; readonly name: 'token' | 'openid' | 'instance' | 'keys' } | { readonly kind: 'data'; readonly route: DataRoute } | { readonly kind: 'file' };

const [INCIDENT_READ, ALERT_READ] = GRAPH_READ_ROLES;
const [INCIDENT_WRITE, ALERT_WRITE] = GRAPH_WRITE_ROLES;

/** §3.2/§5: machines 100/min and 1,500/h; the files export 5/min and 20/h; the others 100/min. */
const MDE_MACHINES: readonly Limit[] = [{ max: 100, windowMs: MINUTE }, { max: 1_500, windowMs: HOUR }];
const MDE_EXPORT: readonly Limit[] = [{ max: 5, windowMs: MINUTE }, { max: 20, windowMs: HOUR }];
const MDE_OTHER: readonly Limit[] = [{ max: 100, windowMs: MINUTE }];

export function buildRoutes(graphRequestsPerMinute: number, exportSettings: ExportSettings): Route<RouteTarget>[] {
  const graphLimits: readonly Limit[] = [{ max: graphRequestsPerMinute, windowMs: MINUTE }];
  const graph = (method: string, path: string, endpoint: string, roles: readonly string[], handler: DataHandler): Route<RouteTarget> => ({
    method,
    pattern: new RegExp(`^/v1\\.0/security/${path}$`),
    endpoint: `graph:${endpoint}`,
    // One budget for all of /security, per tenant (§2.5).
    handler: { kind: 'data', route: { api: 'graph', roles, budget: 'graph', limits: graphLimits, handler } },
  });
  const mde = (path: string, endpoint: string, roles: readonly string[], limits: readonly Limit[], handler: DataHandler, budget = endpoint): Route<RouteTarget> => ({
    method: 'GET',
    // MDE paths are case-insensitive and take an optional version segment (§3.1).
    pattern: new RegExp(`^/api(?:/v1\\.0)?/${path}$`, 'i'),
    endpoint: `mde:${endpoint}`,
    handler: { kind: 'data', route: { api: 'mde', roles, budget: `mde:${budget}`, limits, handler } },
  });
  const entra = (method: string, pattern: RegExp, name: 'token' | 'openid' | 'instance' | 'keys'): Route<RouteTarget> => ({ method, pattern, endpoint: `entra:${name}`, handler: { kind: 'entra', name } });
  const ID = '(?<id>[^/]+)';
  return [
    entra('GET', /^\/common\/discovery\/instance$/, 'instance'),
    entra('POST', /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/, 'token'),
    entra('GET', /^\/(?<tenant>[^/]+)\/v2\.0\/\.well-known\/openid-configuration$/, 'openid'),
    entra('GET', /^\/(?<tenant>[^/]+)\/discovery\/v2\.0\/keys$/, 'keys'),
    graph('GET', 'incidents', 'incidents', [INCIDENT_READ, INCIDENT_WRITE], listIncidents),
    graph('GET', `incidents/${ID}`, 'incident', [INCIDENT_READ, INCIDENT_WRITE], getIncident),
    graph('PATCH', `incidents/${ID}`, 'incident-update', [INCIDENT_WRITE], patchIncident),
    graph('POST', `incidents/${ID}/comments`, 'incident-comments', [INCIDENT_WRITE], (request) => postComment(request, 'incident')),
    graph('GET', 'alerts_v2', 'alerts_v2', [ALERT_READ, ALERT_WRITE], listAlerts),
    graph('GET', `alerts_v2/${ID}`, 'alert', [ALERT_READ, ALERT_WRITE], getAlert),
    graph('PATCH', `alerts_v2/${ID}`, 'alert-update', [ALERT_WRITE], patchAlert),
    graph('POST', `alerts_v2/${ID}/comments`, 'alert-comments', [ALERT_WRITE], (request) => postComment(request, 'alert')),
    mde('alerts', 'alerts', ['Alert.Read.All', 'Alert.ReadWrite.All'], MDE_OTHER, listMdeAlerts),
    mde(`alerts/${ID}`, 'alert', ['Alert.Read.All', 'Alert.ReadWrite.All'], MDE_OTHER, getMdeAlert),
    mde('machines/SoftwareVulnerabilitiesExport', 'export', ['Vulnerability.Read.All'], MDE_EXPORT, (request) => exportLinks(request, exportSettings)),
    mde('machines', 'machines', ['Machine.Read.All', 'Machine.ReadWrite.All'], MDE_MACHINES, listMachines),
    mde(`machines/${ID}`, 'machine', ['Machine.Read.All', 'Machine.ReadWrite.All'], MDE_MACHINES, getMachine, 'machines'),
    mde('vulnerabilities/machinesVulnerabilities', 'machine-vulnerabilities', ['Vulnerability.Read.All'], MDE_OTHER, listMachineVulnerabilities),
    mde('vulnerabilities', 'vulnerabilities', ['Vulnerability.Read.All'], MDE_OTHER, listVulnerabilities),
    mde(`vulnerabilities/${ID}`, 'vulnerability', ['Vulnerability.Read.All'], MDE_OTHER, getVulnerability),
    mde('software', 'software', ['Software.Read.All'], MDE_OTHER, listSoftware),
    { method: 'GET', pattern: PART_PATH, endpoint: 'export:file', handler: { kind: 'file' } },
  ];
}
