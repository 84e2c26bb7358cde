import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ContainerClient } from '@azure/storage-blob';
import pino from 'pino';
import { openBuffer } from '../../../src/buffer/open-buffer.js';
import { openBlobCheckpointStore } from '../../../src/checkpoint/blob-checkpoint-store.js';
import { Secret } from '../../../src/config/redact.js';
import { configSchema } from '../../../src/config/schema.js';
import { buildCheckpointing, buildEventHubSource, type EventHubSourceConfig } from '../../../src/sources/eventhubs/build.js';
import { tempDir } from '../../support/temp-dir.js';
import { startAzurite } from '../../support/azurite.js';

const log = pino({ level: 'silent' });
const HUB = { fullyQualifiedNamespace: 'ns.servicebus.windows.net', eventHubName: 'defender', consumerGroup: 'siem' };

test('the blob store on Azurite: creates its container, claims with etags (a stale one fails), keeps checkpoints', async (t) => {
  const azurite = await startAzurite(t);
  const { store, ensureContainer } = openBlobCheckpointStore({ connectionString: new Secret(azurite.connectionString) }, 'checkpoints', log);
  await ensureContainer();
  await ensureContainer();
  assert.ok(await new ContainerClient(azurite.connectionString, 'checkpoints').exists());

  const [mine] = await store.claimOwnership([{ ...HUB, partitionId: '0', ownerId: 'a' }]);
  assert.ok(mine?.etag);
  const [theirs] = await store.claimOwnership([{ ...HUB, partitionId: '0', ownerId: 'b', etag: mine.etag }]);
  assert.equal(theirs?.ownerId, 'b');
  assert.deepEqual(await store.claimOwnership([{ ...HUB, partitionId: '0', ownerId: 'a', etag: mine.etag }]), []);
  assert.deepEqual((await store.listOwnership(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup)).map((item) => item.ownerId), ['b']);

  await store.updateCheckpoint({ ...HUB, partitionId: '0', offset: '1200', sequenceNumber: 12 });
  const [checkpoint] = await store.listCheckpoints(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup);
  assert.deepEqual([checkpoint?.partitionId, checkpoint?.offset, checkpoint?.sequenceNumber], ['0', '1200', 12]);
});

test('an eventhub source configured with a blob store reaches Azurite from its configuration', async (t) => {
  const azurite = await startAzurite(t);
  const dir = tempDir(t);
  const config = configSchema(dir).parse({
    storage: { path: join(dir, 'state.db') },
    sources: [
      {
        type: 'eventhub',
        name: 'defender-stream',
        connection_string: 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=abc;EntityPath=defender',
        consumer_group: 'siem',
        checkpoint_store: { type: 'blob', connection_string: azurite.connectionString, container: 'eh-checkpoints', load_balancing: 'greedy' },
      },
    ],
    sinks: [{ type: 'stdout', name: 'out' }],
  });
  const storage = openBuffer(config.storage.path, { sinks: ['out'], maxBytesPerSink: 1_000_000, durability: 'normal' });
  t.after(storage.close);
  const sourceConfig = config.sources[0] as EventHubSourceConfig;
  assert.deepEqual(sourceConfig.checkpoint_store, {
    type: 'blob',
    connection_string: sourceConfig.checkpoint_store.type === 'blob' ? sourceConfig.checkpoint_store.connection_string : undefined,
    container: 'eh-checkpoints',
    load_balancing: 'greedy',
    partition_ownership_expiration_interval_ms: 60_000,
    load_balancing_interval_ms: 10_000,
  });
  const context = { log, storage, credential: () => assert.fail('no Entra here'), onError: () => undefined };
  assert.equal((await buildEventHubSource(sourceConfig, context)).name, 'defender-stream');
  const checkpointing = await buildCheckpointing(sourceConfig, context);
  assert.equal(checkpointing.kind, 'blob');
  await checkpointing.prepare!();
  await checkpointing.acknowledge!({ ...HUB, partitionId: '3', offset: '30', sequenceNumber: 3 });
  assert.equal((await checkpointing.store.listCheckpoints(HUB.fullyQualifiedNamespace, HUB.eventHubName, HUB.consumerGroup))[0]?.sequenceNumber, 3);
  const blobs: string[] = [];
  for await (const blob of new ContainerClient(azurite.connectionString, 'eh-checkpoints').listBlobsFlat()) blobs.push(blob.name);
  assert.deepEqual(blobs, ['ns.servicebus.windows.net/defender/siem/checkpoint/3']);
});
