import { Command } from 'commander';
import { stringify } from 'yaml';
import { EXIT_OK } from './exit-codes.js';
import { loadConfigOrReport } from './config-errors.js';

/**
 * `defender-siem check --config FILE`: validates the configuration and prints it as it will run
 * (defaults filled in, paths resolved, secrets as [REDACTED]). Exit 0 if valid, 2 otherwise.
 */
export function checkCommand(): Command {
  return new Command('check')
    .description('validate a configuration file and print the effective configuration, secrets redacted')
    .requiredOption('--config <file>', 'the YAML configuration file')
    .exitOverride()
    .action((flags: { config: string }) => {
      process.exitCode = check(flags.config);
    });
}

export function check(file: string): number {
  const loaded = loadConfigOrReport('check', file, { checkFiles: true });
  if ('exitCode' in loaded) return loaded.exitCode;
  // A JSON round trip turns each Secret into "[REDACTED]" (its toJSON) before YAML sees it.
  const effective = JSON.parse(JSON.stringify(loaded.config)) as unknown;
  process.stdout.write(`# ${file}: valid. Effective configuration (defaults filled in, paths resolved, secrets redacted):\n${stringify(effective)}`);
  return EXIT_OK;
}
