import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { normalizeLine } from '../../../src/normalize/index.js';
import { DEFAULT_NORMALIZE_OPTIONS } from '../../../src/normalize/types.js';
import { normalizeBatch } from '../../../src/pipeline/normalize-batch.js';
import { eventLinesFromSeed } from '../../../src/simulator/generate/index.js';
import { bodyBytes, messageRecords, wholeBodyRecord } from '../../../src/sources/eventhubs/records.js';
import { documentBodies, encodeDocuments } from '../../../src/buffer/document-batch.js';

const RECORD_A = '{"time":"2026-01-05T07:39:41.5127731Z","tenantId":"t","category":"AdvancedHunting-DeviceProcessEvents","properties":{"Timestamp":"2026-01-05T07:38:44.912Z","DeviceId":"d1","LogonId":123456789012345678,"ActionType":"ProcessCreated"}}';
const RECORD_B = '{ "category" : "AdvancedHunting-DeviceNetworkEvents", "properties": {"Timestamp":"2026-01-05T07:38:45Z","RemoteUrl":"a\\"b]}"} }';

/** The record texts of a body: each element's, or the whole body as one record if it is not a well-formed message. */
function messageRecordTexts(body: unknown): string[] {
  const message = messageRecords(body);
  return message === undefined ? [wholeBodyRecord(body)] : Array.from({ length: message.count }, (_, index) => message.text(index));
}

/** The documents of a body as the product makes them: its bytes, normalized as one batch. */
function documents(body: unknown, options = DEFAULT_NORMALIZE_OPTIONS): Array<{ doc: { event?: { kind?: unknown; original?: unknown } } }> {
  const batch = normalizeBatch({ stream: 'event', records: [], messageBodies: [bodyBytes(body)] }, options);
  return documentBodies(batch.docs.ndjson).map((body) => ({ doc: JSON.parse(Buffer.from(body).toString('utf8')) as { event?: { kind?: unknown; original?: unknown } } }));
}

/** Each document's `event.original`, kept for all: the record texts as the product reads them. */
function originals(body: unknown): unknown[] {
  return documents(body, { ...DEFAULT_NORMALIZE_OPTIONS, preserveOriginal: true }).map(({ doc }) => doc.event?.original);
}

function kinds(body: unknown): unknown[] {
  return documents(body).map(({ doc }) => doc.event?.kind);
}

test('a message body yields each record with its exact text (big integers, spacing and escapes kept)', () => {
  const body = Buffer.from(`{"records": [ ${RECORD_A} ,\n${RECORD_B}]}`);
  assert.deepEqual(messageRecordTexts(body), [RECORD_A, RECORD_B]);
  assert.deepEqual(messageRecordTexts(body.toString('utf8')), [RECORD_A, RECORD_B]);
});

test('the records key is found whatever the other keys hold, and the last one counts, as in JSON.parse', () => {
  const body = `{"meta":{"records":[1,2]},"note":"\\"records\\": [9]","records":[{"x":1}],"re\\u0063ords":[${RECORD_A}]}`;
  assert.deepEqual(messageRecordTexts(body), [RECORD_A]);
  assert.deepEqual(messageRecordTexts('{"records":[]}'), []);
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
  assert.deepEqual(messageRecordTexts(body), [RECORD_A, '"text"', 'null', '[1]', RECORD_B]);
  assert.deepEqual(kinds(Buffer.from(body)), ['event', 'pipeline_error', 'pipeline_error', 'pipeline_error', 'event']);
});

test('invalid UTF-8 and AMQP value bodies (a map, a number) are still turned into records', () => {
  assert.deepEqual(kinds(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), ['pipeline_error']);
  assert.deepEqual(messageRecordTexts({ records: [{ a: 1 }] }), ['{"a":1}']);
  assert.deepEqual(kinds(7), ['pipeline_error']);
  assert.deepEqual(kinds(10n), ['pipeline_error']);
});

test('a body with a category is one record, as the normalizer reads it', () => {
  const body = '{"records":[1],"category":"AdvancedHunting-DeviceEvents","properties":{}}';
  assert.deepEqual(messageRecordTexts(body), [body]);
});

