import { createHash, X509Certificate } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { systemClock, type Clock } from '../core/clock.js';
import { TokenIssuer } from './entra/access-token.js';
import { registerApp, type TenantAppOptions } from './entra/apps.js';
import { EVENT_HUBS_RESOURCE, STORAGE_RESOURCE, type EntraDirectory } from './entra/token.js';
import { parseFaults, TenantFaults, type Faults } from './faults.js';
import { dispatch, type Deps } from './dispatch.js';
import { startPublisher, type EventTruthLine, type RunningPublisher } from './eventhubs/publisher.js';
import { startEventHubEmulator, type RunningEventHubEmulator } from './eventhubs/server.js';
import { startStorageStream, type RunningStorageStream } from './storage/export-stream.js';
import { createRng } from './generate/rng.js';
import { planVulnerabilityExport } from './generate/vulnerability-export.js';
import type { ExportSettings } from './mde/export.js';
import { LinkSigner } from './mde/sas.js';
import { RateLimiter } from './rate-limit.js';
import { RequestCounter, type RequestCounts } from './request-counts.js';
import { buildRoutes } from './routes.js';
import { closeServer, listenHttps, serverCertificate, type ServerCertificate } from './server/https.js';
import { truthLines, type TruthLine } from './truth.js';
import { ChangeSchedule } from './world/changes.js';
import { seedTenant } from './world/seed.js';
import { Versioned } from './world/versioned.js';
import { World, type TenantWorld } from './world/world.js';

export type { Faults } from './faults.js';
export type { TenantAppOptions } from './entra/apps.js';
export type { TruthLine } from './truth.js';
export type { EventTruthLine } from './eventhubs/publisher.js';

/** A truth line of any stream: Graph and MDE records by id, streamed events by table and ReportId. */
export type SimulatorTruthLine = TruthLine | EventTruthLine;

/** The Graph and MDE lines (those with an id), e.g. `[...sim.truth()].filter(isRecordTruthLine)`. */
export function isRecordTruthLine(line: SimulatorTruthLine): line is TruthLine {
  return line.stream !== 'event';
}
export type { RequestCounts } from './request-counts.js';

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

