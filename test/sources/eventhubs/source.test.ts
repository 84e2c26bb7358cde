import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import pino from 'pino';
import { openBuffer } from '../../../src/buffer/open-buffer.js';
import type { PartitionCheckpoint } from '../../../src/checkpoint/checkpoint.js';
import { partitionPositionKey, runSource } from '../../../src/pipeline/source-runner.js';
import { EventHubSource, type EventHubSourceOptions } from '../../../src/sources/eventhubs/source.js';
import type { StateStore } from '../../../src/state/state-store.js';
import { EventHubStatus } from '../../../src/telemetry/eventhub-status.js';
import { Metrics } from '../../../src/telemetry/metrics.js';
import { runnerContext } from '../../support/runner-context.js';
import { tempDir } from '../../support/temp-dir.js';
import { events, FakeConsumerClient, partition, until } from './fake-client.js';
import { encodeDocuments } from '../../../src/buffer/document-batch.js';

const log = pino({ level: 'silent' });
const EVENTHUB = { kind: 'source', id: 'hub', type: 'eventhub' } as const;
const body = (...ids: string[]) => JSON.stringify({ records: ids.map((id) => ({ category: 'AdvancedHunting-DeviceEvents', properties: { Timestamp: '2026-01-05T07:38:44Z', DeviceId: id } })) });

function setup(t: TestContext, overrides: Partial<EventHubSourceOptions> = {}, state?: (real: StateStore) => StateStore) {
  const storage = openBuffer(join(tempDir(t), 'db'), { sinks: ['out'], maxBytesPerSink: Number.MAX_SAFE_INTEGER, durability: 'normal' });
  t.after(storage.close);
  const clients: FakeConsumerClient[] = [];
  const errors: unknown[] = [];
  const source = new EventHubSource({
    name: 'hub',
    connect: () => {
      const client = new FakeConsumerClient();
      clients.push(client);
      return client;
    },
    subscribe: { maxBatchSize: 300, maxWaitTimeInSeconds: 1, prefetchCount: 900 },
    onError: (error) => errors.push(error),
    log,
    ...overrides,
  });
  const metrics = new Metrics();
  const context = runnerContext(storage, source, { component: EVENTHUB, state: state === undefined ? storage.state : state(storage.state), metrics });
  const stop = new AbortController();
  const running = runSource(context, stop.signal);
  t.after(async () => {
    stop.abort();
    await running;
  });
  return { storage, clients, errors, metrics, stop, running, client: () => clients.at(-1)! };
}

test('a partition handler returns only once its batch and the partition\'s checkpoint are committed', async (t) => {
  const { storage, client } = setup(t);
  await until(() => client()?.handlers !== undefined);
  const handlers = client().handlers!;
  assert.equal(client().options?.skipParsingBodyAsJson, true);
  assert.equal(client().options?.maxBatchSize, 300);

  await handlers.processEvents(events(5, body('a', 'b'), 'not json'), partition('2'));
  // By the time the handler returns (and the SDK may deliver the next batch): committed.
  assert.equal(storage.buffer.depth('out').documents, 3);
  assert.deepEqual(storage.state.get(partitionPositionKey('hub', '2')), {
    fullyQualifiedNamespace: 'ns.servicebus.windows.net',
    eventHubName: 'defender',
    consumerGroup: 'siem',
    partitionId: '2',
    offset: '600',
    sequenceNumber: 6,
  });
  // A quiet interval: nothing to commit, the handler returns at once.
  await handlers.processEvents([], partition('2'));
  assert.equal(storage.buffer.depth('out').documents, 3);
});

