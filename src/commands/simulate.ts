import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { Command, InvalidArgumentError, Option } from 'commander';
import { scaledClock, systemClock } from '../core/clock.js';
import { FaultSpecError, parseFaults, type Faults } from '../simulator/faults.js';
import { startSimulator, type EventHubOptions, type RunningSimulator, type StorageOptions } from '../simulator/simulator.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

interface SimulateFlags {
  readonly port: number;
  readonly host: string;
  readonly seed: string;
  readonly tenants: number;
  readonly devices: number;
  readonly incidents: number;
  readonly minAlertsPerIncident: number;
  readonly maxAlertsPerIncident: number;
  readonly graphRequestsPerMinute: number;
  readonly changes?: number;
  readonly changeWindow: number;
  readonly vulnerabilityRows?: number;
  readonly exportFileRows: number;
  readonly speed: number;
  readonly faults?: Faults;
  readonly caOut?: string;
  readonly truth?: string;
  readonly eventhubPort?: number;
  readonly eventhubTlsPort?: number;
  readonly eventhubPartitions?: number;
  readonly eventsPerSecond?: number;
  readonly events?: number;
  readonly storageConnectionString?: string;
  readonly storageConnectionStringFile?: string;
}

/** The environment variable that may hold the Storage connection string (keeps an account key out of `ps`). */
const STORAGE_CONNECTION_STRING_ENV = 'DEFENDER_SIEM_SIMULATE_STORAGE_CONNECTION_STRING';

/**
 * `defender-siem simulate`: the built-in Defender XDR simulator (Entra token endpoint, Graph
 * security, Defender for Endpoint) on one HTTPS origin, until SIGINT/SIGTERM. The first line of
 * standard output is exactly `listening <base-url>`; scripts wait for it.
 */
export function simulateCommand(): Command {
  return new Command('simulate')
    .description('run the built-in Microsoft Defender XDR simulator (HTTPS) until interrupted')
    .addOption(new Option('--port <n>', 'port to listen on (0 = any free port)').argParser(wholeNumber(0, 65_535)).default(0))
    .addOption(new Option('--host <address>', 'address to listen on').default('127.0.0.1'))
    .option('--seed <seed>', 'seed of the generated tenants, records and changes', 'defender-siem-simulator')
    .addOption(new Option('--tenants <n>', 'number of tenants').argParser(wholeNumber(1, 1_000)).default(1))
    .addOption(new Option('--devices <n>', 'devices per tenant').argParser(wholeNumber(2, 1_000_000)).default(25))
    .addOption(new Option('--incidents <n>', 'incidents per tenant at start').argParser(wholeNumber(0, 1_000_000)).default(20))
    .addOption(new Option('--min-alerts-per-incident <n>', 'fewest alerts in a generated incident').argParser(wholeNumber(1, 1_000)).default(1))
    .addOption(new Option('--max-alerts-per-incident <n>', 'most alerts in a generated incident').argParser(wholeNumber(1, 1_000)).default(4))
    .addOption(new Option('--graph-requests-per-minute <n>', 'Graph /security requests per minute per tenant before 429').argParser(wholeNumber(1, 1_000_000)).default(150))
    .addOption(new Option('--changes <n>', 'record changes the world makes after start (default incidents × 2 × tenants)').argParser(wholeNumber(0, 10_000_000)))
    .addOption(new Option('--change-window <seconds>', 'clock seconds over which the changes are spread').argParser(wholeNumber(0, 86_400 * 365)).default(20))
    .addOption(new Option('--vulnerability-rows <n>', 'rows of each tenant\'s vulnerability export (default: one pass over its devices)').argParser(wholeNumber(0, 100_000_000)))
    .addOption(new Option('--export-file-rows <n>', 'rows per export file part').argParser(wholeNumber(1, 100_000_000)).default(50_000))
    .addOption(new Option('--speed <factor>', 'run the simulator clock this many times faster than the wall clock').argParser(positiveNumber).default(1))
    .addOption(new Option('--faults <spec>', 'faults to inject, e.g. throttle=0.1,error5xx=0.05,expand500=3').argParser(faultSpec))
    .option('--ca-out <file>', 'where to write the CA certificate to trust (default: a file in the temp directory)')
    .option('--truth <file>', 'on exit, write every record\'s final version (NDJSON) here')
    .addOption(new Option('--eventhub-port <n>', 'also run the Event Hubs emulator (AMQP, no TLS) on this port (0 = any free port); --eventhub-partitions, and --events/--events-per-second without a Storage account, turn it on too').argParser(wholeNumber(0, 65_535)))
    .addOption(new Option('--eventhub-partitions <n>', 'partitions of the emulated hub (default 4)').argParser(wholeNumber(1, 32)))
    .addOption(new Option('--eventhub-tls-port <n>', "also accept AMQP over TLS (the simulator's certificate) on this port (0 = any free port), where clients authenticate with the simulator's Entra tokens (scope https://eventhubs.azure.net/.default): for an eventhub source with tenant + endpoint").argParser(wholeNumber(0, 65_535)))
    .addOption(new Option('--storage-connection-string <conn>', `also write the Streaming API's Storage export (containers insights-logs-advancedhunting-<table>, append blobs tenantId=<id>/y=…/m=…/d=…/h=…/m=00/PT1H.json) into this Azure Storage account, e.g. Azurite's`).env(STORAGE_CONNECTION_STRING_ENV).conflicts('storageConnectionStringFile'))
    .option('--storage-connection-string-file <file>', 'the same, read from a file (one line)')
    .addOption(new Option('--events-per-second <n>', 'Advanced Hunting records streamed into the hub, and written to the Storage account, per second of the simulator clock (default 50)').argParser(wholeNumber(1, 1_000_000)))
    .addOption(new Option('--events <n>', 'Advanced Hunting records to stream into the hub, and to write to the Storage account, in total (default 1000)').argParser(wholeNumber(0, 100_000_000)))
    .exitOverride()
    .action(async (flags: SimulateFlags) => {
      process.exitCode = await simulate(flags);
    });
}