export interface SimulatorStorage {
  /** The blob endpoint written to (without credentials). */
  readonly url: string;
  /** Records appended so far. */
  written(): number;
  /** True once every record has been written. */
  writingDone(): boolean;
  /** Why writing stopped early, if it did. */
  failure(): Error | undefined;
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

export interface SimulatorEventHub {
  /** For @azure/event-hubs: `Endpoint=sb://HOST:PORT;…;EntityPath=HUB;UseDevelopmentEmulator=true`. */
  readonly connectionString: string;
  /** With `tlsPort`: `amqps://HOST:PORT`, the SDK's `customEndpointAddress` (the eventhub source's `endpoint`). */
  readonly tlsEndpoint?: string;
  readonly hub: string;
  readonly partitions: number;
  /** Records published so far. */
  published(): number;
  /** True once every record has been published. */
  publishingDone(): boolean;
  /** Resolves once publishing is over (every record out, or stopped early). */
  readonly whenPublishingDone: Promise<void>;
}

export interface SimulatorTenant {
  readonly id: string;
  /** The tenant's domain (also accepted in the token URL instead of the id). */
  readonly domain: string;
  readonly clientId: string;
  /** The simulator's own throwaway secret for this app. */
  readonly clientSecret: string;
  readonly roles: readonly string[];
  /** Present when the app has a certificate credential; the thumbprint is the hex SHA-256 MSAL takes. */
  readonly certificate?: { readonly certificatePem: string; readonly privateKeyPem: string; readonly thumbprintSha256: string };
}

export interface RunningSimulator {
  /** https://127.0.0.1:PORT — the Entra authority host, the Graph base and the MDE base at once. */
  readonly baseUrl: string;
  /** The self-signed certificate the server presents; trust it (and only it) to talk to the simulator. */
  readonly caCertificatePem: string;
  readonly tenants: readonly SimulatorTenant[];
  /** Present when started with `eventHub`. */
  readonly eventHub?: SimulatorEventHub;
  /** Present when started with `storage`. */
  readonly storage?: SimulatorStorage;
  /** Clock time of the last change to any record (the world's own or a client's). */
  lastChangeMs(): number;
  /** True once the world has made all its scheduled changes. */
  quiescent(): boolean;
  /** Resolves when quiescent. */
  whenQuiescent(): Promise<void>;
  /**
   * Every record's final version as (stream, id, timestamp), then one line per streamed event
   * published (Event Hubs) or written (Storage) so far (stream, table, report_id, timestamp);
   * lazy, so iterate it rather than keep it.
   */
  truth(): Generator<SimulatorTruthLine>;
  /** The truth as NDJSON. */
  writeTruth(file: string): Promise<void>;
  /** Responses served so far: endpoint → status → count. */
  requestCounts(): RequestCounts;
  close(): Promise<void>;
}

const DEFAULT_SEED = 'defender-siem-simulator';
/** Export snapshots are regenerated every 6 hours (§3.3); the simulator's is the bucket its start falls in. */
const SNAPSHOT_BUCKET_MS = 6 * 60 * 60 * 1000;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const settings = resolve(options);
  const { clock, faults } = settings;
  const certificate = await serverCertificate();
  // The port is only known once listening, and every URL the simulator hands out names it: the
  // listener is bound first and the world built behind a gate that requests wait on.
  let ready: (deps: Deps) => void = () => undefined;
  const depsReady = new Promise<Deps>((resolveDeps) => (ready = resolveDeps));
  const { server, port } = await listenHttps(certificate, settings.host, settings.port, (req, res) => {
    void depsReady.then((deps) => dispatch(req, res, deps));
  });
  const baseUrl = `https://${settings.host}:${port}`;
  try {
    const world = await buildWorld(settings, clock);
    const issuer = await TokenIssuer.create(clock, { graph: baseUrl, mde: 'https://api.securitycenter.microsoft.com', eventhubs: EVENT_HUBS_RESOURCE, storage: STORAGE_RESOURCE }, baseUrl);
    const exportSettings: ExportSettings = { signer: new LinkSigner(), fileRows: settings.exportFileRows };
    const counter = new RequestCounter();
    const deps: Deps = {
      routes: buildRoutes(settings.graphRequestsPerMinute, exportSettings),
      gateway: { world, issuer, limiter: new RateLimiter(clock), clock, baseUrl, faults },
      directory: directoryOf(world, baseUrl, clock, issuer, faults),
      exportSettings,
      counter,
    };
    // The storage writer first: a malformed connection string throws before anything else runs.
    const storage = settings.storage ? startStorage(settings, settings.storage, world) : undefined;
    const streaming = settings.eventHub ? await startStreaming(settings, settings.eventHub, world, { certificate, issuer }).catch(async (error: unknown) => {
      await storage?.stop();
      throw error;
    }) : undefined;
    const schedule = new ChangeSchedule(world, clock, createRng(settings.seed).fork('changes'), settings.changes, settings.changeWindowMs);
    ready(deps);
    const truth = function* (): Generator<SimulatorTruthLine> {
      yield* truthLines(world);
      if (streaming) yield* streaming.publisher.publishedTruth();
      if (storage) yield* storage.writtenTruth();
    };
    return {
      baseUrl,
      caCertificatePem: certificate.certificatePem,
      tenants: world.tenants.map(describeTenant),
      ...(streaming ? { eventHub: streaming.description } : {}),
      ...(storage ? { storage: { url: storage.url, written: () => storage.written(), writingDone: () => storage.done(), failure: () => storage.failure() } } : {}),
      lastChangeMs: () => world.lastChangeMs(),
      quiescent: () => schedule.quiescent(),
      whenQuiescent: () => schedule.done,
      truth,
      writeTruth: (file) => writeLines(truth(), file),
      requestCounts: () => counter.snapshot(),
      close: async () => {
        schedule.close();
        streaming?.publisher.stop();
        await Promise.all([closeServer(server), streaming?.emulator.close(), storage?.stop()]);
      },
    };
  } catch (error) {
    await closeServer(server);
    throw error;
  }
}

