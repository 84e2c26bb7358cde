import { Command, InvalidArgumentError, Option } from 'commander';
import { lazyImport } from '../core/lazy-import.js';
import { FaultSpecError, parseFaults, type Faults } from '../simulator/faults.js';
import type { SimulateFlags } from './simulate-action.js';

/** The environment variable that may hold the Storage connection string (keeps an account key out of `ps`). */
export const STORAGE_CONNECTION_STRING_ENV = 'DEFENDER_SIEM_SIMULATE_STORAGE_CONNECTION_STRING';

/**
 * `defender-siem simulate`: the built-in Defender XDR simulator (Entra token endpoint, Graph
 * security, Defender for Endpoint) on one HTTPS origin, until SIGINT/SIGTERM. The first line of
 * standard output is exactly `listening <base-url>`; scripts wait for it. The simulator is
 * loaded (simulate-action.ts) only when the command runs.
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
      const { simulate } = await lazyImport('the simulator', () => import('./simulate-action.js'));
      process.exitCode = await simulate(flags);
    });
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
