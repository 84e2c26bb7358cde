import { stringify } from 'yaml';
import { EXIT_OK } from './exit-codes.js';
import { loadConfigOrReport } from './config-errors.js';

/** `defender-siem check`: see checkCommand. */
export function check(file: string): number {
  const loaded = loadConfigOrReport('check', file, { checkFiles: true });
  if ('exitCode' in loaded) return loaded.exitCode;
  // A JSON round trip turns each Secret into "[REDACTED]" (its toJSON) before YAML sees it.
  const effective = JSON.parse(JSON.stringify(loaded.config)) as unknown;
  process.stdout.write(`# ${file}: valid. Effective configuration (defaults filled in, paths resolved, secrets redacted):\n${stringify(effective)}`);
  return EXIT_OK;
}
