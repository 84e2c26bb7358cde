import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import pino from 'pino';
import { encodeDocuments, type DocumentBatch } from '../../src/buffer/document-batch.js';
import { openBuffer } from '../../src/buffer/open-buffer.js';
import { PermanentError } from '../../src/core/errors.js';
import type { BackoffPolicy } from '../../src/core/retry.js';
import type { Sink, SinkDocument, WriteResult } from '../../src/core/sink.js';
import { runSink } from '../../src/pipeline/sink-runner.js';
import { Metrics, total } from '../../src/telemetry/metrics.js';
import { tempDir } from '../support/temp-dir.js';

const FAST_RETRY: BackoffPolicy = { initialIntervalMs: 1, maxIntervalMs: 5, multiplier: 2, randomizationFactor: 0.5, maxElapsedMs: 0 };

/** A sink whose verdicts the test scripts; it records what it accepted. */
class ScriptedSink implements Sink {
  readonly name = 'siem';
  readonly destination = 'test';
  readonly accepted: string[] = [];
  calls = 0;

  constructor(private readonly verdict: (docs: readonly SinkDocument[], call: number) => WriteResult) {}

  async write(docs: readonly SinkDocument[]): Promise<WriteResult> {
    const result = this.verdict(docs, this.calls++);
    const rejected = new Set(result.rejected.map((rejection) => rejection.index));
    docs.forEach((doc, index) => rejected.has(index) || this.accepted.push(doc.id));
    return result;
  }

  async close(): Promise<void> {}
}

function docs(count: number): DocumentBatch {
  return encodeDocuments('alert', Array.from({ length: count }, (_, index) => ({ id: `doc-${index}`, body: JSON.stringify({ n: index }) })));
}

/** Buffers `count` documents for the sink, then runs its runner until the buffer is drained. */
async function deliverAll(t: TestContext, sink: Sink, count: number, backoff: BackoffPolicy = FAST_RETRY, timeoutMs = 1_000) {
  const dir = tempDir(t);
  const path = join(dir, 'buffer.db');
  const { buffer, close } = openBuffer(path, { sinks: ['siem'], maxBytesPerSink: Number.MAX_SAFE_INTEGER, durability: 'normal' });
  buffer.append([{ sink: 'siem', docs: docs(count) }]);
  const metrics = new Metrics();
  const drain = new AbortController();
  drain.abort(); // nothing more will arrive: stop once the buffer is empty
  await runSink(
    { sink, component: { kind: 'sink', id: 'siem', type: 'test' }, buffer, backoff, timeoutMs, limits: { maxDocuments: 4, maxBytes: 1_000_000 }, metrics, log: pino({ level: 'silent' }) },
    { stop: AbortSignal.timeout(10_000), drain: drain.signal },
  );
  const remaining = buffer.depth('siem').documents;
  close();
  const db = new Database(path, { readonly: true });
  const deadLetters = db.prepare('SELECT doc_id, reason FROM dead_letter ORDER BY doc_id').all() as Array<{ doc_id: string; reason: string }>;
  db.close();
  return { remaining, deadLetters, metrics };
}

test('documents rejected permanently go to the dead-letter with the reason; the others are delivered', async (t) => {
  const sink = new ScriptedSink((batch) => ({
    rejected: batch.flatMap((doc, index) => (doc.id === 'doc-2' || doc.id === 'doc-7' ? [{ index, reason: `400 mapper_parsing_exception on ${doc.id}`, retryable: false }] : [])),
  }));
  const { remaining, deadLetters, metrics } = await deliverAll(t, sink, 10);
  assert.deepEqual(deadLetters, [
    { doc_id: 'doc-2', reason: '400 mapper_parsing_exception on doc-2' },
    { doc_id: 'doc-7', reason: '400 mapper_parsing_exception on doc-7' },
  ]);
  assert.deepEqual(sink.accepted.sort(), ['doc-0', 'doc-1', 'doc-3', 'doc-4', 'doc-5', 'doc-6', 'doc-8', 'doc-9']);
  assert.equal(remaining, 0);
  assert.equal(sink.calls, 3, 'no retries for permanent rejections');
  assert.equal(await total(metrics.deadLettered), 2);
  assert.equal(await total(metrics.sent, { component_kind: 'sink' }), 8);
});

