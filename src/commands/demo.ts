import { Command, InvalidArgumentError } from 'commander';
import { lazyImport } from '../core/lazy-import.js';
import { limitHeapGrowth } from '../core/heap-growth.js';
import type { DemoFlags } from './demo-action.js';

/**
 * `defender-siem demo`: the built-in Defender XDR simulator and a pipeline from every Microsoft
 * source into one NDJSON file per stream, with no tenant needed. The configuration it runs is
 * written beside the output, so the demo doubles as a starting point for a real deployment.
 * The simulator and the pipeline are loaded (demo-action.ts) only when the command runs.
 */
export function demoCommand(): Command {
  return new Command('demo')
    .description('run the connector against its built-in Defender XDR simulator (no tenant needed)')
    .option('--out <dir>', 'where to write the NDJSON files, the config and the state', 'out/demo')
    .option('--seed <n>', 'seed of the simulated tenant (same seed, same data)', integer, 1)
    .option('--incidents <n>', 'incidents in the simulated tenant', integer, 50)
    .option('--faults <spec>', 'faults the simulator injects, e.g. throttle=0.2,error5xx=0.05,expand500=20')
    .option('--exit-when-caught-up', 'exit 0 once everything the simulator holds is delivered and it stopped changing', false)
    .option('--truth <file>', 'write the final version of every simulated record (NDJSON) on exit, to check the output against')
    .option('--progress-ms <n>', 'how often to print progress', integer, 2_000)
    .option('--events <n>', 'Advanced Hunting records the simulator streams through its Event Hubs emulator (0: none)', integer, 5_000)
    .option('--events-per-second <n>', 'how fast it streams them', integer, 1_000)
    .option('--eventhub-partitions <n>', 'partitions of the emulated event hub', integer, 4)
    .option('--eventhub-port <n>', 'port of the Event Hubs emulator (0: any free port)', integer, 0)
    .exitOverride()
    .action(async (flags: DemoFlags) => {
      // What V8 would let the heaps grow to here is memory, not speed (heap-growth.ts).
      limitHeapGrowth();
      const { demo } = await lazyImport('the demo', () => import('./demo-action.js'));
      process.exitCode = await demo(flags);
      // As `run`: all is committed and closed; @azure/event-hubs 6.0.0 can leave a timer behind.
      process.exit();
    });
}

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return parsed;
}

