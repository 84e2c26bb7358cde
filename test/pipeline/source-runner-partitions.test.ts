import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openBuffer } from '../../src/buffer/open-buffer.js';
import type { Source, SourceBatch } from '../../src/core/source.js';
import { partitionPositionKey, positionKey, runSource, type SourceRunnerContext } from '../../src/pipeline/source-runner.js';
import { Metrics, total } from '../../src/telemetry/metrics.js';
import { runnerContext } from '../support/runner-context.js';
import { tempDir } from '../support/temp-dir.js';

const record = (n: number) => JSON.stringify({ category: 'AdvancedHunting-DeviceEvents', properties: { Timestamp: '2026-01-05T07:38:44Z', DeviceId: `d${n}` } });

function context(storage: ReturnType<typeof openBuffer>, source: Source, metrics = new Metrics()): SourceRunnerContext {
  return runnerContext(storage, source, { metrics });
}

test('a partitioned batch commits its position under its partition, and afterCommit runs after the commit and before the next batch is asked for', async (t) => {
  const storage = openBuffer(join(tempDir(t), 'db'), { sinks: ['out'], maxBytesPerSink: Number.MAX_SAFE_INTEGER, durability: 'normal' });
  t.after(storage.close);
  const events: string[] = [];
  const source: Source = {
    name: 'hub',
    async *read() {
      for (const [index, partition] of ['0', '1', '0'].entries()) {
        events.push(`yield ${index}`);
        const batch: SourceBatch = {
          stream: 'event',
          records: [record(index)],
          position: { partition, upTo: index },
          partition,
          afterCommit: async () => {
            // The commit is durable by now: documents and this partition's position.
            assert.equal(storage.buffer.depth('out').documents, index + 1);
            assert.deepEqual(storage.state.get(partitionPositionKey('hub', partition)), { partition, upTo: index });
            await new Promise((resolve) => setTimeout(resolve, 5));
            events.push(`acknowledged ${index}`);
          },
        };
        yield batch;
        events.push(`resumed after ${index}`);
      }
    },
  };
  assert.equal(await runSource(context(storage, source), new AbortController().signal), 'exhausted');
  assert.deepEqual(events, ['yield 0', 'acknowledged 0', 'resumed after 0', 'yield 1', 'acknowledged 1', 'resumed after 1', 'yield 2', 'acknowledged 2', 'resumed after 2']);
  assert.deepEqual(storage.state.get(partitionPositionKey('hub', '0')), { partition: '0', upTo: 2 });
  assert.deepEqual(storage.state.get(partitionPositionKey('hub', '1')), { partition: '1', upTo: 1 });
  assert.equal(storage.state.get(positionKey('hub')), undefined);
  assert.deepEqual(storage.state.entries(`${positionKey('hub')}/`).map((entry) => entry.key), [partitionPositionKey('hub', '0'), partitionPositionKey('hub', '1')]);
});

test('a failed afterCommit is counted and logged, the documents stay committed and reading goes on', async (t) => {
  const storage = openBuffer(join(tempDir(t), 'db'), { sinks: ['out'], maxBytesPerSink: Number.MAX_SAFE_INTEGER, durability: 'normal' });
  t.after(storage.close);
  const metrics = new Metrics();
  let reads = 0;
  const source: Source = {
    name: 'hub',
    async *read() {
      reads += 1;
      yield { stream: 'event', records: [record(1)], position: 1, partition: '0', afterCommit: () => Promise.reject(new Error('blob store down')) };
      yield { stream: 'event', records: [record(2)], position: 2, partition: '0' };
    },
  };
  assert.equal(await runSource(context(storage, source, metrics), new AbortController().signal), 'exhausted');
  assert.equal(reads, 1);
  assert.equal(storage.buffer.depth('out').documents, 2);
  assert.equal(storage.state.get(partitionPositionKey('hub', '0')), 2);
  assert.equal(await total(metrics.errors, { component_kind: 'source', error_type: 'after_commit' }), 1);
});

test('a batch without a partition still commits under the source\'s own key', async (t) => {
  const storage = openBuffer(join(tempDir(t), 'db'), { sinks: ['out'], maxBytesPerSink: Number.MAX_SAFE_INTEGER, durability: 'normal' });
  t.after(storage.close);
  const source: Source = {
    name: 'plain',
    async *read() {
      yield { stream: 'event', records: [record(1)], position: { at: 1 } };
    },
  };
  await runSource(context(storage, source), new AbortController().signal);
  assert.deepEqual(storage.state.get(positionKey('plain')), { at: 1 });
  assert.deepEqual(storage.state.entries(`${positionKey('plain')}/`), []);
});
