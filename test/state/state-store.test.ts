import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openBuffer } from '../../src/buffer/open-buffer.js';
import { tempDir } from '../support/temp-dir.js';
import { encodeDocuments } from '../../src/buffer/document-batch.js';

function open(dir: string) {
  return openBuffer(join(dir, 'state.db'), { sinks: ['out'], maxBytesPerSink: Number.MAX_SAFE_INTEGER, durability: 'full' });
}

test('positions are JSON values that survive a reopen', (t) => {
  const dir = tempDir(t);
  const first = open(dir);
  assert.equal(first.state.get('source:a'), undefined);
  first.state.set('source:a', { path: '/x', offset: 10, line: 2 });
  first.state.set('source:a', { path: '/x', offset: 20, line: 4 });
  first.state.set('source:b', ['cursor', 7]);
  first.close();
  const second = open(dir);
  t.after(second.close);
  assert.deepEqual(second.state.get('source:a'), { path: '/x', offset: 20, line: 4 });
  assert.deepEqual(second.state.get('source:b'), ['cursor', 7]);
});

test('a position commits in the same transaction as the documents read up to it', (t) => {
  const dir = tempDir(t);
  const first = open(dir);
  first.buffer.append([{ sink: 'out', docs: encodeDocuments('alert', [{ id: 'a', body: '{}' }]) }], () => first.state.set('source:a', 1));
  first.close();
  const second = open(dir);
  t.after(second.close);
  assert.equal(second.state.get('source:a'), 1);
  assert.equal(second.buffer.depth('out').documents, 1);
});
