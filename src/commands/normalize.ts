import { Command, Option } from 'commander';
import { STREAMS } from '../core/stream.js';
import { lazyImport } from '../core/lazy-import.js';
import { EXIT_USAGE } from './exit-codes.js';
import type { NormalizeFlags } from './normalize-action.js';

/**
 * `defender-siem normalize`: raw NDJSON records of one stream in, ECS documents as NDJSON out, in
 * input order. Bad lines become pipeline_error documents (exit 0); only bad arguments or an
 * unreadable input exit 2. What it does is in normalize-action.ts, loaded only when it runs.
 */
export function normalizeCommand(): Command {
  return new Command('normalize')
    .description('normalize raw Defender records (NDJSON, one per line) into ECS documents on stdout')
    .addOption(new Option('--stream <stream>', 'the data stream of the input').choices(STREAMS).makeOptionMandatory())
    .option('--input <file>', 'NDJSON file to read (.gz accepted), or - for standard input', '-')
    .option('--preserve-original', 'keep the raw record in event.original', false)
    .option('--preserve-duplicate-custom-fields', 'keep m365_defender.* copies of values promoted to ECS', false)
    .addOption(new Option('--incident-output <mode>', 'incident documents: one per (incident, alert) pair, or one per incident').choices(['per_alert', 'per_incident']).default('per_alert'))
    .option('--geoip-dir <dir>', 'directory holding the MaxMind City and ASN .mmdb databases')
    .exitOverride((error) => {
      // commander prints the message itself; usage errors are exit 2 across the CLI.
      process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
    })
    .action(async (flags: NormalizeFlags) => {
      const { runNormalize } = await lazyImport('the normalize command', () => import('./normalize-action.js'));
      await runNormalize(flags);
    });
}
