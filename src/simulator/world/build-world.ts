import type { Clock } from '../../core/clock.js';
import { registerApp } from '../entra/apps.js';
import { TenantFaults } from '../faults.js';
import { createRng } from '../generate/rng.js';
import { planVulnerabilityExport } from '../generate/vulnerability-export.js';
import type { Settings } from '../options.js';
import { seedTenant } from './seed.js';
import { Versioned } from './versioned.js';
import { World, type TenantWorld } from './world.js';

/** Export snapshots are regenerated every 6 hours (§3.3); the simulator's is the bucket its start falls in. */
const SNAPSHOT_BUCKET_MS = 6 * 60 * 60 * 1000;

/** The simulated tenants at start: seeded records, app registrations, faults, export snapshots. */
export async function buildWorld(settings: Settings, clock: Clock): Promise<World> {
  const nowMs = clock.now();
  const worlds: TenantWorld[] = [];
  for (let index = 0; index < settings.tenants; index++) {
    const seeded = seedTenant({ seed: settings.seed, index, devices: settings.devices, incidents: settings.incidents, maxAlertsPerIncident: settings.maxAlertsPerIncident, minAlertsPerIncident: Math.min(settings.minAlertsPerIncident, settings.maxAlertsPerIncident), nowMs });
    const rng = createRng(`${settings.seed}/tenant-${index}`);
    worlds.push({
      tenant: seeded.tenant,
      app: await registerApp(seeded.tenant.id, rng.fork('app'), settings.tenantApps[index]),
      faults: new TenantFaults(settings.faults, rng.fork('faults')),
      incidents: new Map(seeded.incidents.map((state) => [String(state.doc.id), new Versioned(String(state.doc.id), 0, state)])),
      alerts: new Map(seeded.alerts.map((alert) => [String(alert.id), new Versioned(String(alert.id), 0, alert)])),
      vulnerabilities: planVulnerabilityExport(seeded.tenant, rng.fork('vulnerability'), {
        rows: settings.vulnerabilityRows,
        snapshotMs: Math.floor(nowMs / SNAPSHOT_BUCKET_MS) * SNAPSHOT_BUCKET_MS,
      }),
    });
  }
  return new World(clock, worlds);
}
