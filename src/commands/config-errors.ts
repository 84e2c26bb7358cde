import { ConfigError } from '../core/errors.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { EXIT_USAGE } from './exit-codes.js';

/** Loads the configuration or says why not on standard error: `{ config }` or `{ exitCode: 2 }`. */
export function loadConfigOrReport(command: string, file: string): { config: Config } | { exitCode: number } {
  try {
    return { config: loadConfig(file) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`defender-siem ${command}: invalid configuration ${file}\n${error.issues.map((issue) => `  ${issue}\n`).join('')}`);
    return { exitCode: EXIT_USAGE };
  }
}