test('each record keeps its exact text whatever its strings hold (quotes, runs of backslashes, brackets)', () => {
  const tricky = fc.string({ unit: fc.constantFrom('"', '\\', ']', '}', '[', '{', ',', 'a', 'é', ' ') });
  const record = fc.dictionary(tricky, fc.oneof(tricky, fc.integer(), fc.constant(null), fc.array(tricky, { maxLength: 3 })), { maxKeys: 4 });
  fc.assert(
    fc.property(fc.array(record, { maxLength: 5 }), fc.constantFrom('', ' ', '\n  '), (records, space) => {
      const texts = records.map((value) => JSON.stringify(value, null, space.length > 1 ? 1 : undefined));
      const body = `{${space}"records"${space}:${space}[${space}${texts.join(`${space},${space}`)}${space}]${space}}`;
      assert.deepEqual(messageRecordTexts(Buffer.from(body)), texts);
      assert.deepEqual(originals(Buffer.from(body)), texts);
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

test('a body that is not JSON around or inside its records is one pipeline_error document keeping the whole body', () => {
  const bodies = [
    `{"records":[${RECORD_A},]}`,
    `{"records":[${RECORD_A}],}`,
    `{"records":[${RECORD_A}]`,
    `{"records":[${RECORD_A}]} x`,
    `{"records":[${RECORD_A} ${RECORD_B}]}`,
    `{"records":[${RECORD_A},{"b":}]}`,
    `{"records":[${RECORD_A},tru]}`,
    `{"note":tru,"records":[${RECORD_A}]}`,
    `{"records":[{"b":}],"records":[${RECORD_A}]}`,
    `{,"records":[${RECORD_A}]}`,
    `{"records" [${RECORD_A}]}`,
  ];
  for (const body of bodies) {
    assert.throws(() => JSON.parse(body), SyntaxError, body);
    const docs = documents(Buffer.from(body));
    assert.deepEqual(
      docs.map(({ doc }) => [doc.event?.kind, doc.event?.original]),
      [['pipeline_error', body]],
      body,
    );
  }
});

test('whatever a body holds, it yields its records if JSON.parse reads it as a message, and else one document keeping it whole', () => {
  const element = fc.oneof(fc.constantFrom(RECORD_A, RECORD_B, '"te,x]t"', 'null', '[1,{"a":"]"}]', '12'));
  const mutation = fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'replace'), fc.constantFrom(',', ']', '}', '"', '\\', ' ', '{', 'x', '1'));
  fc.assert(
    fc.property(fc.array(element, { maxLength: 4 }), fc.array(mutation, { maxLength: 2 }), (elements, mutations) => {
      let body = `{"records":[${elements.join(',')}]}`;
      for (const [position, kind, char] of mutations) {
        const at = position % (body.length + 1);
        body = kind === 'delete' ? body.slice(0, at) + body.slice(at + 1) : kind === 'insert' ? body.slice(0, at) + char + body.slice(at) : body.slice(0, at) + char + body.slice(at + 1);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      const texts = originals(Buffer.from(body));
      const isMessage = typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { records?: unknown }).records) && (parsed as { category?: unknown }).category === undefined;
      if (!isMessage) {
        assert.deepEqual(texts, [body]);
        return;
      }
      const records = (parsed as { records: unknown[] }).records;
      assert.equal(texts.length, records.length);
      texts.forEach((text, index) => assert.deepEqual(JSON.parse(text as string), records[index]));
    }),
    { numRuns: 2000 },
  );
});

test('UTF-8 records keep their exact text, with a byte order mark before the body and invalid bytes inside a string read as U+FFFD', () => {
  const accented = '{"category":"AdvancedHunting-DeviceEvents","properties":{"AccountName":"José Müller 😀","FileName":"naïve.txt"}}';
  const prefix = Buffer.from('{"category":"AdvancedHunting-DeviceEvents","properties":{"FileName":"a');
  const broken = Buffer.concat([prefix, Buffer.from([0xff, 0xc3]), Buffer.from('b"}}')]);
  const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{"records":[${accented},`), broken, Buffer.from(`,${RECORD_A}]}`)]);
  const expected = [accented, `${prefix.toString('utf8')}\uFFFD\uFFFDb"}}`, RECORD_A];
  assert.deepEqual(messageRecordTexts(body), expected);
  assert.deepEqual(originals(body), expected);
  assert.deepEqual(kinds(body), ['event', 'event', 'event']);
});
