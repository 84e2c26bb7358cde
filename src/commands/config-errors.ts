import { ConfigError } from '../core/errors.js';
import { unreadableInputFiles } from '../config/input-files.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { EXIT_USAGE } from './exit-codes.js';

/**
 * Loads the configuration or says why not on standard error: `{ config }` or `{ exitCode: 2 }`.
 * `checkFiles`: also fail on input files (credentials, CAs, GeoIP, replay inputs) that cannot be
 * read: `check` vouches for them (`run` fails on them itself, per tenant or per source).
 */
export function loadConfigOrReport(command: string, file: string, options: { checkFiles?: boolean } = {}): { config: Config } | { exitCode: number } {
  try {
    const config = loadConfig(file);
    const unreadable = options.checkFiles === true ? unreadableInputFiles(config) : [];
    if (unreadable.length > 0) throw new ConfigError(unreadable);
    return { config };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`defender-siem ${command}: invalid configuration ${file}\n${error.issues.map((issue) => `  ${issue}\n`).join('')}`);
    return { exitCode: EXIT_USAGE };
  }
}
