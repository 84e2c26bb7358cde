import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stream } from '../../src/core/stream.js';
import { normalizeLine } from '../../src/normalize/index.js';
import { DEFAULT_NORMALIZE_OPTIONS, type NormalizedDocument, type NormalizeOptions } from '../../src/normalize/types.js';
import { validIp } from '../../src/normalize/ecs/ip.js';
import { FIXTURES_DIR } from '../fixtures-path.js';

/** Shared by the alert, incident and evidence tests. */
export type Doc = Record<string, any>;

export const KEEP_ALL: NormalizeOptions = { preserveOriginal: true, preserveDuplicateCustomFields: true };

export function fixtureLines(file: string): string[] {
  return readFileSync(join(FIXTURES_DIR, file), 'utf8').split('\n').filter((line) => line.length > 0);
}

export function fixtureJson(file: string): Doc {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')) as Doc;
}

/** Normalizes and returns plain (JSON round-tripped) documents; fails if normalizeLine throws. */
export function run(stream: Stream, value: unknown, options: NormalizeOptions = DEFAULT_NORMALIZE_OPTIONS): { id: string; doc: Doc }[] {
  const line = typeof value === 'string' ? value : JSON.stringify(value);
  const documents: NormalizedDocument[] = normalizeLine(stream, line, options);
  return documents.map(({ id, doc }) => ({ id, doc: JSON.parse(JSON.stringify(doc)) as Doc }));
}

export function only(stream: Stream, value: unknown, options?: NormalizeOptions): { id: string; doc: Doc } {
  const documents = run(stream, value, options);
  assert.equal(documents.length, 1, `expected one document, got ${documents.length}`);
  return documents[0]!;
}

/** Fields Elasticsearch maps as `ip` in these streams (by leaf name). */
const IP_LEAVES = /^(ip|ip_address|sender_ip|ip_interfaces|last_ip_address|last_external_ip_address)$/;

/** Every value of every ip-mapped field is a real address (Elasticsearch would reject the document otherwise). */
export function assertValidIps(value: unknown, path = ''): void {
  if (Array.isArray(value)) {
    value.forEach((item) => assertValidIps(item, path));
    return;
  }
  if (value === null || typeof value !== 'object') {
    const leaf = path.slice(path.lastIndexOf('.') + 1);
    if (IP_LEAVES.test(leaf)) assert.ok(validIp(value) !== undefined, `${path} holds ${JSON.stringify(value)}, not an IP`);
    return;
  }
  for (const [key, item] of Object.entries(value)) assertValidIps(item, path ? `${path}.${key}` : key);
}

/**
 * Elasticsearch's fingerprint processor over string fields, written out independently of
 * src/normalize/ecs/fingerprint.ts: SHA-1 over a NUL byte + UTF-8 bytes per value, the values
 * taken in the sorted order of their field names, base64.
 */
export function elasticFingerprint(...sortedValues: string[]): string {
  const hash = createHash('sha1');
  for (const value of sortedValues) hash.update(Buffer.concat([Buffer.from([0]), Buffer.from(value, 'utf8')]));
  return hash.digest('base64');
}
