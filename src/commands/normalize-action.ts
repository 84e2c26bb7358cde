import { accessSync, constants, statSync } from 'node:fs';
import { once } from 'node:events';
import type { Stream } from '../core/stream.js';
import { openGeoDirectory } from '../enrich/maxmind-geo.js';
import { normalizeLine } from '../normalize/index.js';
import type { NormalizeOptions } from '../normalize/types.js';
import { openInput, readLines } from '../io/read-lines.js';
import { EXIT_USAGE } from './exit-codes.js';

export interface NormalizeFlags {
  stream: Stream;
  input: string;
  preserveOriginal: boolean;
  preserveDuplicateCustomFields: boolean;
  incidentOutput: 'per_alert' | 'per_incident';
  geoipDir?: string;
}

/** `defender-siem normalize`: see normalizeCommand. */
export async function runNormalize(flags: NormalizeFlags): Promise<void> {
  const options: NormalizeOptions = {
    preserveOriginal: flags.preserveOriginal,
    preserveDuplicateCustomFields: flags.preserveDuplicateCustomFields,
    incidentOutput: flags.incidentOutput,
    geo: flags.geoipDir === undefined ? undefined : openGeoOrExit(flags.geoipDir),
  };
  const input = flags.input === '-' ? process.stdin : openInputOrExit(flags.input);
  const out = process.stdout;
  let pending = '';
  for await (const line of readLines(input)) {
    if (line.trim().length === 0) continue;
    for (const { doc } of normalizeLine(flags.stream, line, options)) pending += `${JSON.stringify(doc)}\n`;
    if (pending.length >= 64 * 1024) {
      // Respect stdout backpressure so a slow consumer never makes us buffer the whole output.
      if (!out.write(pending)) await once(out, 'drain');
      pending = '';
    }
  }
  if (pending.length > 0 && !out.write(pending)) await once(out, 'drain');
}

function openInputOrExit(path: string) {
  try {
    if (statSync(path).isDirectory()) throw new Error('it is a directory');
    accessSync(path, constants.R_OK);
  } catch (error) {
    usageError(`cannot read the input ${path}: ${reason(error)}. Give a readable NDJSON file, or - for standard input.`);
  }
  const stream = openInput(path);
  stream.on('error', (error) => usageError(`cannot read the input ${path}: ${reason(error)}`));
  return stream;
}

function openGeoOrExit(directory: string) {
  try {
    return openGeoDirectory(directory);
  } catch (error) {
    return usageError(`${reason(error)}. Point --geoip-dir at a directory holding GeoLite2-City.mmdb and GeoLite2-ASN.mmdb.`);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return (error as Error)?.message ?? String(error);
}

function usageError(message: string): never {
  process.stderr.write(`defender-siem normalize: ${message}\n`);
  process.exit(EXIT_USAGE);
}