test('partitions hand over concurrently; each handler waits for its own commit (backpressure), none is lost', async (t) => {
  const storage = openBuffer(join(tempDir(t), 'db'), { sinks: ['out'], maxBytesPerSink: 1, durability: 'normal' });
  t.after(storage.close);
  const client = new FakeConsumerClient();
  const source = new EventHubSource({ name: 'hub', connect: () => client, subscribe: {}, onError: () => undefined, log });
  const stop = new AbortController();
  const running = runSource(runnerContext(storage, source, { component: EVENTHUB }), stop.signal);
  await until(() => client.handlers !== undefined);
  const settled: string[] = [];
  const handlers = ['0', '1', '2'].map((id) => client.handlers!.processEvents(events(0, body(`p${id}`)), partition(id)).then(() => settled.push(id)));
  // The buffer admits one batch while below its limit; the others wait for room.
  await until(() => settled.length === 1);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(settled.length, 1);
  while (settled.length < 3) {
    const pulled = storage.buffer.pull('out', { maxDocuments: 100, maxBytes: Number.MAX_SAFE_INTEGER });
    storage.buffer.ack('out', pulled);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(handlers);
  assert.deepEqual(['0', '1', '2'].map((id) => (storage.state.get(partitionPositionKey('hub', id)) as PartitionCheckpoint).partitionId), ['0', '1', '2']);
  stop.abort();
  assert.equal(await running, 'stopped');
});

test('on shutdown the batches already handed over are committed, later ones are not; then the subscription closes, then the client', async (t) => {
  const storage = openBuffer(join(tempDir(t), 'db'), { sinks: ['out'], maxBytesPerSink: 1, durability: 'normal' });
  t.after(storage.close);
  storage.buffer.append([{ sink: 'out', docs: encodeDocuments('event', [{ id: 'x', body: '{}' }]) }]);
  const client = new FakeConsumerClient();
  const source = new EventHubSource({ name: 'hub', connect: () => client, subscribe: {}, onError: () => undefined, log });
  const stop = new AbortController();
  const running = runSource(runnerContext(storage, source, { component: EVENTHUB }), stop.signal);
  await until(() => client.handlers !== undefined);
  // The buffer is full: the first batch waits for room, the second waits in the queue.
  const first = client.handlers!.processEvents(events(0, body('a')), partition('0'));
  const second = client.handlers!.processEvents(events(0, body('b')), partition('1'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  stop.abort();
  await Promise.all([first, second]);
  assert.equal(await running, 'stopped');
  assert.deepEqual(client.calls, ['subscribe', 'subscription.close', 'client.close']);
  // What was read before the stop is committed, as the source contract asks (the runner commits
  // on shutdown even into a full buffer: the overshoot is bounded by one batch per partition).
  assert.equal((storage.state.get(partitionPositionKey('hub', '0')) as PartitionCheckpoint).sequenceNumber, 0);
  assert.equal((storage.state.get(partitionPositionKey('hub', '1')) as PartitionCheckpoint).sequenceNumber, 0);
  // A handler called after the stop returns at once, uncommitted (read again next time).
  await client.handlers!.processEvents(events(1, body('c')), partition('0'));
  assert.equal((storage.state.get(partitionPositionKey('hub', '0')) as PartitionCheckpoint).sequenceNumber, 0);
});

test('a failed commit releases the handlers, closes the subscription and reads again with a new client', async (t) => {
  let failures = 1;
  const { storage, clients } = setup(t, {}, (real) =>
    Object.assign(Object.create(real) as StateStore, {
      set: (key: string, value: unknown) => {
        if (failures-- > 0) throw new Error('disk full');
        real.set(key, value);
      },
    }),
  );
  await until(() => clients[0]?.handlers !== undefined);
  await clients[0]!.handlers!.processEvents(events(0, body('a')), partition('0'));
  await until(() => clients.length === 2 && clients[1]!.handlers !== undefined);
  assert.deepEqual(clients[0]!.calls, ['subscribe', 'subscription.close', 'client.close']);
  assert.equal(storage.state.get(partitionPositionKey('hub', '0')), undefined);
  // The new subscription reads the batch again (from the checkpoint) and commits it.
  await clients[1]!.handlers!.processEvents(events(0, body('a')), partition('0'));
  assert.equal((storage.state.get(partitionPositionKey('hub', '0')) as PartitionCheckpoint).sequenceNumber, 0);
});

test('the blob acknowledgement follows each commit, except for a partition this instance no longer reads', async (t) => {
  const acknowledged: Array<[string, number]> = [];
  const { storage, client } = setup(t, {
    acknowledge: async (checkpoint) => {
      // After the commit: the checkpoint written outside is never ahead of the buffer.
      assert.deepEqual(storage.state.get(partitionPositionKey('hub', checkpoint.partitionId)), checkpoint);
      acknowledged.push([checkpoint.partitionId, checkpoint.sequenceNumber]);
    },
  });
  await until(() => client()?.handlers !== undefined);
  const handlers = client().handlers!;
  const zero = partition('0');
  await handlers.processEvents(events(0, body('a'), body('b')), zero);
  await handlers.processEvents(events(2, body('c')), partition('1'));
  await handlers.processClose!('OwnershipLost' as never, zero);
  await handlers.processEvents(events(2, body('d')), zero);
  assert.deepEqual(acknowledged, [['0', 1], ['1', 2]]);
});

test('a partition taken over is not an error; other errors are counted, logged and time-stamped for the last-error gauge', async (t) => {
  const status = new EventHubStatus('hub');
  const { client, errors } = setup(t, { status });
  await until(() => client()?.handlers !== undefined);
  const handlers = client().handlers!;
  const stolen = Object.assign(new Error('New receiver with higher epoch'), { name: 'MessagingError', code: 'ReceiverDisconnectedError' });
  await handlers.processError(stolen, partition('0'));
  assert.equal(status.lastErrorMs, undefined, 'a takeover is normal operation');
  const before = Date.now();
  const other = Object.assign(new Error('connection reset'), { name: 'MessagingError', code: 'ServiceCommunicationError' });
  await handlers.processError(other, partition(''));
  assert.deepEqual(errors, [other]);
  assert.ok(status.lastErrorMs !== undefined && status.lastErrorMs >= before);

  const metrics = new Metrics();
  metrics.eventHubStatuses.set('hub', status);
  const gauge = (await metrics.registry.getMetricsAsJSON()).find((metric) => metric.name === 'defender_siem_eventhub_last_error_timestamp_seconds');
  assert.deepEqual(gauge?.values.map((value) => [value.labels, value.value]), [[{ component_id: 'hub' }, status.lastErrorMs / 1000]]);
});
