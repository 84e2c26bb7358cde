import { Command } from 'commander';
import { lazyImport } from '../core/lazy-import.js';

/**
 * `defender-siem check --config FILE`: validates the configuration and prints it as it will run
 * (defaults filled in, paths resolved, secrets as [REDACTED]). Exit 0 if valid, 2 otherwise.
 */
export function checkCommand(): Command {
  return new Command('check')
    .description('validate a configuration file and print the effective configuration, secrets redacted')
    .requiredOption('--config <file>', 'the YAML configuration file')
    .exitOverride()
    .action(async (flags: { config: string }) => {
      const { check } = await lazyImport('the check command', () => import('./check-action.js'));
      process.exitCode = check(flags.config);
    });
}
