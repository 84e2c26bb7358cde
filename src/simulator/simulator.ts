import { createHash, X509Certificate } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { TokenIssuer } from './entra/access-token.js';
import { EVENT_HUBS_RESOURCE, STORAGE_RESOURCE, type EntraDirectory } from './entra/token.js';
import type { Faults } from './faults.js';
import { dispatch, type Deps } from './dispatch.js';
import type { EventTruthLine } from './eventhubs/publisher.js';
import { createRng } from './generate/rng.js';
import type { ExportSettings } from './mde/export.js';
import { LinkSigner } from './mde/sas.js';
import { resolveSettings, type SimulatorOptions } from './options.js';
import { RateLimiter } from './rate-limit.js';
import { RequestCounter, type RequestCounts } from './request-counts.js';
import { buildRoutes } from './routes.js';
import { closeServer, listenHttps, serverCertificate } from './server/https.js';
import { startStorage, startStreaming, type SimulatorEventHub, type SimulatorStorage } from './streaming.js';
import { truthLines, type TruthLine } from './truth.js';
import { buildWorld } from './world/build-world.js';
import { ChangeSchedule } from './world/changes.js';
import type { TenantWorld, World } from './world/world.js';
import { writeLines } from './write-lines.js';

export type { EventHubOptions, SimulatorOptions, StorageOptions } from './options.js';
export type { SimulatorEventHub, SimulatorStorage } from './streaming.js';
export type { Faults } from './faults.js';
export type { TenantAppOptions } from './entra/apps.js';
export type { TruthLine } from './truth.js';
export type { EventTruthLine } from './eventhubs/publisher.js';
export type { RequestCounts } from './request-counts.js';

/** A truth line of any stream: Graph and MDE records by id, streamed events by table and ReportId. */
export type SimulatorTruthLine = TruthLine | EventTruthLine;

/** The Graph and MDE lines (those with an id), e.g. `[...sim.truth()].filter(isRecordTruthLine)`. */
export function isRecordTruthLine(line: SimulatorTruthLine): line is TruthLine {
  return line.stream !== 'event';
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

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const settings = resolveSettings(options);
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