async function simulate(flags: SimulateFlags): Promise<number> {
  let storage: { storage?: StorageOptions };
  try {
    storage = storageOptions(flags);
  } catch (error) {
    process.stderr.write(`defender-siem simulate: bad Storage connection string: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  let simulator: RunningSimulator;
  try {
    simulator = await startSimulator({
      port: flags.port,
      host: flags.host,
      seed: flags.seed,
      tenants: flags.tenants,
      devices: flags.devices,
      incidents: flags.incidents,
      minAlertsPerIncident: flags.minAlertsPerIncident,
      maxAlertsPerIncident: flags.maxAlertsPerIncident,
      graphRequestsPerMinute: flags.graphRequestsPerMinute,
      changes: flags.changes,
      changeWindowMs: flags.changeWindow * 1000,
      vulnerabilityRows: flags.vulnerabilityRows,
      exportFileRows: flags.exportFileRows,
      faults: flags.faults,
      clock: flags.speed === 1 ? systemClock : scaledClock(flags.speed),
      ...eventHubOptions(flags),
      ...storage,
    });
  } catch (error) {
    process.stderr.write(`defender-siem simulate: cannot start: ${(error as Error).message}\n`);
    return (error as NodeJS.ErrnoException).code === 'EADDRINUSE' || error instanceof RangeError ? EXIT_USAGE : EXIT_FAILURE;
  }
  const caFile = flags.caOut ?? join(tmpdir(), `defender-siem-simulator-${new URL(simulator.baseUrl).port}-ca.pem`);
  try {
    writeFileSync(caFile, simulator.caCertificatePem);
  } catch (error) {
    await simulator.close();
    process.stderr.write(`defender-siem simulate: cannot write the CA certificate to ${caFile}: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const lines = [`listening ${simulator.baseUrl}`, `ca certificate: ${caFile}`];
  for (const tenant of simulator.tenants) {
    lines.push(`tenant ${tenant.id} (${tenant.domain}): client id ${tenant.clientId}, client secret ${tenant.clientSecret}`);
  }
  lines.push(`graph base: ${simulator.baseUrl}/v1.0  mde base: ${simulator.baseUrl}/api  token: ${simulator.baseUrl}/<tenant>/oauth2/v2.0/token`);
  // One line, the connection string after the first space, for scripts to cut.
  if (simulator.eventHub) lines.push(`eventhub ${simulator.eventHub.connectionString}`);
  if (simulator.eventHub?.tlsEndpoint) lines.push(`eventhub-tls ${simulator.eventHub.tlsEndpoint} (hub ${simulator.eventHub.hub}; Entra tokens only)`);
  if (simulator.storage) lines.push(`storage ${simulator.storage.url}: writing the Streaming API's export (containers insights-logs-advancedhunting-<table>, append blobs tenantId=<tenant id>/y=…/m=…/d=…/h=…/m=00/PT1H.json)`);
  process.stdout.write(`${lines.join('\n')}\n`);
  // For benchmarks that read a standing backlog: they start reading once this line is out.
  const hub = simulator.eventHub;
  void hub?.whenPublishingDone.then(() => {
    if (hub.publishingDone()) process.stdout.write(`eventhub publishing done ${hub.published()}\n`);
  });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  await simulator.close();
  // For scripts and benchmarks: what was served, endpoint → status → count.
  process.stdout.write(`requests ${JSON.stringify(simulator.requestCounts())}\n`);
  if (simulator.eventHub) process.stdout.write(`eventhub published ${simulator.eventHub.published()}\n`);
  if (simulator.storage) process.stdout.write(`storage written ${simulator.storage.written()}\n`);
  const storageFailure = simulator.storage?.failure();
  if (storageFailure) process.stderr.write(`defender-siem simulate: writing to the Storage account stopped early: ${storageFailure.message}\n`);
  if (flags.truth) {
    try {
      await simulator.writeTruth(flags.truth);
    } catch (error) {
      process.stderr.write(`defender-siem simulate: cannot write the truth file ${flags.truth}: ${(error as Error).message}\n`);
      return EXIT_FAILURE;
    }
  }
  process.stderr.write(`defender-siem simulate: stopped (${signal})\n`);
  return EXIT_OK;
}

/**
 * The emulator runs when one of its own options is given, or --events/--events-per-second
 * without a Storage account (then they can only be meant for the hub).
 */
function eventHubOptions(flags: SimulateFlags): { eventHub?: EventHubOptions } {
  const { eventhubPort: port, eventhubTlsPort: tlsPort, eventhubPartitions: partitions, eventsPerSecond, events } = flags;
  const ownOption = port !== undefined || tlsPort !== undefined || partitions !== undefined;
  const rateOption = eventsPerSecond !== undefined || events !== undefined;
  if (!ownOption && !(rateOption && !usesStorage(flags))) return {};
  return { eventHub: { port, tlsPort, partitions, eventsPerSecond, events } };
}

function usesStorage(flags: SimulateFlags): boolean {
  return flags.storageConnectionString !== undefined || flags.storageConnectionStringFile !== undefined;
}

/** The Storage export runs when a connection string is given (flag, environment or file). */
function storageOptions(flags: SimulateFlags): { storage?: StorageOptions } {
  const file = flags.storageConnectionStringFile;
  const connectionString = file === undefined ? flags.storageConnectionString : readFileSync(file, 'utf8').trim();
  if (connectionString === undefined) return {};
  if (connectionString === '') throw new Error(`${file ?? STORAGE_CONNECTION_STRING_ENV} is empty`);
  // Checked here, so that a malformed one is a usage error (the SDK's messages never quote it).
  BlobServiceClient.fromConnectionString(connectionString);
  return { storage: { connectionString, eventsPerSecond: flags.eventsPerSecond, events: flags.events } };
}

function wholeNumber(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    return value;
  };
}

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) throw new InvalidArgumentError('expected a number > 0.');
  return value;
}

function faultSpec(text: string): Faults {
  try {
    return parseFaults(text);
  } catch (error) {
    if (error instanceof FaultSpecError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}
