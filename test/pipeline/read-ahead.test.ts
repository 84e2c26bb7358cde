import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { openBuffer } from '../../src/buffer/open-buffer.js';
import type { Source, SourceBatch } from '../../src/core/source.js';
import { NormalizerPool } from '../../src/pipeline/normalizer-pool.js';
import { partitionPositionKey, runSource } from '../../src/pipeline/source-runner.js';
import { Metrics, total } from '../../src/telemetry/metrics.js';
import { runnerContext } from '../support/runner-context.js';
import { tempDir } from '../support/temp-dir.js';

const log = pino({ level: 'silent' });
const SETTINGS = { preserveOriginal: false, preserveDuplicateCustomFields: false };
const record = (n: number) => JSON.stringify({ category: 'AdvancedHunting-DeviceEvents', properties: { Timestamp: '2026-01-05T07:38:44Z', DeviceId: `d${n}`, ReportId: n } });
const body = (...numbers: number[]) => Buffer.from(`{"records":[${numbers.map(record).join(',')}]}`);

function run(t: import('node:test').TestContext, source: Source, normalizers: NormalizerPool | undefined, metrics = new Metrics()) {
  const storage = openBuffer(join(tempDir(t), 'db'), { sinks: ['out'], maxBytesPerSink: Number.MAX_SAFE_INTEGER, durability: 'normal' });
  t.after(storage.close);
  const context = runnerContext(storage, source, { normalizers, metrics });
  return { storage, outcome: runSource(context, new AbortController().signal) };
}

/** Every buffered document body, in buffer order. */
function buffered(storage: ReturnType<typeof openBuffer>): string[] {
  return storage.buffer.pull('out', { maxDocuments: 1_000_000, maxBytes: Number.MAX_SAFE_INTEGER }).map((doc) => doc.body);
}

/** 40 batches over 3 partitions, records packed in message bodies (as Event Hubs delivers them), plus a bad body. */
function hub(): Source & { readonly positions: Map<string, number> } {
  const positions = new Map<string, number>();
  return {
    name: 'hub',
    readsAhead: true,
    positions,
    async *read() {
      for (let index = 0; index < 40; index += 1) {
        const partition = String(index % 3);
        positions.set(partition, index);
        const batch: SourceBatch = { stream: 'event', records: [], messageBodies: [body(index * 3, index * 3 + 1), body(index * 3 + 2), ...(index === 7 ? [Buffer.from('not json')] : [])], position: index, partition };
        yield batch;
      }
    },
  };
}

test('reading ahead on normalizer threads commits the same documents, in the same order, with the same positions as the main thread', async (t) => {
  const pool = new NormalizerPool(2, SETTINGS, log);
  t.after(() => pool.close());
  const threaded = hub();
  const inline = hub();
  const metrics = new Metrics();
  const withThreads = run(t, threaded, pool, metrics);
  const onMainThread = run(t, inline, undefined);
  assert.equal(await withThreads.outcome, 'exhausted');
  assert.equal(await onMainThread.outcome, 'exhausted');
  const documents = buffered(withThreads.storage);
  assert.equal(documents.length, 40 * 3 + 1);
  assert.deepEqual(documents, buffered(onMainThread.storage));
  // Records in the order read: DeviceId d0, d1, … (the bad body's pipeline_error after batch 7's records).
  const devices = documents.map((text) => (JSON.parse(text) as { host?: { id?: string } }).host?.id).filter((id) => id !== undefined);
  assert.deepEqual(devices, Array.from({ length: 120 }, (_, n) => `d${n}`));
  for (const partition of ['0', '1', '2']) assert.equal(withThreads.storage.state.get(partitionPositionKey('hub', partition)), threaded.positions.get(partition));
  assert.equal(await total(metrics.received, { component_id: 'hub' }), 121);
  assert.equal(await total(metrics.normalized, { outcome: 'pipeline_error' }), 1);
});

test('a batch whose normalizer thread dies is normalized on the main thread: the partition keeps moving and the process goes on', async (t) => {
  const pool = new NormalizerPool(1, SETTINGS, log, new URL('../support/crashing-normalizer-worker.js', import.meta.url));
  t.after(() => pool.close());
  const reads: unknown[] = [];
  const source: Source = {
    name: 'hub',
    readsAhead: true,
    async *read(from) {
      reads.push(from);
      yield { stream: 'event', records: [record(1)], position: 1 };
      // This record kills its thread, every time: re-reading it would never get past it.
      yield { stream: 'event', records: ['{"CRASH":true}'], position: 2 };
      yield { stream: 'event', records: [record(3)], position: 3 };
    },
  };
  const metrics = new Metrics();
  const { storage, outcome } = run(t, source, pool, metrics);
  assert.equal(await outcome, 'exhausted');
  assert.deepEqual(reads, [undefined], 'read once: nothing had to be read again');
  assert.equal(storage.state.get('source:hub'), 3);
  const documents = buffered(storage).map((text) => JSON.parse(text) as { event?: { kind?: string } });
  assert.equal(documents.length, 3);
  assert.equal(documents[1]!.event?.kind, 'pipeline_error', 'the record the thread died on, normalized here (no category: a pipeline_error document)');
  // The dying thread fails the batch it died on, and the next one if it had been sent there already.
  const failedBatches = await total(metrics.errors, { error_type: 'normalizer' });
  assert.ok(failedBatches >= 1 && failedBatches <= 2, `${failedBatches} batches normalized on the main thread`);
  assert.equal(await total(metrics.errors, { error_type: 'read' }), 0);
});
