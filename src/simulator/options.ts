import { systemClock, type Clock } from '../core/clock.js';
import type { TenantAppOptions } from './entra/apps.js';
import { parseFaults, type Faults } from './faults.js';

export interface SimulatorOptions {
  /** 0 (default) = any free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Same seed, same tenants, records and change schedule. Default 'defender-siem-simulator'. */
  readonly seed?: string | number;
  /** Tenants (default 1). */
  readonly tenants?: number;
  /** Devices per tenant (default 25). */
  readonly devices?: number;
  /** Incidents per tenant at start (default 20). */
  readonly incidents?: number;
  /** Most alerts in one generated incident (default 4). */
  readonly maxAlertsPerIncident?: number;
  /** Fewest alerts in one generated incident (default 1; set both for a fixed count). */
  readonly minAlertsPerIncident?: number;
  /** Fault spec (`throttle=0.1,expand500=3`) or parsed faults. */
  readonly faults?: string | Faults;
  /** The time of every rate limit, expiry, Retry-After and change (default the system clock). */
  readonly clock?: Clock;
  /** Changes the world makes after start (default incidents × 2 × tenants). */
  readonly changes?: number;
  /** Clock time over which the changes are spread (default 20 s). */
  readonly changeWindowMs?: number;
  /** Rows of each tenant's SoftwareVulnerabilitiesExport (default: one pass over its devices). */
  readonly vulnerabilityRows?: number;
  /** Rows per export file part (default 50,000). */
  readonly exportFileRows?: number;
  /** Graph /security requests per minute per tenant before 429 (default 150). */
  readonly graphRequestsPerMinute?: number;
  /** Per-tenant app registration choices, by tenant index (read-only app, certificate credential). */
  readonly tenantApps?: readonly TenantAppOptions[];
  /**
   * Also run an Event Hubs emulator (AMQP, plain TCP) with Advanced Hunting records streamed into
   * one hub as Defender's Streaming API does, drawn from the simulated tenants.
   */
  readonly eventHub?: EventHubOptions;
  /**
   * Also write Advanced Hunting records of the simulated tenants into a Storage account as the
   * Streaming API's Storage export does (hourly append blobs per table and tenant).
   */
  readonly storage?: StorageOptions;
}

export interface StorageOptions {
  /** The account's connection string (Azurite's, or a real account's). */
  readonly connectionString: string;
  /** Records per second of the simulator's clock (default 50). */
  readonly eventsPerSecond?: number;
  /** Records in total; writing stops after the last (default 1,000). */
  readonly events?: number;
}

export interface EventHubOptions {
  /** 0 (default) = any free port. The emulator listens on the simulator's host. */
  readonly port?: number;
  /** Partitions of the hub (default 4). */
  readonly partitions?: number;
  /** Hub name (default insights-logs-advancedhunting, the single-hub name Defender uses). */
  readonly hub?: string;
  /** Records per second of the simulator's clock (default 50). */
  readonly eventsPerSecond?: number;
  /** Records in total; publishing stops after the last (default 1,000). */
  readonly events?: number;
  /**
   * Also accept AMQP over TLS on this port (0 = any free port), with the simulator's certificate:
   * what the SDK speaks with an Entra credential. JWTs put on `$cbs` must then be the simulator's
   * own Event Hubs tokens (signature, lifetime, audience).
   */
  readonly tlsPort?: number;
}

const DEFAULT_SEED = 'defender-siem-simulator';

export interface Settings {
  readonly port: number;
  readonly host: string;
  readonly seed: string;
  readonly tenants: number;
  readonly devices: number;
  readonly incidents: number;
  readonly maxAlertsPerIncident: number;
  readonly minAlertsPerIncident: number;
  readonly faults: Faults;
  readonly clock: Clock;
  readonly changes: number;
  readonly changeWindowMs: number;
  readonly vulnerabilityRows: number | undefined;
  readonly exportFileRows: number;
  readonly graphRequestsPerMinute: number;
  readonly tenantApps: readonly TenantAppOptions[];
  readonly eventHub: EventHubSettings | undefined;
  readonly storage: StorageSettings | undefined;
}

