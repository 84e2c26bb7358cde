#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { alertCommand } from './commands/alert.js';
import { checkCommand } from './commands/check.js';
import { demoCommand } from './commands/demo.js';
import { EXIT_FAILURE, EXIT_USAGE } from './commands/exit-codes.js';
import { incidentCommand } from './commands/incident.js';
import { normalizeCommand } from './commands/normalize.js';
import { runCommand } from './commands/run.js';
import { simulateCommand } from './commands/simulate.js';
import { ModuleLoadError } from './core/lazy-import.js';

/**
 * argv → commands; no logic here. Usage errors exit 2, like every command. Each command loads
 * what it does only when it runs (see lazyImport): a module that fails to load is a plain error
 * message and exit 1, not a stack trace.
 */
const program = new Command('defender-siem')
  .description('Microsoft Defender XDR to SIEM connector: collect, normalize to ECS, deliver at least once')
  .version('0.1.0')
  .exitOverride()
  .addCommand(runCommand())
  .addCommand(checkCommand())
  .addCommand(normalizeCommand())
  .addCommand(incidentCommand())
  .addCommand(alertCommand())
  .addCommand(simulateCommand())
  .addCommand(demoCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ModuleLoadError) {
    process.stderr.write(`defender-siem: ${error.message}\n`);
    process.exitCode = EXIT_FAILURE;
  } else {
    if (!(error instanceof CommanderError)) throw error;
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
}
