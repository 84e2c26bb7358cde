import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ndjsonLines } from '../../src/sinks/ndjson-line.js';

const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('"', '\\', '\n', '{', '}', ' ', 'é', '☕') }));
const document = fc.dictionary(text, fc.oneof(text, fc.integer(), fc.constant(null), fc.array(text, { maxLength: 2 })), { maxKeys: 4 });

test('each document becomes one line, its id first as _id, the same from its text or from its UTF-8', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(text, document), { maxLength: 6 }), (entries) => {
      const docs = entries.map(([id, value]) => ({ id, stream: 'event' as const, body: JSON.stringify(value) }));
      const fromText = ndjsonLines(docs);
      const fromBytes = ndjsonLines(docs.map((doc) => ({ ...doc, utf8: new Uint8Array(Buffer.from(doc.body)) })));
      assert.deepEqual(fromBytes, fromText);
      const lines = fromText.toString('utf8').split('\n');
      assert.equal(lines.pop(), '', 'every line ends with a newline');
      assert.deepEqual(
        lines.map((line) => JSON.parse(line)),
        entries.map(([id, value]) => ({ _id: id, ...value })),
      );
    }),
    { numRuns: 300 },
  );
});