export interface StorageSettings {
  readonly connectionString: string;
  readonly eventsPerSecond: number;
  readonly events: number;
}

export interface EventHubSettings {
  readonly port: number;
  readonly tlsPort: number | undefined;
  readonly partitions: number;
  readonly hub: string;
  readonly eventsPerSecond: number;
  readonly events: number;
}

/** The options with their defaults, checked: what the simulator runs with. */
export function resolveSettings(options: SimulatorOptions): Settings {
  const whole = (name: string, value: number | undefined, fallback: number, min = 0): number => {
    const result = value ?? fallback;
    if (!Number.isSafeInteger(result) || result < min) throw new RangeError(`simulator option ${name} must be a whole number ≥ ${min}, got ${String(value)}`);
    return result;
  };
  const tenants = whole('tenants', options.tenants, 1, 1);
  const incidents = whole('incidents', options.incidents, 20);
  const port = whole('port', options.port, 0);
  if (port > 65_535) throw new RangeError(`simulator option port must be at most 65535, got ${port}`);
  return {
    port,
    host: options.host ?? '127.0.0.1',
    seed: String(options.seed ?? DEFAULT_SEED),
    tenants,
    devices: whole('devices', options.devices, 25, 2),
    incidents,
    maxAlertsPerIncident: whole('maxAlertsPerIncident', options.maxAlertsPerIncident, 4, 1),
    minAlertsPerIncident: whole('minAlertsPerIncident', options.minAlertsPerIncident, 1, 1),
    faults: typeof options.faults === 'string' ? parseFaults(options.faults) : (options.faults ?? {}),
    clock: options.clock ?? systemClock,
    changes: whole('changes', options.changes, incidents * 2 * tenants),
    changeWindowMs: whole('changeWindowMs', options.changeWindowMs, 20_000),
    vulnerabilityRows: options.vulnerabilityRows === undefined ? undefined : whole('vulnerabilityRows', options.vulnerabilityRows, 0),
    exportFileRows: whole('exportFileRows', options.exportFileRows, 50_000, 1),
    graphRequestsPerMinute: whole('graphRequestsPerMinute', options.graphRequestsPerMinute, 150, 1),
    tenantApps: options.tenantApps ?? [],
    eventHub: options.eventHub ? resolveEventHub(options.eventHub, whole) : undefined,
    storage: options.storage ? resolveStorage(options.storage, whole) : undefined,
  };
}

function resolveEventHub(options: EventHubOptions, whole: (name: string, value: number | undefined, fallback: number, min?: number) => number): EventHubSettings {
  const port = whole('eventHub.port', options.port, 0);
  if (port > 65_535) throw new RangeError(`simulator option eventHub.port must be at most 65535, got ${port}`);
  const partitions = whole('eventHub.partitions', options.partitions, 4, 1);
  if (partitions > 32) throw new RangeError(`simulator option eventHub.partitions must be at most 32, got ${partitions}`);
  const eventsPerSecond = rate('eventHub.eventsPerSecond', options.eventsPerSecond);
  const tlsPort = options.tlsPort === undefined ? undefined : whole('eventHub.tlsPort', options.tlsPort, 0);
  if (tlsPort !== undefined && tlsPort > 65_535) throw new RangeError(`simulator option eventHub.tlsPort must be at most 65535, got ${tlsPort}`);
  return { port, tlsPort, partitions, hub: options.hub ?? 'insights-logs-advancedhunting', eventsPerSecond, events: whole('eventHub.events', options.events, 1_000) };
}

function resolveStorage(options: StorageOptions, whole: (name: string, value: number | undefined, fallback: number, min?: number) => number): StorageSettings {
  return {
    connectionString: options.connectionString,
    eventsPerSecond: rate('storage.eventsPerSecond', options.eventsPerSecond),
    events: whole('storage.events', options.events, 1_000),
  };
}

/** Records per second: any positive number, default 50. */
function rate(name: string, value: number | undefined): number {
  const result = value ?? 50;
  if (!(result > 0) || !Number.isFinite(result)) throw new RangeError(`simulator option ${name} must be > 0, got ${String(value)}`);
  return result;
}
