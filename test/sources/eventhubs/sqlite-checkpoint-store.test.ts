import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { PartitionOwnership } from '@azure/event-hubs';
import pino from 'pino';
import { openBuffer } from '../../../src/buffer/open-buffer.js';
import { SqliteCheckpointStore } from '../../../src/checkpoint/sqlite-checkpoint-store.js';
import { partitionPositionKey } from '../../../src/pipeline/source-runner.js';
import { tempDir } from '../../support/temp-dir.js';
import { encodeDocuments } from '../../../src/buffer/document-batch.js';

const log = pino({ level: 'silent' });
const HUB = { fullyQualifiedNamespace: 'ns.servicebus.windows.net', eventHubName: 'defender', consumerGroup: 'siem' };

function open(t: TestContext, dir = tempDir(t), source = 'hub', now = () => 1_000) {
  const storage = openBuffer(join(dir, 'state.db'), { sinks: ['out'], maxBytesPerSink: Number.MAX_SAFE_INTEGER, durability: 'normal' });
  t.after(storage.close);
  return { storage, store: new SqliteCheckpointStore({ db: storage.db, state: storage.state, source, log, now }) };
}

function ownership(partitionId: string, ownerId: string, etag?: string): PartitionOwnership {
  return { ...HUB, partitionId, ownerId, ...(etag === undefined ? {} : { etag }) };
}

test('claiming a partition nobody owned needs no etag, and each claim gets a fresh etag and time', async (t) => {
  let now = 1_000;
  const { store } = open(t, undefined, 'hub', () => now);
  const [first] = await store.claimOwnership([ownership('0', 'a')]);
  assert.ok(first?.etag);
  assert.equal(first.lastModifiedTimeInMs, 1_000);
  now = 2_000;
  const [renewed] = await store.claimOwnership([ownership('0', 'a', first.etag)]);
  assert.ok(renewed?.etag);
  assert.notEqual(renewed.etag, first.etag);
  assert.equal(renewed.lastModifiedTimeInMs, 2_000);
  assert.deepEqual(await store.listOwnership(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup), [{ ...HUB, partitionId: '0', ownerId: 'a', etag: renewed.etag, lastModifiedTimeInMs: 2_000 }]);
});

test('a claim with a stale etag, or without one on an owned partition, fails and changes nothing', async (t) => {
  const { store } = open(t);
  const [first] = await store.claimOwnership([ownership('0', 'a')]);
  const [second] = await store.claimOwnership([ownership('0', 'b', first!.etag)]);
  assert.deepEqual(await store.claimOwnership([ownership('0', 'c', first!.etag)]), []);
  assert.deepEqual(await store.claimOwnership([ownership('0', 'c')]), []);
  const listed = await store.listOwnership(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup);
  assert.deepEqual(listed.map((item) => [item.ownerId, item.etag]), [['b', second!.etag]]);
});

test('concurrent claims of one partition with the same etag: exactly one wins; a batch returns only what it won', async (t) => {
  const { store } = open(t);
  const claimed = await store.claimOwnership([ownership('0', 'a'), ownership('1', 'a')]);
  const etag = claimed[0]!.etag!;
  const results = await Promise.all(['x', 'y', 'z'].map((owner) => store.claimOwnership([ownership('0', owner, etag), ownership('2', owner)])));
  const wonZero = results.flat().filter((item) => item.partitionId === '0');
  const wonTwo = results.flat().filter((item) => item.partitionId === '2');
  assert.equal(wonZero.length, 1);
  assert.equal(wonTwo.length, 1);
  const owners = new Map((await store.listOwnership(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup)).map((item) => [item.partitionId, item.ownerId]));
  assert.deepEqual([...owners.entries()].sort(), [['0', wonZero[0]!.ownerId], ['1', 'a'], ['2', wonTwo[0]!.ownerId]]);
});

test('abandoning (the SDK sets ownerId to "" with the current etag) keeps the row for the next owner to claim', async (t) => {
  const { store } = open(t);
  const [mine] = await store.claimOwnership([ownership('0', 'a')]);
  const [abandoned] = await store.claimOwnership([{ ...mine!, ownerId: '' }]);
  assert.equal(abandoned?.ownerId, '');
  const [next] = await store.claimOwnership([ownership('0', 'b', abandoned!.etag)]);
  assert.equal(next?.ownerId, 'b');
});

