import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { normalizeLine } from '../../../src/normalize/index.js';
import { DEFAULT_NORMALIZE_OPTIONS } from '../../../src/normalize/types.js';
import { normalizeBatch } from '../../../src/pipeline/normalize-batch.js';
import { eventLinesFromSeed } from '../../../src/simulator/generate/index.js';
import { bodyBytes, parsedMessageRecords } from '../../../src/sources/eventhubs/records.js';
import { documentBodies, encodeDocuments } from '../../../src/buffer/document-batch.js';

const RECORD_A = '{"time":"2026-01-05T07:39:41.5127731Z","tenantId":"t","category":"AdvancedHunting-DeviceProcessEvents","properties":{"Timestamp":"2026-01-05T07:38:44.912Z","DeviceId":"d1","LogonId":123456789012345678,"ActionType":"ProcessCreated"}}';
const RECORD_B = '{ "category" : "AdvancedHunting-DeviceNetworkEvents", "properties": {"Timestamp":"2026-01-05T07:38:45Z","RemoteUrl":"a\\"b]}"} }';

/** The record texts of a body. */
function messageRecords(body: unknown): string[] {
  return parsedMessageRecords(body).map((record) => record.text);
}

/** The documents of a body as the product makes them: its bytes, normalized as one batch. */
function documents(body: unknown): Array<{ doc: { event?: { kind?: unknown; original?: unknown } } }> {
  const batch = normalizeBatch({ stream: 'event', records: [], messageBodies: [bodyBytes(body)] }, DEFAULT_NORMALIZE_OPTIONS);
  return documentBodies(batch.docs.ndjson).map((body) => ({ doc: JSON.parse(Buffer.from(body).toString('utf8')) as { event?: { kind?: unknown; original?: unknown } } }));
}

function kinds(body: unknown): unknown[] {
  return documents(body).map(({ doc }) => doc.event?.kind);
}

test('a message body yields each record with its exact text (big integers, spacing and escapes kept)', () => {
  const body = Buffer.from(`{"records": [ ${RECORD_A} ,\n${RECORD_B}]}`);
  assert.deepEqual(messageRecords(body), [RECORD_A, RECORD_B]);
  assert.deepEqual(messageRecords(body.toString('utf8')), [RECORD_A, RECORD_B]);
});

test('the records key is found whatever the other keys hold, and the last one counts, as in JSON.parse', () => {
  const body = `{"meta":{"records":[1,2]},"note":"\\"records\\": [9]","records":[{"x":1}],"re\\u0063ords":[${RECORD_A}]}`;
  assert.deepEqual(messageRecords(body), [RECORD_A]);
  assert.deepEqual(messageRecords('{"records":[]}'), []);
});

test('bad bodies become pipeline_error documents that keep the text: nothing is dropped', () => {
  for (const body of ['not json at all', '{"records": [1, 2', '[1,2,3]', '{"no_records":true}', '{"records":"nope"}', '42', 'null']) {
    const docs = documents(Buffer.from(body));
    assert.equal(docs.length, 1, body);
    assert.equal((docs[0]!.doc.event as { kind?: string; original?: string }).kind, 'pipeline_error', body);
    assert.equal((docs[0]!.doc.event as { original?: string }).original, body, body);
  }
});

test('an empty or blank message becomes a pipeline_error document too', () => {
  for (const body of [Buffer.alloc(0), Buffer.from('  \n'), undefined]) {
    assert.deepEqual(kinds(body), ['pipeline_error']);
  }
});

test('elements that are not objects are errors of their own; the good records of the message still map', () => {
  const body = `{"records":[${RECORD_A},"text",null,[1],${RECORD_B}]}`;
  assert.deepEqual(messageRecords(body), [RECORD_A, '"text"', 'null', '[1]', RECORD_B]);
  assert.deepEqual(kinds(Buffer.from(body)), ['event', 'pipeline_error', 'pipeline_error', 'pipeline_error', 'event']);
});

test('invalid UTF-8 and AMQP value bodies (a map, a number) are still turned into records', () => {
  assert.deepEqual(kinds(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), ['pipeline_error']);
  assert.deepEqual(messageRecords({ records: [{ a: 1 }] }), ['{"a":1}']);
  assert.deepEqual(kinds(7), ['pipeline_error']);
  assert.deepEqual(kinds(10n), ['pipeline_error']);
});

test('a body with a category is one record, as the normalizer reads it', () => {
  const body = '{"records":[1],"category":"AdvancedHunting-DeviceEvents","properties":{}}';
  assert.deepEqual(messageRecords(body), [body]);
});

test('each record keeps its exact text whatever its strings hold (quotes, runs of backslashes, brackets)', () => {
  const tricky = fc.string({ unit: fc.constantFrom('"', '\\', ']', '}', '[', '{', ',', 'a', 'é', ' ') });
  const record = fc.dictionary(tricky, fc.oneof(tricky, fc.integer(), fc.constant(null), fc.array(tricky, { maxLength: 3 })), { maxKeys: 4 });
  fc.assert(
    fc.property(fc.array(record, { maxLength: 5 }), fc.constantFrom('', ' ', '\n  '), (records, space) => {
      const texts = records.map((value) => JSON.stringify(value, null, space.length > 1 ? 1 : undefined));
      const body = `{${space}"records"${space}:${space}[${space}${texts.join(`${space},${space}`)}${space}]${space}}`;
      assert.deepEqual(messageRecords(Buffer.from(body)), texts);
      assert.deepEqual(parsedMessageRecords(Buffer.from(body)), texts.map((text) => ({ text, json: JSON.parse(text) })));
    }),
    { numRuns: 500 },
  );
});

test('a body parsed once gives the same documents as each record parsed from its own text', () => {
  const lines = eventLinesFromSeed('records-test', 400);
  const records = [...lines, RECORD_A, RECORD_B, '"text"', 'null', '{"category":"AdvancedHunting-NoSuchTable","properties":{}}'];
  const body = Buffer.from(`{"records":[${records.join(',')}]}`);
  const options = { ...DEFAULT_NORMALIZE_OPTIONS, preserveOriginal: true };
  const batch = normalizeBatch({ stream: 'event', records: [], messageBodies: [body] }, options);
  const oneByOne = records.flatMap((record) => normalizeLine('event', record, options)).map(({ id, doc }) => ({ id, body: JSON.stringify(doc) }));
  assert.equal(batch.records, records.length);
  assert.equal(batch.failed, 3);
  assert.deepEqual(batch.docs, encodeDocuments('event', oneByOne));
});
