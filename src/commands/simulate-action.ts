import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { scaledClock, systemClock } from '../core/clock.js';
import type { Faults } from '../simulator/faults.js';
import { startSimulator, type EventHubOptions, type RunningSimulator, type StorageOptions } from '../simulator/simulator.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { STORAGE_CONNECTION_STRING_ENV } from './simulate.js';

export interface SimulateFlags {
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

/** `defender-siem simulate`: see simulateCommand. */
export async function simulate(flags: SimulateFlags): Promise<number> {
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
