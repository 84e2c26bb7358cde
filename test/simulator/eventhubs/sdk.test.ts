import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { earliestEventPosition, EventHubProducerClient, latestEventPosition, type EventPosition, type MessagingError } from '@azure/event-hubs';
import { startEventHubEmulator, type RunningEventHubEmulator } from '../../../src/simulator/eventhubs/index.js';
import { CLIENT_OPTIONS, read, sleep } from './support.js';

describe('Event Hubs emulator with the unmodified @azure/event-hubs SDK', () => {
  let emulator: RunningEventHubEmulator;
  let producer: EventHubProducerClient;
  const hub = 'orders';

  before(async () => {
    emulator = await startEventHubEmulator({ hubs: [{ name: hub, partitions: 3 }, { name: 'empty', partitions: 2 }] });
    producer = new EventHubProducerClient(emulator.connectionString(hub), CLIENT_OPTIONS);
  });
  after(async () => {
    await producer.close();
    await emulator.close();
  });

  test('the connection string is the emulator form the SDK connects to without TLS', () => {
    assert.match(emulator.connectionString(hub), new RegExp(`^Endpoint=sb://127\\.0\\.0\\.1:${emulator.port};SharedAccessKeyName=[^;]+;SharedAccessKey=[^;]+;EntityPath=orders;UseDevelopmentEmulator=true$`));
  });

  test('getEventHubProperties and getPartitionProperties', async () => {
    const properties = await producer.getEventHubProperties();
    assert.equal(properties.name, hub);
    assert.deepEqual(properties.partitionIds, ['0', '1', '2']);
    assert.ok(properties.createdOn instanceof Date && !Number.isNaN(properties.createdOn.getTime()));
    const empty = new EventHubProducerClient(emulator.connectionString('empty'), CLIENT_OPTIONS);
    try {
      const partition = await empty.getPartitionProperties('1');
      assert.equal(partition.partitionId, '1');
      assert.equal(partition.eventHubName, 'empty');
      assert.equal(partition.isEmpty, true);
      assert.equal(partition.lastEnqueuedSequenceNumber, -1);
      await empty.sendBatch([{ body: 'one' }, { body: 'two' }], { partitionId: '1' });
      const after = await empty.getPartitionProperties('1');
      assert.deepEqual(
        { begin: after.beginningSequenceNumber, last: after.lastEnqueuedSequenceNumber, empty: after.isEmpty, offsetIsText: typeof after.lastEnqueuedOffset },
        { begin: 0, last: 1, empty: false, offsetIsText: 'string' },
      );
      assert.ok(Math.abs(after.lastEnqueuedOnUtc.getTime() - Date.now()) < 5_000);
      await assert.rejects(empty.getPartitionProperties('7'), (error: MessagingError) => error.code === 'ArgumentOutOfRangeError');
    } finally {
      await empty.close();
    }
  });

  test('sendBatch by key, by partition and round-robin; subscribe receives everything, in order per partition', async () => {
    const reader = read(emulator.connectionString(hub), { startPosition: earliestEventPosition });
    try {
      const sent: { key: string; n: number }[] = [];
      for (let round = 0; round < 3; round++) {
        for (const key of ['alpha', 'beta', 'gamma', 'delta']) {
          const batch = await producer.createBatch({ partitionKey: key });
          for (let n = 0; n < 5; n++) {
            assert.ok(batch.tryAdd({ body: { key, n: round * 5 + n }, properties: { round } }));
            sent.push({ key, n: round * 5 + n });
          }
          await producer.sendBatch(batch);
        }
      }
      await producer.sendBatch([{ body: { key: 'p2', n: 0 } }, { body: { key: 'p2', n: 1 } }], { partitionId: '2' });
      for (let n = 0; n < 3; n++) await producer.sendBatch([{ body: { key: 'rr', n } }]);
      const total = sent.length + 2 + 3;
      const received = await reader.waitFor(total);
      await sleep(300); // nothing beyond what was sent arrives
      assert.equal(received.length, total);

      const byPartition = new Map<string, typeof received>();
      for (const item of received) byPartition.set(item.partitionId, [...(byPartition.get(item.partitionId) ?? []), item]);
      for (const [partitionId, items] of byPartition) {
        assert.deepEqual(items.map((item) => item.event.sequenceNumber), items.map((_, index) => index), `partition ${partitionId}: sequence numbers 0…n in order`);
        const offsets = items.map((item) => Number(item.event.offset));
        assert.ok(offsets.every((offset, index) => index === 0 || offset > offsets[index - 1]!), `partition ${partitionId}: offsets increase`);
      }
      // One key, one partition, its events in send order, carrying the key and the application properties.
      for (const key of ['alpha', 'beta', 'gamma', 'delta']) {
        const mine = received.filter((item) => (item.event.body as { key: string }).key === key);
        assert.equal(new Set(mine.map((item) => item.partitionId)).size, 1, `${key} stays in one partition`);
        assert.deepEqual(mine.map((item) => (item.event.body as { n: number }).n), sent.filter((item) => item.key === key).map((item) => item.n));
        assert.ok(mine.every((item) => item.event.partitionKey === key && item.event.enqueuedTimeUtc instanceof Date));
        assert.deepEqual(mine.map((item) => item.event.properties?.round), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
      }
      assert.deepEqual(received.filter((item) => (item.event.body as { key: string }).key === 'p2').map((item) => item.partitionId), ['2', '2']);
      assert.equal(new Set(received.filter((item) => (item.event.body as { key: string }).key === 'rr').map((item) => item.partitionId)).size, 3, 'no key: round-robin');
      assert.deepEqual(reader.errors, []);
    } finally {
      await reader.close();
    }
  });

  test('start positions: earliest, latest, sequence number, offset and enqueued time', async () => {
    const partitionId = '0';
    const client = new EventHubProducerClient(emulator.connectionString('empty'), CLIENT_OPTIONS);
    const cs = emulator.connectionString('empty');
    try {
      await client.sendBatch([0, 1, 2, 3, 4].map((n) => ({ body: { n } })), { partitionId });
      await sleep(20);
      const cut = new Date();
      await sleep(20);
      await client.sendBatch([5, 6, 7].map((n) => ({ body: { n } })), { partitionId });
      const all = read(cs, { partitionId, startPosition: earliestEventPosition });
      const events = (await all.waitFor(8)).map((item) => item.event);
      await all.close();
      // Waits for `count` events, then a little longer: more than expected would show up in the result.
      const numbers = async (startPosition: EventPosition, count: number) => {
        const reader = read(cs, { partitionId, startPosition });
        try {
          await reader.waitFor(count);
          await sleep(200);
          return reader.received.map((item) => (item.event.body as { n: number }).n);
        } finally {
          await reader.close();
        }
      };
      assert.deepEqual(await numbers(earliestEventPosition, 8), [0, 1, 2, 3, 4, 5, 6, 7]);
      assert.deepEqual(await numbers({ sequenceNumber: 5 }, 2), [6, 7], 'sequence number, exclusive');
      assert.deepEqual(await numbers({ sequenceNumber: 5, isInclusive: true }, 3), [5, 6, 7], 'sequence number, inclusive');
      assert.deepEqual(await numbers({ offset: events[3]!.offset }, 4), [4, 5, 6, 7], 'offset, exclusive');
      assert.deepEqual(await numbers({ offset: events[3]!.offset, isInclusive: true }, 5), [3, 4, 5, 6, 7], 'offset, inclusive');
      assert.deepEqual(await numbers({ enqueuedOn: cut }, 3), [5, 6, 7], 'enqueued time');

      const latest = read(cs, { partitionId, startPosition: latestEventPosition });
      try {
        await sleep(500); // the receiver is attached before the next send
        await client.sendBatch([{ body: { n: 8 } }], { partitionId });
        await latest.waitFor(1);
        await sleep(200);
        assert.deepEqual(latest.received.map((item) => (item.event.body as { n: number }).n), [8], 'latest: only what comes after');
      } finally {
        await latest.close();
      }
    } finally {
      await client.close();
    }
  });

  test('a publication over 1 MB is rejected with MessageTooLargeError; batches are sized to the link limit', async () => {
    const batch = await producer.createBatch();
    assert.equal(batch.maxSizeInBytes, 1_048_576);
    assert.equal(batch.tryAdd({ body: Buffer.alloc(1_100_000) }), false);
    await assert.rejects(producer.sendBatch([{ body: Buffer.alloc(600_000) }, { body: Buffer.alloc(600_000) }]), (error: MessagingError) => {
      assert.equal(error.name, 'MessagingError');
      assert.equal(error.code, 'MessageTooLargeError');
      assert.equal(error.retryable, false);
      return true;
    });
    const before = emulator.partitionInfo(hub).reduce((sum, partition) => sum + partition.retained, 0);
    await producer.sendBatch([{ body: Buffer.alloc(900_000) }], { partitionId: '1' });
    assert.equal(emulator.partitionInfo(hub).reduce((sum, partition) => sum + partition.retained, 0), before + 1, 'just under the limit is fine, and the rejected one was not stored');
  });

  test('an unknown hub is MessagingEntityNotFoundError', async () => {
    const wrong = new EventHubProducerClient(emulator.connectionString(hub).replace('EntityPath=orders', 'EntityPath=nope'), CLIENT_OPTIONS);
    try {
      await assert.rejects(wrong.sendBatch([{ body: 'x' }]), (error: MessagingError) => error.code === 'MessagingEntityNotFoundError');
      await assert.rejects(wrong.getEventHubProperties(), (error: MessagingError) => error.code === 'MessagingEntityNotFoundError');
    } finally {
      await wrong.close();
    }
  });
});
