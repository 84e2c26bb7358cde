import type { Clock } from '../../core/clock.js';
import type { AppRegistration } from '../entra/apps.js';
import type { TenantFaults } from '../faults.js';
import type { GraphAlert } from '../generate/graph/alert.js';
import type { Tenant } from '../generate/tenant.js';
import type { VulnerabilityExport } from '../generate/vulnerability-export.js';
import { graphTime } from '../time-format.js';
import { Versioned } from './versioned.js';

/** An incident without its alerts (Graph serves them only with $expand=alerts) and the ids of its alerts. */
export interface IncidentState {
  readonly doc: Readonly<Record<string, unknown>>;
  readonly alertIds: readonly string[];
}

/** One tenant's data, its app registration and its fault dice. */
export interface TenantWorld {
  readonly tenant: Tenant;
  readonly app: AppRegistration;
  readonly faults: TenantFaults;
  readonly incidents: Map<string, Versioned<IncidentState>>;
  readonly alerts: Map<string, Versioned<GraphAlert>>;
  /** The SoftwareVulnerabilitiesExport snapshot, generated part by part on request. */
  readonly vulnerabilities: VulnerabilityExport;
}

/**
 * The simulated Defender world: the tenants' records, versioned under one change sequence.
 * Every change, by the world itself or by a client's PATCH, goes through `commit`, which
 * stamps the time and advances the sequence.
 */
export class World {
  private seq = 0;
  private lastChange: number;

  constructor(
    readonly clock: Clock,
    readonly tenants: readonly TenantWorld[],
  ) {
    this.lastChange = clock.now();
  }

  get sequence(): number {
    return this.seq;
  }

  /** Clock time of the last change (the start time until something changes). */
  lastChangeMs(): number {
    return this.lastChange;
  }

  tenantById(id: string): TenantWorld | undefined {
    return this.tenants.find((world) => world.tenant.id === id);
  }

  /** Opens a change at the clock's present: the sequence number its versions carry and the time they show. */
  commit(nowMs: number = this.clock.now()): { readonly seq: number; readonly time: string } {
    this.seq += 1;
    this.lastChange = Math.max(this.lastChange, nowMs);
    return { seq: this.seq, time: graphTime(nowMs) };
  }
}
