import { normalizeLine } from '../../../src/normalize/index.js';
import type { GeoLookup } from '../../../src/normalize/ecs/geo.js';
import type { NormalizeOptions } from '../../../src/normalize/types.js';

/** Helpers for the alert, email and identity family tests: one Event Hub record in, one document out. */
export const DEFAULT_OPTIONS: NormalizeOptions = { preserveOriginal: false, preserveDuplicateCustomFields: false };
export const KEEP_ALL: NormalizeOptions = { preserveOriginal: true, preserveDuplicateCustomFields: true };

export type Doc = Record<string, any>;

export function record(table: string, properties: Record<string, unknown>): Record<string, unknown> {
  return {
    time: '2026-01-05T07:41:55.1234567Z',
    tenantId: '0b7e4f3c-6a2d-4c11-8e5f-2d9a1c7b3e40',
    operationName: 'Publish',
    category: `AdvancedHunting-${table}`,
    properties: { Timestamp: '2026-01-05T07:41:10.0000000Z', ...properties },
  };
}

/** Normalizes a record given as an object or as raw text; returns the only document (as parsed JSON). */
export function normalizeRecord(input: Record<string, unknown> | string, options: NormalizeOptions = DEFAULT_OPTIONS): Doc {
  const line = typeof input === 'string' ? input : JSON.stringify(input);
  const documents = normalizeLine('event', line, options);
  if (documents.length !== 1) throw new Error(`expected one document, got ${documents.length}`);
  return JSON.parse(JSON.stringify(documents[0]!.doc)) as Doc;
}

/** A GeoIP lookup that knows one address. */
export function fakeGeo(ip: string): GeoLookup {
  return {
    geo: (address) => (address === ip ? { city_name: 'Testville', country_iso_code: 'TV', location: { lat: 1, lon: 2 } } : undefined),
    asn: (address) => (address === ip ? { number: 64500, organization: { name: 'Test AS' } } : undefined),
  };
}

export function errorsOf(doc: Doc): string[] {
  const message = doc.error?.message;
  return message === undefined ? [] : Array.isArray(message) ? message : [message];
}
