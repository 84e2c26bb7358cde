import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { latestEventPosition, MessagingError } from '@azure/event-hubs';
import { startEventHubEmulator, type RunningEventHubEmulator } from '../../../src/simulator/eventhubs/index.js';
import { read, sleep, until, type Reader } from './support.js';

let emulator: RunningEventHubEmulator;
const hub = 'owned';
before(async () => {
  emulator = await startEventHubEmulator({ hubs: [{ name: hub, partitions: 2 }] });
});
after(() => emulator.close());

const bodies = (reader: Reader) => reader.received.map((item) => Buffer.from(item.event.body as Uint8Array).toString('utf8'));
const publish = (body: string) => emulator.publish(hub, [body], 'same-key-same-partition');

function assertStolen(error: unknown): void {
  // What the SDK hands processError: a MessagingError whose code its partition pump checks.
  assert.ok(error instanceof MessagingError, `a MessagingError, got ${String(error)}`);
  assert.equal(error.name, 'MessagingError');
  assert.equal(error.code, 'ReceiverDisconnectedError');
  assert.equal(error.retryable, false);
}

test('owner levels: a higher or equal one takes the partition (ReceiverDisconnectedError for the old reader), a lower one is refused', async () => {
  const partitionId = publish('warm-up').partitionId;
  const open = (ownerLevel: number | undefined, consumerGroup = '$Default') => read(emulator.connectionString(hub), { partitionId, ownerLevel, consumerGroup, startPosition: latestEventPosition });
  const readers: Reader[] = [];
  try {
    const first = open(1);
    readers.push(first);
    await sleep(400);
    publish('a');
    await first.waitFor(1);

    const second = open(2);
    readers.push(second);
    await until(() => first.errors.length > 0);
    assertStolen(first.errors[0]);
    await until(() => first.closeReasons.length > 0);
    assert.deepEqual(first.closeReasons, ['OwnershipLost']);
    await sleep(300);
    publish('b');
    await second.waitFor(1);

    const lower = open(1);
    readers.push(lower);
    await until(() => lower.errors.length > 0);
    assertStolen(lower.errors[0]);
    assert.match(lower.errors[0]!.message, /higher epoch '2'/);

    const nonEpoch = open(undefined);
    readers.push(nonEpoch);
    await until(() => nonEpoch.errors.length > 0);
    assertStolen(nonEpoch.errors[0]);

    // Another consumer group reads the same partition independently.
    const otherGroup = open(0, 'archive');
    readers.push(otherGroup);
    await sleep(400);
    publish('c');
    await second.waitFor(2);
    await otherGroup.waitFor(1);

    const equal = open(2);
    readers.push(equal);
    await until(() => second.errors.length > 0);
    assertStolen(second.errors[0]);
    await sleep(300);
    publish('d');
    await equal.waitFor(1);
    await sleep(300);

    assert.deepEqual(bodies(first), ['a'], 'the first reader saw nothing after losing the partition');
    assert.deepEqual(bodies(second), ['b', 'c'], 'every event went to exactly one reader of $Default');
    assert.deepEqual(bodies(equal), ['d']);
    assert.deepEqual([...bodies(lower), ...bodies(nonEpoch)], []);
    assert.deepEqual(bodies(otherGroup), ['c', 'd']);
    assert.deepEqual([...otherGroup.errors, ...equal.errors], []);
  } finally {
    for (const reader of readers) await reader.close();
  }
});
