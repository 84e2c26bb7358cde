import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linesWithOffsets } from '../../src/sources/offset-lines.js';

async function collect(chunks: Buffer[], base = 0) {
  const lines = [];
  for await (const line of linesWithOffsets((async function* () { yield* chunks; })(), base)) lines.push(line);
  return lines;
}

test('each line ends at the byte offset just past its terminator (\\n or \\r\\n)', async () => {
  const lines = await collect([Buffer.from('ab\r\ncd\n\nef')], 100);
  assert.deepEqual(lines, [
    { text: 'ab', end: 104 },
    { text: 'cd', end: 107 },
    { text: '', end: 108 },
    { text: 'ef', end: 110 },
  ]);
});

test('a multi-byte character split across chunks is decoded whole and offsets count bytes', async () => {
  const bytes = Buffer.from('é€\n😀x\n', 'utf8');
  const chunks = Array.from(bytes, (byte) => Buffer.from([byte]));
  assert.deepEqual(await collect(chunks), [
    { text: 'é€', end: 6 },
    { text: '😀x', end: 12 },
  ]);
});
