import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { STREAMS, type Stream } from '../../src/core/stream.js';
import { normalizeLine } from '../../src/normalize/index.js';
import type { NormalizeOptions } from '../../src/normalize/types.js';
import { FIXTURES_DIR } from '../fixtures-path.js';

/**
 * Bad input never throws and never stops the stream: whatever a line holds, normalizeLine returns
 * JSON-serialisable documents, and a document that could not be mapped says why.
 */
const OPTIONS: NormalizeOptions = { preserveOriginal: false, preserveDuplicateCustomFields: false };

const SEED_FILES: Record<Stream, string[]> = {
  alert: ['alert/test-alert.log', 'alert/alert-sample.log'],
  incident: ['incident/test-incident.log', 'incident/incident-sample.log', 'incident/test-incident-no-alerts.log'],
  event: ['event/test-device.log', 'event/test-alert.log', 'event/test-email.log', 'event/test-app-and-identity.log', 'event/test-cloud.log', 'event/test-behavior.log', 'event/test-message.log'],
  vulnerability: ['vulnerability/test-vulnerability.log'],
};

function seedRecords(stream: Stream): unknown[] {
  return SEED_FILES[stream].flatMap((file) =>
    readFileSync(join(FIXTURES_DIR, file), 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as unknown),
  );
}

function assertWellFormed(stream: Stream, line: string): void {
  const before = Object.getOwnPropertyNames(Object.prototype).join();
  let documents;
  try {
    documents = normalizeLine(stream, line, OPTIONS);
  } catch (error) {
    assert.fail(`normalizeLine threw on ${line.slice(0, 300)}: ${(error as Error).stack}`);
  }
  assert.equal(Object.getOwnPropertyNames(Object.prototype).join(), before, 'Object.prototype was modified');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'prototype pollution');
  for (const { id, doc } of documents) {
    assert.equal(typeof id, 'string');
    assert.ok(id.length > 0);
    const text = JSON.stringify(doc);
    assert.equal(typeof text, 'string');
    JSON.parse(text);
    const event = doc.event as Record<string, unknown> | undefined;
    if (event?.kind === 'pipeline_error') {
      assert.ok(doc.error, 'a pipeline_error document carries error.message');
      assert.equal(event.original, line, 'a pipeline_error document keeps the original line');
    }
  }
}

/** Replaces one value somewhere in a JSON tree (by a path of choices) with another value. */
function mutate(value: unknown, choices: number[], replacement: unknown): unknown {
  if (choices.length === 0 || value === null || typeof value !== 'object') return replacement;
  const [choice, ...rest] = choices;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const index = choice! % value.length;
    return value.map((item, i) => (i === index ? mutate(item, rest, replacement) : item));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[choice! % keys.length]!;
  return { ...(value as Record<string, unknown>), [key]: mutate((value as Record<string, unknown>)[key], rest, replacement) };
}

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom('', '-', '__proto__', 'constructor', '\u0000\r\n\u2028', '2023-10-20T09:53:09.8839373Z', '2022-11-22T06:19:40Z', '9999-99-99T99:99:99Z', '1.2.3.4', '::1', '{"a":1}', '[1,2', 'NaN', 'x'.repeat(100_000)),
);
const hostileValue = fc.oneof(fc.jsonValue(), hostileString, fc.constant(null), fc.constant({ __proto__: { polluted: true } }), fc.constant([]), fc.constant({}));

for (const stream of STREAMS) {
  const seeds = seedRecords(stream);

  test(`${stream}: mutated real records never throw and stay serialisable`, () => {
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.array(fc.nat(50), { maxLength: 5 }), hostileValue, (seedIndex, path, replacement) => {
        assertWellFormed(stream, JSON.stringify(mutate(seeds[seedIndex], path, replacement)));
      }),
      { numRuns: 300 },
    );
  });

  test(`${stream}: arbitrary text and JSON never throw`, () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((value) => JSON.stringify(value))), (line) => {
        assertWellFormed(stream, line);
      }),
      { numRuns: 300 },
    );
  });
}

test('a __proto__ key in a record cannot pollute Object.prototype', () => {
  const lines: [Stream, string][] = [
    ['event', '{"category":"AdvancedHunting-DeviceEvents","properties":{"__proto__":{"polluted":1},"AdditionalFields":"{\\"__proto__\\":{\\"polluted\\":1}}","Timestamp":"2024-01-01T00:00:00Z"}}'],
    ['alert', '{"id":"a","__proto__":{"polluted":1},"evidence":[{"__proto__":{"polluted":1},"@odata.type":"#microsoft.graph.security.ipEvidence","ipAddress":"1.2.3.4"}]}'],
    ['incident', '{"id":"1","__proto__":{"polluted":1},"alerts":[{"id":"x","constructor":{"prototype":{"polluted":1}}}]}'],
    ['vulnerability', '{"cveId":"CVE-1","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'],
  ];
  for (const [stream, line] of lines) assertWellFormed(stream, line);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('invalid JSON and oversize records become pipeline_error documents that keep the line', () => {
  for (const stream of STREAMS) {
    const [bad] = normalizeLine(stream, '{"id": 1,', OPTIONS);
    assert.equal((bad!.doc.event as Record<string, unknown>).kind, 'pipeline_error');
    assert.match(String((bad!.doc.error as Record<string, unknown>).message), /invalid JSON/);
    assert.equal((bad!.doc.event as Record<string, unknown>).original, '{"id": 1,');
  }
  const huge = `{"x":"${'a'.repeat(9 * 1024 * 1024)}"}`;
  const [big] = normalizeLine('event', huge, OPTIONS);
  assert.match(String((big!.doc.error as Record<string, unknown>).message), /exceeds/);
  assert.equal((big!.doc.event as Record<string, unknown>).original, huge);
});

test('an unknown Advanced Hunting table still yields a document, with error.message', () => {
  const line = '{"time":"2024-01-01T00:00:01Z","tenantId":"t","category":"AdvancedHunting-NoSuchTable","operationName":"Publish","properties":{"Timestamp":"2024-01-01T00:00:00.1234567Z"}}';
  const [only, ...rest] = normalizeLine('event', line, OPTIONS);
  assert.deepEqual(rest, []);
  const doc = JSON.parse(JSON.stringify(only!.doc)) as Record<string, any>;
  assert.equal(doc.event.kind, 'pipeline_error');
  assert.equal(doc.error.message, 'The event category AdvancedHunting-NoSuchTable is not supported.');
  assert.equal(doc['@timestamp'], '2024-01-01T00:00:00.123Z');
  assert.equal(doc.event.original, line);
});

test('an Event Hub message body yields one document per record, in order', () => {
  const record = (n: number) => ({ time: '2024-01-01T00:00:01Z', tenantId: 't', category: 'AdvancedHunting-NoSuchTable', properties: { Timestamp: `2024-01-01T00:00:0${n}Z` } });
  const documents = normalizeLine('event', JSON.stringify({ records: [record(1), record(2), record(3)] }), OPTIONS);
  assert.deepEqual(documents.map(({ doc }) => doc['@timestamp']), ['2024-01-01T00:00:01.000Z', '2024-01-01T00:00:02.000Z', '2024-01-01T00:00:03.000Z']);
  assert.equal(new Set(documents.map(({ id }) => id)).size, 3, 'distinct records get distinct ids');
  const again = normalizeLine('event', JSON.stringify({ records: [record(1)] }), OPTIONS);
  assert.equal(again[0]!.id, documents[0]!.id, 'the same record gets the same id on replay');
});
