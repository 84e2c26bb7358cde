import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { NewDocument } from '../../src/buffer/durable-buffer.js';
import { openBuffer } from '../../src/buffer/open-buffer.js';
import { tempDir } from '../support/temp-dir.js';

const ALL = { maxDocuments: 1_000, maxBytes: Number.MAX_SAFE_INTEGER };

function docs(from: number, count: number, bytes = 20): NewDocument[] {
  return Array.from({ length: count }, (_, index) => {
    const id = `doc-${from + index}`;
    return { id, stream: 'alert', body: JSON.stringify({ id, pad: 'x'.repeat(Math.max(0, bytes - id.length - 18)) }) };
  });
}

function ids(batch: ReadonlyArray<{ id: string }>): string[] {
  return batch.map((doc) => doc.id);
}

function open(dir: string, maxBytesPerSink = Number.MAX_SAFE_INTEGER, sinks = ['a', 'b']) {
  return openBuffer(join(dir, 'buffer.db'), { sinks, maxBytesPerSink, durability: 'normal' });
}

test('pull hands out the oldest documents first; ack removes them; nack puts them back before newer ones', (t) => {
  const { buffer, close } = open(tempDir(t));
  t.after(close);
  buffer.append([{ sink: 'a', docs: docs(0, 10) }]);
  const first = buffer.pull('a', { maxDocuments: 4, maxBytes: Number.MAX_SAFE_INTEGER });
  const second = buffer.pull('a', { maxDocuments: 4, maxBytes: Number.MAX_SAFE_INTEGER });
  assert.deepEqual(ids(first), ['doc-0', 'doc-1', 'doc-2', 'doc-3']);
  assert.deepEqual(ids(second), ['doc-4', 'doc-5', 'doc-6', 'doc-7']);
  buffer.ack('a', second);
  buffer.nack('a', first.slice(2));
  buffer.nack('a', first.slice(0, 2));
  assert.deepEqual(ids(buffer.pull('a', ALL)), ['doc-0', 'doc-1', 'doc-2', 'doc-3', 'doc-8', 'doc-9']);
  assert.equal(buffer.depth('a').documents, 6);
});

test('each sink has its own queue: acking for one leaves the other untouched', (t) => {
  const { buffer, close } = open(tempDir(t));
  t.after(close);
  buffer.append([{ sink: 'a', docs: docs(0, 3) }, { sink: 'b', docs: docs(0, 3) }]);
  buffer.ack('a', buffer.pull('a', ALL));
  assert.equal(buffer.depth('a').documents, 0);
  assert.deepEqual(ids(buffer.pull('b', ALL)), ['doc-0', 'doc-1', 'doc-2']);
});

test('pull respects the byte limit but always returns at least one document', (t) => {
  const { buffer, close } = open(tempDir(t));
  t.after(close);
  buffer.append([{ sink: 'a', docs: docs(0, 5, 100) }]);
  assert.equal(buffer.pull('a', { maxDocuments: 100, maxBytes: 250 }).length, 2);
  assert.equal(buffer.pull('a', { maxDocuments: 100, maxBytes: 10 }).length, 1);
});

