import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeAll } from '../../src/sinks/write-all.js';

/** A file that takes at most `limit` bytes per call, as a nearly full disk or an interrupted write does. */
function shortWriter(limit: number) {
  const written: number[] = [];
  let calls = 0;
  return {
    written,
    calls: () => calls,
    async writev(buffers: Uint8Array[]) {
      calls += 1;
      let taken = 0;
      for (const buffer of buffers) {
        for (const byte of buffer) {
          if (taken === limit) return { bytesWritten: taken };
          written.push(byte);
          taken += 1;
        }
      }
      return { bytesWritten: taken };
    },
  };
}

test('short writes go on where they stopped, inside a piece or at its end, until every byte is written once', async () => {
  const parts = [Buffer.from('{"_id":"a",'), Buffer.from(''), Buffer.from('"x":1}\n'), Buffer.from('{"_id":"b"}'), Buffer.from('\n')];
  const expected = [...Buffer.concat(parts)];
  for (const limit of [1, 3, 7, 11, 18, 100]) {
    const file = shortWriter(limit);
    await writeAll(file, parts);
    assert.deepEqual(file.written, expected, `at most ${limit} bytes per call`);
    assert.equal(file.calls(), Math.ceil(expected.length / limit));
  }
});

test('a file that takes nothing is an error, not an endless loop', async () => {
  await assert.rejects(writeAll(shortWriter(0), [Buffer.from('x')]), /took none of the bytes/);
});
