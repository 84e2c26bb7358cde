import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { normalizeLine } from '../../../src/normalize/index.js';
import type { NormalizeOptions } from '../../../src/normalize/types.js';
import { FIXTURES_DIR } from '../../fixtures-path.js';
import { fakeGeo } from './family-helper.js';

/**
 * Event documents never hold null, "", [] or {} at any depth, as after Elastic's final clean-up.
 * The event stream skips the clean-up walk unless a write could have left such a value
 * (src/normalize/ecs/empty-watch.ts), so this checks that no write escapes the watch.
 */
const FILES = ['test-device.log', 'test-alert.log', 'test-email.log', 'test-app-and-identity.log', 'test-cloud.log', 'test-behavior.log', 'test-message.log'];
const OPTION_SETS: NormalizeOptions[] = [
  { preserveOriginal: false, preserveDuplicateCustomFields: false },
  { preserveOriginal: false, preserveDuplicateCustomFields: true },
  { preserveOriginal: true, preserveDuplicateCustomFields: false, geo: fakeGeo('89.160.20.112') },
];

const records = FILES.flatMap((file) =>
  readFileSync(join(FIXTURES_DIR, 'event', file), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as { properties?: Record<string, unknown> }),
);

function emptyPaths(value: unknown, path: string, found: string[]): string[] {
  if (value === null || value === undefined || value === '') found.push(path);
  else if (Array.isArray(value)) {
    if (value.length === 0) found.push(path);
    value.forEach((item, index) => emptyPaths(item, `${path}[${index}]`, found));
  } else if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) found.push(path);
    for (const key of keys) emptyPaths((value as Record<string, unknown>)[key], `${path}.${key}`, found);
  }
  return found;
}

function assertNoEmpty(line: string): void {
  for (const options of OPTION_SETS) {
    for (const { doc } of normalizeLine('event', line, options)) {
      assert.deepEqual(emptyPaths(doc, 'doc', []), [], `empty values in the document of ${line.slice(0, 300)}`);
    }
  }
}

test('event documents of the fixtures hold no empty value', () => {
  for (const record of records) assertNoEmpty(JSON.stringify(record));
});

/** Values that are, hold, or can turn into empty ones on their way to a field. */
const emptyish = fc.constantFrom<unknown>(
  null, '', ' ', [], {}, [null], [''], [[]], [{}], { a: null }, { a: '' }, { direction: 'In' }, { direction: '' },
  '{}', '[]', '[null]', '{"a":null,"b":[]}', '{"direction":"Out"}', '{"direction":""}', '{31D7}', '{}',
  'HKEY_LOCAL_MACHINE\\', 'http://', 'http://x.example', 'http://x.example?#', '//@:', '  ', '-', '@', 'a@',
  { query: '', qtype_name: '', answers: '[""]', TTLs: '[]', trans_id: '' }, '{"query":"","answers":["",""],"AA":true}',
);
/** Columns that steps map in code (URLs, DNS, command lines, registry, users, adapters), beside any column. */
const MAPPED_IN_CODE = [
  'RemoteUrl', 'Url', 'AdditionalFields', 'ProcessCommandLine', 'InitiatingProcessCommandLine', 'RegistryKey', 'RegistryValueName',
  'NetworkAdapterName', 'MacAddress', 'UserAgent', 'UserAgentHeader', 'SenderEmailAddress', 'AttackTechniques', 'LoggedOnUsers',
  'InitiatingProcessSignatureStatus', 'EntityType', 'Category', 'Severity', 'FolderPath', 'FileName', 'ActionType',
];
const ENVELOPE = ['time', 'operationName', 'Tenant', 'tenantId'];
const actionType = fc.constantFrom('DnsConnectionInspected', 'ConnectionSuccess', 'ProcessCreated', 'ImageLoaded', 'RegistryValueSet', 'Phish ZAP', ' ');

test('mutated event records hold no empty value', () => {
  const columns = [...new Set(records.flatMap((record) => Object.keys(record.properties ?? {})))];
  const column = fc.oneof(fc.constantFrom(...MAPPED_IN_CODE), fc.constantFrom(...columns));
  fc.assert(
    fc.property(
      fc.nat(records.length - 1),
      fc.array(fc.tuple(column, emptyish), { minLength: 1, maxLength: 6 }),
      fc.array(fc.tuple(fc.constantFrom(...ENVELOPE), emptyish), { maxLength: 2 }),
      fc.option(actionType),
      (index, replacements, envelope, action) => {
        const record = structuredClone(records[index]!) as Record<string, unknown> & { properties?: Record<string, unknown> };
        const properties = (record.properties ??= {});
        for (const [name, value] of replacements) properties[name] = value;
        for (const [name, value] of envelope) record[name] = value;
        if (action !== null) properties.ActionType = action;
        assertNoEmpty(JSON.stringify(record));
      },
    ),
    { numRuns: 1000 },
  );
});