test('a full buffer pushes back: waitForRoom resolves only once a sink acks', async (t) => {
  const { buffer, close } = open(tempDir(t), 1_000);
  t.after(close);
  buffer.append([{ sink: 'a', docs: docs(0, 5, 100) }]);
  assert.equal(buffer.hasRoom('a'), true, '500 bytes of 1000');
  buffer.append([{ sink: 'a', docs: docs(5, 5, 100) }]);
  assert.equal(buffer.hasRoom('a'), false, '1000 bytes of 1000');
  assert.equal(buffer.hasRoom('b'), true, 'the other sink is not full');
  let admitted = false;
  const waiting = buffer.waitForRoom('a', new AbortController().signal).then(() => (admitted = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(admitted, false, 'still full');
  buffer.ack('a', buffer.pull('a', { maxDocuments: 1, maxBytes: Number.MAX_SAFE_INTEGER }));
  await waiting;
  assert.equal(admitted, true);
});

test('waitForRoom returns when the signal aborts (shutdown while pushed back)', async (t) => {
  const { buffer, close } = open(tempDir(t), 10);
  t.after(close);
  buffer.append([{ sink: 'a', docs: docs(0, 1, 100) }]);
  const controller = new AbortController();
  const waiting = buffer.waitForRoom('a', controller.signal);
  controller.abort();
  await waiting;
  assert.equal(buffer.hasRoom('a'), false);
});

test('dead-lettered documents leave the queue and are kept with their reason', (t) => {
  const dir = tempDir(t);
  const { buffer, close } = open(dir);
  const batch = (buffer.append([{ sink: 'a', docs: docs(0, 3) }]), buffer.pull('a', ALL));
  buffer.deadLetter('a', [{ doc: batch[1]!, reason: 'mapper_parsing_exception: failed to parse [source.ip]' }]);
  buffer.ack('a', [batch[0]!, batch[2]!]);
  assert.equal(buffer.depth('a').documents, 0);
  close();
  const db = new Database(join(dir, 'buffer.db'), { readonly: true });
  t.after(() => db.close());
  const rows = db.prepare('SELECT sink, doc_id, stream, body, reason FROM dead_letter').all();
  assert.deepEqual(rows, [{ sink: 'a', doc_id: 'doc-1', stream: 'alert', body: docs(1, 1)[0]!.body, reason: 'mapper_parsing_exception: failed to parse [source.ip]' }]);
});

test('the buffer survives a reopen: only what was not acked is delivered again, in order', (t) => {
  const dir = tempDir(t);
  const first = open(dir);
  first.buffer.append([{ sink: 'a', docs: docs(0, 6) }]);
  const pulled = first.buffer.pull('a', { maxDocuments: 4, maxBytes: Number.MAX_SAFE_INTEGER });
  first.buffer.ack('a', pulled.slice(0, 2)); // doc-2 and doc-3 stay in flight: "crash" now
  first.close();
  const second = open(dir);
  t.after(second.close);
  assert.deepEqual(second.buffer.depth('a'), { documents: 4, bytes: docs(2, 4).reduce((sum, doc) => sum + doc.body.length, 0) });
  assert.deepEqual(ids(second.buffer.pull('a', ALL)), ['doc-2', 'doc-3', 'doc-4', 'doc-5']);
  second.buffer.append([{ sink: 'a', docs: docs(6, 1) }]);
  assert.deepEqual(ids(second.buffer.pull('a', ALL)), ['doc-6'], 'seqs keep increasing after a reopen');
});

test('a failed commit stores nothing and leaves the counters as they were', (t) => {
  const { buffer, state, close } = open(tempDir(t));
  t.after(close);
  assert.throws(() =>
    buffer.append([{ sink: 'a', docs: docs(0, 3) }], () => {
      state.set('source:x', { offset: 3 });
      throw new Error('disk full');
    }),
  );
  assert.deepEqual(buffer.depth('a'), { documents: 0, bytes: 0 });
  assert.deepEqual(buffer.pull('a', ALL), []);
  assert.equal(state.get('source:x'), undefined, 'the position rolled back with the documents');
});

test('documents of a sink no longer configured are reported, not lost', (t) => {
  const dir = tempDir(t);
  const first = open(dir, Number.MAX_SAFE_INTEGER, ['old']);
  first.buffer.append([{ sink: 'old', docs: docs(0, 2) }]);
  first.close();
  const second = open(dir, Number.MAX_SAFE_INTEGER, ['new']);
  t.after(second.close);
  assert.deepEqual(second.buffer.orphans.map(({ sink, documents }) => ({ sink, documents })), [{ sink: 'old', documents: 2 }]);
});

test('a second connection (another run on the same file) cannot open the database', (t) => {
  const dir = tempDir(t);
  const first = open(dir);
  t.after(first.close);
  assert.throws(() => open(dir), { code: 'ERR_DATABASE_LOCKED' });
});
