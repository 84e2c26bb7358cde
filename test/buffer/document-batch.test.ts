import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { documentBodies, DocumentBatchWriter, utf8Text, type DocumentBatch } from '../../src/buffer/document-batch.js';

function contents(batch: DocumentBatch): Array<[string, string]> {
  return batch.ids.map((id, index) => [id, utf8Text(documentBodies(batch.ndjson)[index]!)]);
}

test('documents added in order come out in that order, non-ASCII included', () => {
  const writer = new DocumentBatchWriter();
  writer.add('a', '{"n":"é"}');
  writer.add('b', '{"n":"😀"}');
  writer.add('c', '{}');
  const batch = writer.finish('event');
  assert.deepEqual(contents(batch), [['a', '{"n":"é"}'], ['b', '{"n":"😀"}'], ['c', '{}']]);
  assert.equal(batch.ndjson.byteLength, batch.ndjson.buffer.byteLength, 'the batch owns its whole buffer, so that it can be transferred');
});

test('documents added out of order come out by rank, equal ranks in the order added, after and before documents added plainly', () => {
  const writer = new DocumentBatchWriter();
  writer.add('first', '{"i":0}');
  const base = writer.reserveRanks(3);
  writer.add('r2', '{"i":"r2"}', base + 2);
  writer.add('r0', '{"i":"r0"}', base);
  writer.add('r2-second', '{"i":"r2 again"}', base + 2);
  writer.add('r1', '{"i":"r1"}', base + 1);
  writer.add('last', '{"i":9}');
  assert.deepEqual(
    contents(writer.finish('event')).map(([id]) => id),
    ['first', 'r0', 'r1', 'r2', 'r2-second', 'last'],
  );
});

test('rollback forgets what was added and reserved since the mark; what comes after is as if it never was', () => {
  const writer = new DocumentBatchWriter();
  writer.add('kept', '{"k":1}');
  const mark = writer.mark();
  const base = writer.reserveRanks(2);
  writer.add('gone-1', '{"g":1}', base + 1);
  writer.add('gone-0', '{"g":0}', base);
  writer.rollback(mark);
  writer.add('whole', '{"w":1}');
  const expected = new DocumentBatchWriter();
  expected.add('kept', '{"k":1}');
  expected.add('whole', '{"w":1}');
  assert.deepEqual(writer.finish('event'), expected.finish('event'));
});

test('any order of ranks gives the documents sorted by rank, stable', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(5), fc.string({ unit: fc.constantFrom('a', 'é', '"', '😀') })), { maxLength: 40 }), (entries) => {
      const writer = new DocumentBatchWriter();
      writer.reserveRanks(6);
      entries.forEach(([rank, text], index) => writer.add(`id-${index}`, JSON.stringify(text), rank));
      const expected = entries.map(([rank, text], index) => ({ rank, index, text })).sort((a, b) => a.rank - b.rank || a.index - b.index);
      assert.deepEqual(contents(writer.finish('event')), expected.map(({ index, text }) => [`id-${index}`, JSON.stringify(text)]));
    }),
    { numRuns: 300 },
  );
});