interface Streaming {
  readonly emulator: RunningEventHubEmulator;
  readonly publisher: RunningPublisher;
  readonly description: SimulatorEventHub;
}

async function startStreaming(settings: Settings, options: EventHubSettings, world: World, entra: { certificate: ServerCertificate; issuer: TokenIssuer }): Promise<Streaming> {
  const emulator = await startEventHubEmulator({
    port: options.port,
    host: settings.host,
    hubs: [{ name: options.hub, partitions: options.partitions }],
    ...(options.tlsPort === undefined
      ? {}
      : {
          tls: { port: options.tlsPort, certificatePem: entra.certificate.certificatePem, privateKeyPem: entra.certificate.privateKeyPem },
          verifyJwt: async (token: string) => (await entra.issuer.check(`Bearer ${token}`, 'eventhubs')).ok,
        }),
  });
  const publisher = startPublisher({
    publish: (hub, bodies) => emulator.publish(hub, bodies),
    hub: options.hub,
    tenants: world.tenants.map((tenant) => tenant.tenant),
    seed: settings.seed,
    eventsPerSecond: options.eventsPerSecond,
    events: options.events,
    clock: settings.clock,
  });
  return {
    emulator,
    publisher,
    description: {
      connectionString: emulator.connectionString(options.hub),
      ...(emulator.tlsEndpoint === undefined ? {} : { tlsEndpoint: emulator.tlsEndpoint }),
      hub: options.hub,
      partitions: options.partitions,
      published: () => publisher.published(),
      publishingDone: () => publisher.done(),
      whenPublishingDone: publisher.whenDone,
    },
  };
}

function startStorage(settings: Settings, options: StorageSettings, world: World): RunningStorageStream {
  return startStorageStream({
    connectionString: options.connectionString,
    tenants: world.tenants.map((tenant) => tenant.tenant),
    seed: settings.seed,
    eventsPerSecond: options.eventsPerSecond,
    events: options.events,
    clock: settings.clock,
  });
}

/** NDJSON, written in chunks so a million-line truth never sits in memory as one string. */
async function writeLines(lines: Iterable<object>, file: string): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let chunk = '';
  for (const line of lines) {
    chunk += `${JSON.stringify(line)}\n`;
    if (chunk.length >= 65_536) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await finished(out);
}

interface Settings {
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

interface StorageSettings {
  readonly connectionString: string;
  readonly eventsPerSecond: number;
  readonly events: number;
}

interface EventHubSettings {
  readonly port: number;
  readonly tlsPort: number | undefined;
  readonly partitions: number;
  readonly hub: string;
  readonly eventsPerSecond: number;
  readonly events: number;
}

function resolve(options: SimulatorOptions): Settings {
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

async function buildWorld(settings: Settings, clock: Clock): Promise<World> {
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

function directoryOf(world: World, baseUrl: string, clock: Clock, issuer: TokenIssuer, faults: Faults): EntraDirectory {
  return {
    baseUrl,
    clock,
    issuer,
    tokenLifetimeSeconds: faults.token_expiry ?? 3599,
    tenant: (segment) => {
      const name = segment.toLowerCase();
      // A domain names a tenant only if no other simulated tenant drew the same organisation.
      const byDomain = world.tenants.filter((candidate) => candidate.tenant.domain === name);
      const found = world.tenants.find((candidate) => candidate.tenant.id === name) ?? (byDomain.length === 1 ? byDomain[0] : undefined);
      return found ? { id: found.tenant.id, app: found.app } : undefined;
    },
  };
}

function describeTenant(world: TenantWorld): SimulatorTenant {
  const { app, tenant } = world;
  const base = { id: tenant.id, domain: tenant.domain, clientId: app.clientId, clientSecret: app.clientSecret, roles: app.roles };
  if (!app.certificate) return base;
  const thumbprintSha256 = createHash('sha256').update(new X509Certificate(app.certificate.certificatePem).raw).digest('hex');
  return { ...base, certificate: { certificatePem: app.certificate.certificatePem, privateKeyPem: app.certificate.privateKeyPem, thumbprintSha256 } };
}

