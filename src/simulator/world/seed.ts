import type { GraphAlert } from '../generate/graph/alert.js';
import { generateIncidents } from '../generate/graph/incident.js';
import { createRng } from '../generate/rng.js';
import { createTenant, type Tenant } from '../generate/tenant.js';
import { MINUTE_MS } from '../generate/time.js';
import type { IncidentState } from './world.js';

export interface TenantSeedOptions {
  readonly seed: string;
  readonly index: number;
  readonly devices: number;
  readonly incidents: number;
  readonly maxAlertsPerIncident: number;
  readonly minAlertsPerIncident: number;
  /** The clock's present at start: all generated history ends before it. */
  readonly nowMs: number;
}

export interface TenantSeed {
  readonly tenant: Tenant;
  readonly incidents: IncidentState[];
  readonly alerts: GraphAlert[];
}

/**
 * One tenant's starting data from the shared generator. The history is placed to end just
 * before the clock's present (the generator's own spacing: up to 3 h between incidents, alert
 * updates up to 3 h after creation, incident updates up to 2 h after that), so a connector
 * starting now with a lookback finds it, and every later change is newer than all of it.
 */
export function seedTenant(options: TenantSeedOptions): TenantSeed {
  const seed = `${options.seed}/tenant-${options.index}`;
  const tenant = createTenant(seed, { devices: options.devices, users: Math.max(40, Math.ceil(options.devices * 0.8)) });
  const span = (options.incidents * 180 + (options.maxAlertsPerIncident - 1) * 20 + 180 + 120 + 1) * MINUTE_MS;
  const startMs = Math.floor((options.nowMs - span) / MINUTE_MS) * MINUTE_MS;
  const generated = generateIncidents(tenant, options.incidents, createRng(seed).fork('incidents'), { startMs, maxAlertsPerIncident: options.maxAlertsPerIncident, minAlertsPerIncident: options.minAlertsPerIncident });
  const alerts = generated.alerts.map(completeAlert);
  const incidents = generated.incidents.map((incident) => {
    const { alerts: members, ...doc } = incident;
    return { doc, alertIds: (members as GraphAlert[]).map((alert) => String(alert.id)) };
  });
  return { tenant, incidents, alerts };
}

/**
 * Properties every real alerts_v2 record has that the sample generator leaves out: the
 * `categories` that replace the deprecated `category`, the AIR state, custom details.
 */
export function completeAlert(alert: GraphAlert): GraphAlert {
  return {
    ...alert,
    categories: alert.categories ?? [alert.category],
    investigationState: alert.investigationState ?? (alert.serviceSource === 'microsoftDefenderForEndpoint' ? investigationState(alert) : 'unknown'),
    customDetails: alert.customDetails ?? {},
  };
}

function investigationState(alert: GraphAlert): string {
  if (alert.status === 'resolved') return alert.classification === 'truePositive' ? 'successfullyRemediated' : 'benign';
  return alert.status === 'inProgress' ? 'running' : 'pendingApproval';
}
