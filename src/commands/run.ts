import { Command } from 'commander';
import { lazyImport } from '../core/lazy-import.js';
import { limitHeapGrowth } from '../core/heap-growth.js';
import type { RunFlags } from './run-action.js';

/**
 * `defender-siem run --config FILE [--exit-when-done]`: runs the pipeline until SIGTERM/SIGINT
 * (stop reading, commit, deliver what is buffered, exit 0), or with --exit-when-done until every
 * source is exhausted and every buffer drained; then prints a summary. What it does is in
 * run-action.ts, loaded only when it runs.
 */
export function runCommand(): Command {
  return new Command('run')
    .description('collect, normalize and deliver Defender data as the configuration says')
    .requiredOption('--config <file>', 'the YAML configuration file')
    .exitOverride()
    .option('--exit-when-done', 'stop once every source is exhausted and every buffer drained (replays)', false)
    .action(async (flags: RunFlags) => {
      // What V8 would let the heaps grow to here is memory, not speed (heap-growth.ts).
      limitHeapGrowth();
      const { run } = await lazyImport('the run command', () => import('./run-action.js'));
      process.exitCode = await run(flags);
      // Everything is committed, delivered or buffered, and closed by now. A library may still
      // hold a timer: @azure/event-hubs 6.0.0 leaks a token-renewal loop (every 45 min, forever)
      // when a partition receiver is closed while it connects (a rebalance, a shutdown), which
      // would keep a stopped connector alive. Logs are written synchronously: nothing is lost.
      process.exit();
    });
}
