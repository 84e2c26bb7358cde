import assert from 'node:assert/strict';
import { test } from 'node:test';
import { earliestEventPosition, EventHubConsumerClient, type Checkpoint, type CheckpointStore, type PartitionOwnership } from '@azure/event-hubs';
import { startEventHubEmulator } from '../../../src/simulator/eventhubs/index.js';
import { sleep, until } from './support.js';

/** The smallest CheckpointStore the SDK's load balancer works with: etag-checked claims in memory. */
class MemoryStore implements CheckpointStore {
  private readonly owners = new Map<string, PartitionOwnership>();
  private readonly checkpoints = new Map<string, Checkpoint>();
  private etag = 0;
  async listOwnership(): Promise<PartitionOwnership[]> {
    return [...this.owners.values()];
  }
  /** Partition id → owner id, as claimed right now. */
  ownerOf(): Map<string, string> {
    return new Map([...this.owners.values()].map((ownership) => [ownership.partitionId, ownership.ownerId]));
  }
  async claimOwnership(claims: PartitionOwnership[]): Promise<PartitionOwnership[]> {
    const claimed: PartitionOwnership[] = [];
    for (const claim of claims) {
      const current = this.owners.get(claim.partitionId);
      if (current && current.etag !== claim.etag) continue;
      const next = { ...claim, etag: String(++this.etag), lastModifiedTimeInMs: Date.now() };
      this.owners.set(claim.partitionId, next);
      claimed.push(next);
    }
    return claimed;
  }
  async updateCheckpoint(checkpoint: Checkpoint): Promise<void> {
    this.checkpoints.set(checkpoint.partitionId, checkpoint);
  }
  async listCheckpoints(): Promise<Checkpoint[]> {
    return [...this.checkpoints.values()];
  }
}

test('two balanced consumers (checkpoint store, owner level 0): the newcomer takes partitions, the old owner lets them go, nothing is read twice after', async () => {
  const emulator = await startEventHubEmulator({ hubs: [{ name: 'balanced', partitions: 4 }] });
  const store = new MemoryStore();
  const readsOf = new Map<string, string[]>();
  const stolen: { consumer: string; partitionId: string }[] = [];
  const consumer = (name: string) => {
    const client = new EventHubConsumerClient('$Default', emulator.connectionString('balanced'), store, { loadBalancingOptions: { updateIntervalInMs: 200, partitionOwnershipExpirationIntervalInMs: 3_000 } });
    const subscription = client.subscribe(
      {
        processEvents: async (events, context) => {
          for (const event of events) {
            const key = `${context.partitionId}/${event.sequenceNumber}`;
            readsOf.set(key, [...(readsOf.get(key) ?? []), name]);
          }
          if (events.length > 0) await context.updateCheckpoint(events[events.length - 1]!);
        },
        processError: async (error, context) => {
          if ((error as { code?: string }).code === 'ReceiverDisconnectedError') stolen.push({ consumer: name, partitionId: context.partitionId });
        },
      },
      { startPosition: earliestEventPosition, maxWaitTimeInSeconds: 0.2 },
    );
    return {
      close: async () => {
        await subscription.close();
        await client.close();
      },
    };
  };
  const first = consumer('first');
  let second: { close(): Promise<void> } | undefined;
  try {
    for (let n = 0; n < 40; n++) emulator.publish('balanced', [`before ${n}`]);
    await until(() => readsOf.size === 40);
    second = consumer('second');
    // The newcomer claims half; the first consumer's receivers on those partitions are detached.
    await until(() => new Set(store.ownerOf().values()).size === 2 && stolen.length === 2, 10_000);
    assert.ok(stolen.every((item) => item.consumer === 'first'));
    const secondsPartitions = [...store.ownerOf()].filter(([partitionId]) => stolen.some((item) => item.partitionId === partitionId)).map(([, owner]) => owner);
    assert.equal(new Set(secondsPartitions).size, 1, 'the stolen partitions are the newcomer\'s');
    await sleep(500);
    const before = readsOf.size;
    for (let n = 0; n < 200; n++) emulator.publish('balanced', [`after ${n}`]);
    await until(() => readsOf.size === before + 200);
    await sleep(500);
    const afterBalance = [...readsOf.entries()].slice(before);
    assert.equal(afterBalance.length, 200, 'every event after the rebalance was read');
    assert.deepEqual(afterBalance.filter(([, readers]) => readers.length > 1), [], 'and read once');
    assert.deepEqual(new Set(afterBalance.flatMap(([, readers]) => readers)), new Set(['first', 'second']), 'by both consumers');
  } finally {
    await second?.close();
    await first.close();
    await emulator.close();
  }
});
