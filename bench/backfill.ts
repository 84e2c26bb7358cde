import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import { scaledClock, type Clock } from '../src/core/clock.js';
import { writeDemoConfig } from '../src/demo/demo-config.js';
import { runUntilCaughtUp } from '../src/demo/run-until-caught-up.js';
import { buildSource } from '../src/pipeline/build.js';
import { openTenants } from '../src/pipeline/tenants.js';
import { Metrics, total } from '../src/telemetry/metrics.js';
import { emitReport, peakRssMb } from './result.js';
import { startSimulatorProcess, type SimulatorProcess } from './support/simulator-process.js';

const INCIDENTS = 10_000;
const ALERTS_PER_INCIDENT = 5;
const PAGE = 50;
const REQUESTS_PER_MINUTE = 150;
/** The clock runs this much faster than the wall: the bench's minutes of throttling take seconds. */
const SPEED = 2;

/**
 * A first run against a tenant holding 10,000 incidents × 5 alerts, throttled by the simulator
 * (its own process, on the other core) at Graph's 150 requests/min per tenant. Figures: API calls
 * against ⌈N/50⌉, and the wall time of the collection against the floor the rate limit imposes on
 * that many calls (sliding one-minute window: call k cannot start before ⌊k/150⌋ minutes), on
 * the same ×2 clock; then the whole pipeline (normalize, SQLite buffer, file sink) for comparison.
 */
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-backfill-'));
  try {
    const collection = await phase(join(dir, 'collection'), collect);
    const pipeline = await phase(join(dir, 'pipeline'), deliver);
    const minimumCalls = Math.ceil(INCIDENTS / PAGE);
    const floorSeconds = (calls: number) => (Math.floor((calls - 1) / REQUESTS_PER_MINUTE) * 60) / SPEED;
    emitReport({
      bench: 'backfill',
      figures: [
        { name: `incident API calls (${INCIDENTS} incidents × ${ALERTS_PER_INCIDENT} alerts; 429s: ${collection.throttled})`, value: collection.calls, unit: 'calls', baseline: { label: '⌈N/50⌉', value: minimumCalls }, target: { atMost: Math.floor(1.05 * minimumCalls) } },
        { name: `collection wall time at ${REQUESTS_PER_MINUTE} req/min (clock ×${SPEED})`, value: collection.seconds, unit: 's', baseline: { label: 'rate-limit floor', value: floorSeconds(collection.calls) }, target: { atMost: 1.1 * floorSeconds(collection.calls) } },
        { name: `whole pipeline: ${pipeline.documents} documents to a file (${pipeline.calls} calls, 429s: ${pipeline.throttled})`, value: pipeline.seconds, unit: 's', baseline: { label: 'rate-limit floor', value: floorSeconds(pipeline.calls) } },
      ],
      peakRssMb: peakRssMb(),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Outcome {
  readonly seconds: number;
  readonly documents: number;
}

/** One measurement against a fresh simulator: its request counts come back when it stops. */
async function phase(dir: string, measure: (config: Config, clock: Clock) => Promise<Outcome>): Promise<Outcome & { calls: number; throttled: number }> {
  const simulator = await startSimulatorProcess([
    '--seed', 'backfill',
    '--incidents', String(INCIDENTS),
    '--devices', '200',
    '--min-alerts-per-incident', String(ALERTS_PER_INCIDENT),
    '--max-alerts-per-incident', String(ALERTS_PER_INCIDENT),
    '--changes', '0',
    '--graph-requests-per-minute', String(REQUESTS_PER_MINUTE),
    '--speed', String(SPEED),
  ]);
  let served: Record<string, Record<string, number>> | undefined;
  try {
    // Both clocks run ×SPEED; they differ by a constant offset (their start times), which neither
    // rate-limit windows nor Retry-After waits (both relative) can see.
    const outcome = await measure(loadConfig(writeConfig(dir, simulator)), scaledClock(SPEED));
    served = await simulator.stop();
    const incidents = Object.entries(served).filter(([endpoint]) => endpoint.includes('incidents'));
    const count = (statuses: (status: string) => boolean) => incidents.reduce((sum, [, byStatus]) => sum + Object.entries(byStatus).filter(([status]) => statuses(status)).reduce((a, [, n]) => a + n, 0), 0);
    return { ...outcome, calls: count(() => true), throttled: count((status) => status === '429') };
  } finally {
    if (served === undefined) await simulator.stop().catch(() => undefined);
  }
}

function writeConfig(dir: string, simulator: SimulatorProcess): string {
  mkdirSync(dir, { recursive: true });
  return writeDemoConfig({
    outDir: dir,
    baseUrl: simulator.baseUrl,
    caCertificatePem: simulator.caCertificatePem,
    tenants: simulator.tenants,
    streams: ['incident'],
    sourceTypes: ['graph_incidents'],
    pollIntervalMs: 3_600_000,
    initialLookbackMs: 20 * 365 * 24 * 3_600_000,
    logLevel: 'warn',
  });
}

/** The graph_incidents source alone, read as the runner reads it, until its first sweep is complete. */
async function collect(config: Config, clock: Clock): Promise<Outcome> {
  const log = pino({ level: 'silent' });
  const tenants = await openTenants(config.tenants, clock, log);
  const metrics = new Metrics();
  const source = await buildSource(config.sources[0]!, { log, clock, metrics, tenantClients: tenants.apis });
  const status = metrics.sourceStatuses.get(source.name)!;
  const stop = new AbortController();
  const started = performance.now();
  let records = 0;
  let seconds = 0;
  // The sweep's end is recorded once the source is asked for more after its last page; it then
  // waits for the next poll, which the watcher cuts short.
  const watcher = setInterval(() => {
    if (status.completedPolls === 0 || stop.signal.aborted) return;
    seconds = (performance.now() - started) / 1000;
    stop.abort();
  }, 5);
  try {
    for await (const batch of source.read(undefined, stop.signal)) records += batch.records.length;
    if (records !== INCIDENTS) throw new Error(`expected ${INCIDENTS} incidents, read ${records}`);
    return { seconds, documents: records };
  } finally {
    clearInterval(watcher);
    stop.abort();
    await tenants.close();
  }
}

/** The whole pipeline into a file sink, until the first sweep is delivered. */
async function deliver(config: Config, clock: Clock): Promise<Outcome> {
  const metrics = new Metrics();
  const started = performance.now();
  await runUntilCaughtUp({ config, log: pino({ level: 'silent' }), metrics, world: { quiescent: () => true, lastChangeMs: () => 0 }, exitWhenCaughtUp: true, stop: new AbortController(), abandon: new AbortController().signal, checkEveryMs: 50, clock });
  const documents = await total(metrics.sent, { component_kind: 'sink' });
  if (documents !== INCIDENTS * ALERTS_PER_INCIDENT) throw new Error(`expected ${INCIDENTS * ALERTS_PER_INCIDENT} documents, delivered ${documents}`);
  return { seconds: (performance.now() - started) / 1000, documents };
}

await main();
