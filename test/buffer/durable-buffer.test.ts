import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { encodeDocuments, type DocumentBatch, type DocumentText } from '../../src/buffer/document-batch.js';
import { openBuffer } from '../../src/buffer/open-buffer.js';
import { tempDir } from '../support/temp-dir.js';

const ALL = { maxDocuments: 1_000, maxBytes: Number.MAX_SAFE_INTEGER };

function texts(from: number, count: number, bytes = 20): DocumentText[] {
  return Array.from({ length: count }, (_, index) => {
    const id = `doc-${from + index}`;
    return { id, body: JSON.stringify({ id, pad: 'x'.repeat(Math.max(0, bytes - id.length - 18)) }) };
  });
}

function docs(from: number, count: number, bytes = 20): DocumentBatch {
  return encodeDocuments('alert', texts(from, count, bytes));
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
  assert.deepEqual(rows, [{ sink: 'a', doc_id: 'doc-1', stream: 'alert', body: texts(1, 1)[0]!.body, reason: 'mapper_parsing_exception: failed to parse [source.ip]' }]);
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
  assert.deepEqual(second.buffer.depth('a'), { documents: 4, bytes: texts(2, 4).reduce((sum, doc) => sum + doc.body.length, 0) });
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

test('a batch is one row: it leaves the table (with its progress) once every document is settled', (t) => {
  const dir = tempDir(t);
  const { buffer, db, close } = open(dir);
  t.after(close);
  buffer.append([{ sink: 'a', docs: docs(0, 5) }, { sink: 'a', docs: docs(5, 5) }]);
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  assert.equal(count('batches'), 2);
  const first = buffer.pull('a', { maxDocuments: 3, maxBytes: Number.MAX_SAFE_INTEGER });
  buffer.ack('a', first);
  assert.deepEqual([count('batches'), count('batch_progress')], [2, 1], 'three of five settled: the row stays, its progress is saved');
  const rest = buffer.pull('a', { maxDocuments: 4, maxBytes: Number.MAX_SAFE_INTEGER });
  assert.deepEqual(ids(rest), ['doc-3', 'doc-4', 'doc-5', 'doc-6'], 'a pull continues inside a row and across rows');
  buffer.deadLetter('a', [{ doc: rest[0]!, reason: 'rejected' }]);
  buffer.ack('a', rest.slice(1));
  assert.deepEqual([count('batches'), count('batch_progress')], [1, 1]);
  buffer.ack('a', buffer.pull('a', ALL));
  assert.deepEqual([count('batches'), count('batch_progress')], [0, 0]);
  assert.deepEqual(buffer.depth('a'), { documents: 0, bytes: 0 });
});

test('after a restart, the documents of a partly settled batch that were settled (acked or dead-lettered) are not delivered again', (t) => {
  const dir = tempDir(t);
  const first = open(dir);
  first.buffer.append([{ sink: 'a', docs: docs(0, 6) }]);
  const pulled = first.buffer.pull('a', ALL);
  first.buffer.ack('a', [pulled[0]!, pulled[3]!]);
  first.buffer.deadLetter('a', [{ doc: pulled[4]!, reason: 'rejected' }]);
  first.close();
  const second = open(dir);
  t.after(second.close);
  assert.deepEqual(second.buffer.depth('a'), { documents: 3, bytes: [1, 2, 5].reduce((sum, n) => sum + texts(n, 1)[0]!.body.length, 0) });
  const again = second.buffer.pull('a', ALL);
  assert.deepEqual(ids(again), ['doc-1', 'doc-2', 'doc-5']);
  second.buffer.ack('a', again);
  assert.deepEqual(second.buffer.depth('a'), { documents: 0, bytes: 0 });
});

test('bodies come back byte for byte, non-ASCII included, as text and as UTF-8', (t) => {
  const { buffer, close } = open(tempDir(t));
  t.after(close);
  const bodies = [{ id: 'x', body: JSON.stringify({ message: 'Überwachung 監視 🛡️ \u2028', escaped: '\n\t"\\' }) }, { id: 'y', body: '{}' }];
  buffer.append([{ sink: 'a', docs: encodeDocuments('event', bodies) }]);
  const pulled = buffer.pull('a', ALL);
  assert.deepEqual(pulled.map((doc) => ({ id: doc.id, body: doc.body })), bodies);
  assert.deepEqual(pulled.map((doc) => Buffer.from(doc.utf8).toString('utf8')), bodies.map((doc) => doc.body));
  assert.deepEqual(pulled.map((doc) => doc.bytes), bodies.map((doc) => Buffer.byteLength(doc.body)));
  assert.deepEqual(pulled.map((doc) => doc.stream), ['event', 'event']);
});

test('a text with a raw newline is refused: it would split into two documents', () => {
  assert.throws(() => encodeDocuments('alert', [{ id: 'x', body: '{"a":"\n"}' }]), /raw newline/);
});

test('documents buffered by an earlier version (a row per document) are delivered after the upgrade', (t) => {
  const dir = tempDir(t);
  const legacy = new Database(join(dir, 'buffer.db'));
  legacy.exec(`CREATE TABLE buffer (seq INTEGER PRIMARY KEY, sink TEXT NOT NULL, doc_id TEXT NOT NULL, stream TEXT NOT NULL, body TEXT NOT NULL, bytes INTEGER NOT NULL);
    CREATE INDEX buffer_by_sink ON buffer (sink, seq);`);
  const bodies = texts(0, 3);
  bodies[1] = { id: 'doc-1', body: JSON.stringify({ message: 'café ☕' }) };
  bodies.forEach((doc, index) => legacy.prepare('INSERT INTO buffer VALUES (?, ?, ?, ?, ?, ?)').run(index + 7, index === 2 ? 'b' : 'a', doc.id, 'incident', doc.body, Buffer.byteLength(doc.body)));
  legacy.close();
  const { buffer, db, close } = open(dir);
  t.after(close);
  assert.equal((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'buffer'").get() as { n: number }).n, 0, 'the old table is gone');
  assert.deepEqual(buffer.depth('a'), { documents: 2, bytes: Buffer.byteLength(bodies[0]!.body) + Buffer.byteLength(bodies[1]!.body) });
  const pulled = buffer.pull('a', ALL);
  assert.deepEqual(pulled.map((doc) => ({ id: doc.id, body: doc.body, stream: doc.stream })), [
    { id: 'doc-0', body: bodies[0]!.body, stream: 'incident' },
    { id: 'doc-1', body: bodies[1]!.body, stream: 'incident' },
  ]);
  assert.deepEqual(ids(buffer.pull('b', ALL)), ['doc-2']);
  buffer.append([{ sink: 'a', docs: docs(10, 1) }]);
  assert.deepEqual(ids(buffer.pull('a', ALL)), ['doc-10'], 'new batches come after the migrated ones');
});

test('a damaged batch row goes to the dead-letter table whole, with the reason, and delivery goes on', (t) => {
  const dir = tempDir(t);
  const first = open(dir);
  first.buffer.append([{ sink: 'a', docs: docs(0, 2) }, { sink: 'a', docs: docs(2, 2) }]);
  first.db.prepare("UPDATE batches SET ids = '[\"only-one\"]' WHERE seq = (SELECT min(seq) FROM batches)").run();
  first.close();
  const { buffer, db, close } = open(dir);
  t.after(close);
  assert.deepEqual(ids(buffer.pull('a', ALL)), ['doc-2', 'doc-3']);
  assert.equal(buffer.depth('a').documents, 2, 'the damaged row no longer counts');
  const dead = db.prepare('SELECT doc_id, reason, body FROM dead_letter').all() as Array<{ doc_id: string; reason: string; body: string }>;
  assert.equal(dead.length, 1);
  assert.match(dead[0]!.doc_id, /^batch-\d+$/);
  assert.match(dead[0]!.reason, /damaged: 2 documents announced, 1 ids and 2 bodies found/);
  assert.equal(dead[0]!.body, `${texts(0, 2).map((doc) => doc.body).join('\n')}\n`);
});

test('a sink that keeps up reads new batches from memory; one that lags reads them back from the table, in order, none twice', (t) => {
  const { buffer, db, close } = open(tempDir(t));
  t.after(close);
  const pullAll = () => {
    const pulled = buffer.pull('a', { maxDocuments: 100_000, maxBytes: Number.MAX_SAFE_INTEGER });
    buffer.ack('a', pulled);
    return pulled;
  };
  assert.deepEqual(pullAll(), [], 'caught up: nothing in the table');
  buffer.append([{ sink: 'a', docs: docs(0, 2) }]);
  // The row is what delivery would read back; a sink keeping up never does.
  db.prepare("UPDATE batches SET bodies = CAST('{\"tampered\":1}' || char(10) || '{\"tampered\":2}' || char(10) AS BLOB)").run();
  assert.deepEqual(pullAll().map((doc) => doc.body), texts(0, 2).map((doc) => doc.body), 'served from memory');
  // 12 batches of ~1 MiB: more than memory holds, so the sink reads the table.
  for (let batch = 0; batch < 12; batch += 1) buffer.append([{ sink: 'a', docs: docs(100 + batch * 4, 4, 256 * 1024) }]);
  assert.deepEqual(ids(pullAll()), texts(100, 48).map((doc) => doc.id));
  buffer.append([{ sink: 'a', docs: docs(200, 1) }]);
  assert.deepEqual(ids(pullAll()), ['doc-200'], 'caught up again');
  assert.deepEqual(buffer.depth('a'), { documents: 0, bytes: 0 });
  assert.equal((db.prepare('SELECT count(*) AS n FROM batches').get() as { n: number }).n, 0);
});