test('a sink failing transiently (whole batches, then single items) is retried and nothing is lost', async (t) => {
  const sink = new ScriptedSink((batch, call) => {
    if (call < 3) throw new Error('503 Service Unavailable');
    // Then the first document of each batch is throttled once (429), the rest accepted.
    return { rejected: call % 2 === 1 ? [{ index: 0, reason: '429 Too Many Requests', retryable: true }] : [] };
  });
  const { remaining, deadLetters, metrics } = await deliverAll(t, sink, 10);
  assert.deepEqual([...new Set(sink.accepted)].sort(), [...docs(10).ids].sort());
  assert.equal(sink.accepted.length, 10, 'a retry pushes only what failed: no document accepted twice');
  assert.deepEqual(deadLetters, []);
  assert.equal(remaining, 0);
  assert.ok((await total(metrics.errors, { error_type: 'retryable' })) >= 3);
});

test('a PermanentError thrown for a whole batch dead-letters that batch only', async (t) => {
  const sink = new ScriptedSink((batch, call) => {
    if (call === 0) throw new PermanentError('413 Request Entity Too Large');
    return { rejected: [] };
  });
  const { deadLetters } = await deliverAll(t, sink, 6);
  assert.deepEqual(deadLetters.map((row) => row.doc_id), ['doc-0', 'doc-1', 'doc-2', 'doc-3']);
  assert.ok(deadLetters.every((row) => row.reason === '413 Request Entity Too Large'));
  assert.deepEqual(sink.accepted, ['doc-4', 'doc-5']);
});

test('with max_elapsed_ms, documents still failing after it are dead-lettered, saying why', async (t) => {
  const sink = new ScriptedSink(() => {
    throw new Error('connection refused');
  });
  const { deadLetters, remaining } = await deliverAll(t, sink, 2, { ...FAST_RETRY, maxElapsedMs: 30 });
  assert.equal(remaining, 0);
  assert.deepEqual(deadLetters, [
    { doc_id: 'doc-0', reason: 'gave up after 30 ms of retries: connection refused' },
    { doc_id: 'doc-1', reason: 'gave up after 30 ms of retries: connection refused' },
  ]);
});

test('stopping while a sink is down leaves its documents buffered, nothing acked or dead-lettered', async (t) => {
  const dir = tempDir(t);
  const { buffer, close } = openBuffer(join(dir, 'buffer.db'), { sinks: ['siem'], maxBytesPerSink: Number.MAX_SAFE_INTEGER, durability: 'normal' });
  t.after(close);
  buffer.append([{ sink: 'siem', docs: docs(3) }]);
  const sink = new ScriptedSink(() => {
    throw new Error('down');
  });
  const stop = new AbortController();
  const running = runSink(
    { sink, component: { kind: 'sink', id: 'siem', type: 'test' }, buffer, backoff: { ...FAST_RETRY, initialIntervalMs: 50 }, timeoutMs: 1_000, limits: { maxDocuments: 10, maxBytes: 1_000_000 }, metrics: new Metrics(), log: pino({ level: 'silent' }) },
    { stop: stop.signal, drain: new AbortController().signal },
  );
  await new Promise((resolve) => setTimeout(resolve, 120));
  stop.abort();
  await running;
  assert.ok(sink.calls >= 2);
  assert.equal(buffer.depth('siem').documents, 3);
  assert.deepEqual(buffer.pull('siem', { maxDocuments: 10, maxBytes: 1_000_000 }).map((doc) => doc.id), ['doc-0', 'doc-1', 'doc-2'], 'handed out again, in order');
});

test('a write that hangs past timeout_ms is aborted and retried', async (t) => {
  let calls = 0;
  const sink: Sink = {
    name: 'siem',
    destination: 'test',
    write: (_docs, signal) => {
      calls += 1;
      if (calls > 1) return Promise.resolve({ rejected: [] });
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    },
    close: async () => {},
  };
  const started = Date.now();
  const { remaining, deadLetters, metrics } = await deliverAll(t, sink, 2, FAST_RETRY, 50);
  assert.equal(remaining, 0);
  assert.deepEqual(deadLetters, []);
  assert.equal(calls, 2);
  assert.ok(Date.now() - started >= 50);
  assert.equal(await total(metrics.sent, { component_kind: 'sink' }), 2);
});