test('ownership is per event hub, consumer group (case-insensitive, as in the service) and source', async (t) => {
  const dir = tempDir(t);
  const { storage, store } = open(t, dir);
  const other = new SqliteCheckpointStore({ db: storage.db, state: storage.state, source: 'other', log });
  await store.claimOwnership([ownership('0', 'a')]);
  await store.claimOwnership([{ ...ownership('0', 'a'), consumerGroup: 'archive' }]);
  assert.equal((await store.listOwnership('NS.servicebus.windows.net', 'Defender', 'SIEM')).length, 1);
  assert.equal((await store.listOwnership(HUB.fullyQualifiedNamespace, HUB.eventHubName, 'archive')).length, 1);
  assert.deepEqual(await other.listOwnership(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup), []);
});

test('checkpoints are the source\'s per-partition positions: what the runner commits is what the SDK reads back', async (t) => {
  const dir = tempDir(t);
  const { storage, store } = open(t, dir);
  // The runner's commit: documents and the position in one transaction.
  storage.buffer.append([{ sink: 'out', docs: encodeDocuments('event', [{ id: 'x', body: '{}' }]) }], () =>
    storage.state.set(partitionPositionKey('hub', '3'), { ...HUB, partitionId: '3', offset: '4096', sequenceNumber: 41 }),
  );
  await store.updateCheckpoint({ ...HUB, partitionId: '0', offset: '0', sequenceNumber: 0 });
  await store.updateCheckpoint({ ...HUB, partitionId: '0', offset: '512', sequenceNumber: 7 });
  const checkpoints = await store.listCheckpoints(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup);
  assert.deepEqual(
    checkpoints.map((item) => [item.partitionId, item.offset, item.sequenceNumber]),
    [['0', '512', 7], ['3', '4096', 41]],
  );
  assert.deepEqual(storage.state.get(partitionPositionKey('hub', '0')), { ...HUB, partitionId: '0', offset: '512', sequenceNumber: 7 });
});

test('positions of another hub or consumer group, or of another source, are not checkpoints of this one', async (t) => {
  const dir = tempDir(t);
  const { storage, store } = open(t, dir);
  storage.state.set(partitionPositionKey('hub', '0'), { ...HUB, consumerGroup: 'old', partitionId: '0', offset: '9', sequenceNumber: 9 });
  storage.state.set(partitionPositionKey('hub2', '1'), { ...HUB, partitionId: '1', offset: '9', sequenceNumber: 9 });
  storage.state.set('source:hub', { not: 'a checkpoint' });
  storage.state.set(partitionPositionKey('hub', '2'), { garbage: true });
  assert.deepEqual(await store.listCheckpoints(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup), []);
});

test('checkpoints and ownership survive a reopen of the database', async (t) => {
  const dir = tempDir(t);
  const first = openBuffer(join(dir, 'state.db'), { sinks: ['out'], maxBytesPerSink: Number.MAX_SAFE_INTEGER, durability: 'normal' });
  const store = new SqliteCheckpointStore({ db: first.db, state: first.state, source: 'hub', log });
  await store.claimOwnership([ownership('0', 'defender-siem:hub')]);
  await store.updateCheckpoint({ ...HUB, partitionId: '0', offset: '100', sequenceNumber: 10 });
  first.close();
  const { store: reopened } = open(t, dir);
  assert.equal((await reopened.listOwnership(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup))[0]?.ownerId, 'defender-siem:hub');
  assert.equal((await reopened.listCheckpoints(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup))[0]?.sequenceNumber, 10);
});

test('releaseClaims abandons the claims a previous process left, so a new subscription can claim them at once; other sources keep theirs', async (t) => {
  const dir = tempDir(t);
  const first = openBuffer(join(dir, 'state.db'), { sinks: ['out'], maxBytesPerSink: Number.MAX_SAFE_INTEGER, durability: 'normal' });
  const crashed = new SqliteCheckpointStore({ db: first.db, state: first.state, source: 'hub', log });
  await crashed.claimOwnership([ownership('0', 'defender-siem:hub'), ownership('1', 'defender-siem:hub')]);
  await new SqliteCheckpointStore({ db: first.db, state: first.state, source: 'other', log }).claimOwnership([ownership('0', 'defender-siem:other')]);
  first.close(); // a killed process never abandons its claims

  const { storage, store } = open(t, dir, 'hub', () => 5_000);
  store.releaseClaims();
  const listed = await store.listOwnership(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup);
  assert.deepEqual(listed.map((item) => [item.partitionId, item.ownerId, item.lastModifiedTimeInMs]), [['0', '', 5_000], ['1', '', 5_000]]);
  // The SDK claims an abandoned partition with the etag it listed.
  const claimed = await store.claimOwnership(listed.map((item) => ({ ...item, ownerId: 'defender-siem:hub' })));
  assert.equal(claimed.length, 2);
  const other = new SqliteCheckpointStore({ db: storage.db, state: storage.state, source: 'other', log });
  assert.deepEqual((await other.listOwnership(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup)).map((item) => item.ownerId), ['defender-siem:other']);
});
