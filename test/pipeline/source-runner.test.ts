import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { openBuffer } from '../../src/buffer/open-buffer.js';
import { positionKey, runSource, type SourceRunnerContext } from '../../src/pipeline/source-runner.js';
import { FileSource } from '../../src/sources/file.js';
import { Metrics, total } from '../../src/telemetry/metrics.js';
import { alertLines, expectedIds, writeLines } from '../support/records.js';
import { runnerContext } from '../support/runner-context.js';
import { tempDir } from '../support/temp-dir.js';

const log = pino({ level: 'silent' });
function context(storage: ReturnType<typeof openBuffer>, path: string, batchMaxRecords: number, sinksFor: SourceRunnerContext['sinksFor'], metrics = new Metrics()): SourceRunnerContext {
  const source = new FileSource({ name: 'replay', stream: 'alert', path, batchMaxRecords }, log);
  return runnerContext(storage, source, { component: { kind: 'source', id: 'replay', type: 'file' }, sinksFor, metrics });
}

test('a full buffer stops the source (its position stays put) until the sink frees room', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'alerts.ndjson');
  const lines = alertLines(100);
  writeLines(input, lines);
  const storage = openBuffer(join(dir, 'db'), { sinks: ['siem'], maxBytesPerSink: 1, durability: 'normal' });
  t.after(storage.close);
  const { buffer, state } = storage;
  const metrics = new Metrics();
  const running = runSource(context(storage, input, 10, () => ['siem'], metrics), new AbortController().signal);
  await new Promise((resolve) => setTimeout(resolve, 100));
  // One batch fits (the limit admits a batch while below it); the next waits.
  assert.equal(buffer.depth('siem').documents, 10);
  assert.equal((state.get(positionKey('replay')) as { line: number }).line, 10);

  const delivered: string[] = [];
  for (let rounds = 0; rounds < 1_000 && delivered.length < 100; rounds += 1) {
    const batch = buffer.pull('siem', { maxDocuments: 1_000, maxBytes: Number.MAX_SAFE_INTEGER });
    delivered.push(...batch.map((doc) => doc.id));
    buffer.ack('siem', batch);
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(await running, 'exhausted');
  assert.deepEqual(delivered, expectedIds('alert', lines));
  assert.equal((state.get(positionKey('replay')) as { line: number }).line, 100);
  assert.equal(await total(metrics.received, { component_kind: 'source' }), 100);
});

test('documents of a stream go to every sink that takes it, in the same commit', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'alerts.ndjson');
  writeLines(input, alertLines(5));
  const storage = openBuffer(join(dir, 'db'), { sinks: ['a', 'b', 'c'], maxBytesPerSink: 1_000_000, durability: 'normal' });
  t.after(storage.close);
  const sinksFor = (stream: string) => (stream === 'alert' ? ['a', 'b'] : ['c']);
  const outcome = await runSource(context(storage, input, 2, sinksFor), new AbortController().signal);
  assert.equal(outcome, 'exhausted');
  assert.deepEqual(['a', 'b', 'c'].map((sink) => storage.buffer.depth(sink).documents), [5, 5, 0]);
});

test('a missing file stops the source as failed instead of retrying forever', async (t) => {
  const dir = tempDir(t);
  const storage = openBuffer(join(dir, 'db'), { sinks: ['a'], maxBytesPerSink: 1_000_000, durability: 'normal' });
  t.after(storage.close);
  const metrics = new Metrics();
  const outcome = await runSource(context(storage, join(dir, 'missing.ndjson'), 2, () => ['a'], metrics), new AbortController().signal);
  assert.equal(outcome, 'failed');
  assert.equal(await total(metrics.errors, { component_kind: 'source', error_type: 'permanent' }), 1);
});
