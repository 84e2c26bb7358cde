import type { Rng } from '../rng.js';
import type { Tenant } from '../tenant.js';
import { DEFAULT_START_MS, HOUR_MS, MINUTE_MS, msTime } from '../time.js';
import { buildAlert, chooseOutcome, pickDetection, type GraphAlert } from './alert.js';
import { chooseSubject } from './evidence.js';

/** A Graph security incident with its `alerts` expanded (`$expand=alerts`), as in §2.6. */
export type GraphIncident = Record<string, unknown>;

export interface GenerateIncidentsOptions {
  /** Time of the first incident (epoch ms). Default: a fixed date. */
  readonly startMs?: number;
  /** Most alerts in one incident (default 4). */
  readonly maxAlertsPerIncident?: number;
  /** Fewest alerts in one incident (default 1); equal to the maximum for a fixed count. */
  readonly minAlertsPerIncident?: number;
}

const SEVERITY_ORDER = ['informational', 'low', 'medium', 'high'];

/**
 * `count` incidents, each grouping 1–4 alerts about one device and one user (one attack story or
 * one benign false alarm). The alerts are returned too, as the alerts_v2 endpoint lists them:
 * an alert appears both on its own and inside its incident, with the same id.
 */
export function generateIncidents(tenant: Tenant, count: number, rng: Rng, options: GenerateIncidentsOptions = {}): { incidents: GraphIncident[]; alerts: GraphAlert[] } {
  const incidents: GraphIncident[] = [];
  const alerts: GraphAlert[] = [];
  let timeMs = options.startMs ?? DEFAULT_START_MS;
  let incidentNumber = rng.int(1_000, 40_000);
  for (let i = 0; i < count; i++) {
    timeMs += rng.int(5, 180) * MINUTE_MS;
    incidentNumber += rng.int(1, 30);
    const incidentId = String(incidentNumber);
    const subject = chooseSubject(tenant, rng);
    const first = pickDetection(rng);
    const outcome = chooseOutcome(tenant, rng, first);
    const alertCount = rng.int(options.minAlertsPerIncident ?? 1, options.maxAlertsPerIncident ?? 4);
    const members: GraphAlert[] = [];
    for (let a = 0; a < alertCount; a++) {
      const detection = a === 0 ? first : pickDetection(rng);
      members.push(buildAlert({ detection, subject, incidentId, createdMs: timeMs + a * rng.int(1, 20) * MINUTE_MS, outcome }, rng));
    }
    alerts.push(...members);
    incidents.push(buildIncident(tenant, rng, incidentId, members, subject.device.name));
  }
  return { incidents, alerts };
}

function buildIncident(tenant: Tenant, rng: Rng, id: string, alerts: readonly GraphAlert[], deviceName: string): GraphIncident {
  const first = alerts[0]!;
  const lastUpdate = alerts.map((alert) => String(alert.lastUpdateDateTime)).sort().at(-1)!;
  const severity = alerts.map((alert) => String(alert.severity)).sort((a, b) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b)).at(-1)!;
  const status = first.status === 'resolved' ? 'resolved' : first.status === 'inProgress' ? 'inProgress' : 'active';
  return {
    '@odata.type': '#microsoft.graph.security.incident',
    id,
    incidentWebUrl: `https://security.microsoft.com/incidents/${id}?tid=${tenant.id}`,
    redirectIncidentId: null,
    tenantId: tenant.id,
    displayName: incidentName(alerts, deviceName),
    description: null,
    summary: null,
    createdDateTime: first.createdDateTime,
    lastUpdateDateTime: msTime(Date.parse(lastUpdate) + rng.int(0, 2) * HOUR_MS, rng),
    lastModifiedBy: first.assignedTo ?? 'Automation',
    assignedTo: first.assignedTo,
    classification: first.classification ?? 'unknown',
    determination: first.determination ?? 'unknown',
    status,
    severity,
    priorityScore: rng.int(10, 95),
    resolvingComment: status === 'resolved' ? `Resolved as ${String(first.classification)}.` : null,
    customTags: rng.chance(0.3) ? ['Demo'] : [],
    systemTags: [],
    comments: [],
    alerts,
  };
}

/** Microsoft's naming: one alert keeps its title; several become a "Multi-stage incident …". */
function incidentName(alerts: readonly GraphAlert[], deviceName: string): string {
  if (alerts.length === 1) return `${String(alerts[0]!.title)} on ${deviceName}`;
  const tactics = [...new Set(alerts.map((alert) => String(alert.category).replace(/([a-z])([A-Z])/g, '$1 $2')))];
  const words = tactics.map((tactic, index) => (index === 0 ? tactic[0] + tactic.slice(1).toLowerCase() : tactic.toLowerCase()));
  return `Multi-stage incident involving ${words.join(' & ')} on one endpoint`;
}
