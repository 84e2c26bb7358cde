import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { earliestEventPosition, EventHubProducerClient } from '@azure/event-hubs';
import { startSimulator, type SimulatorTruthLine } from '../../../src/simulator/simulator.js';
import { startOwnedCli } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dir.js';
import { CLIENT_OPTIONS, read, sleep, until } from './support.js';

interface Record {
  readonly tenantId: string;
  readonly category: string;
  readonly properties: { readonly DeviceName?: unknown };
}

test('startSimulator({ eventHub }): the hub streams records of the simulated tenants; truth() lists them', async () => {
  const sim = await startSimulator({ seed: 'eh-sim', tenants: 2, devices: 4, incidents: 2, changes: 0, eventHub: { partitions: 2, events: 300, eventsPerSecond: 3_000 } });
  try {
    const hub = sim.eventHub!;
    assert.deepEqual({ hub: hub.hub, partitions: hub.partitions }, { hub: 'insights-logs-advancedhunting', partitions: 2 });
    assert.match(hub.connectionString, /^Endpoint=sb:\/\/127\.0\.0\.1:\d+;.*EntityPath=insights-logs-advancedhunting;UseDevelopmentEmulator=true$/);
    await until(() => hub.publishingDone());
    assert.equal(hub.published(), 300);

    const producer = new EventHubProducerClient(hub.connectionString, CLIENT_OPTIONS);
    const properties = await Promise.all(['0', '1'].map((id) => producer.getPartitionProperties(id)));
    await producer.close();
    const messages = properties.reduce((sum, partition) => sum + partition.lastEnqueuedSequenceNumber + 1, 0);
    const reader = read(hub.connectionString, { startPosition: earliestEventPosition });
    try {
      await reader.waitFor(messages);
      await sleep(200);
      assert.equal(reader.received.length, messages);
      const records = reader.received.flatMap((item) => (item.event.body as { records: Record[] }).records);
      assert.equal(records.length, 300);
      // The simulator's tenants, both of them, each with its own devices.
      const domains = new Map(sim.tenants.map((tenant) => [tenant.id, tenant.domain]));
      assert.deepEqual(new Set(records.map((record) => record.tenantId)), new Set(domains.keys()));
      const deviceRecords = records.filter((record) => record.category.startsWith('AdvancedHunting-Device'));
      assert.ok(deviceRecords.length > 0 && deviceRecords.every((record) => String(record.properties.DeviceName).endsWith(`.${domains.get(record.tenantId)!}`)));
    } finally {
      await reader.close();
    }

    const truth: SimulatorTruthLine[] = [...sim.truth()];
    const events = truth.filter((line) => line.stream === 'event');
    assert.equal(events.length, 300);
    assert.ok(truth.some((line) => line.stream === 'incident'), 'the Graph truth is still there, first');
  } finally {
    await sim.close();
  }
});

test('defender-siem simulate --eventhub-port 0 --events N: prints `eventhub <connection string>`, streams N records, truth file has them', async (t) => {
  const dir = tempDir(t);
  const truth = join(dir, 'truth.ndjson');
  const { child, done } = startOwnedCli(t, ['simulate', '--port', '0', '--incidents', '1', '--changes', '0', '--eventhub-port', '0', '--eventhub-partitions', '2', '--events', '40', '--events-per-second', '400', '--truth', truth, '--ca-out', join(dir, 'ca.pem')]);
  const lines = createInterface({ input: child.stdout! });
  const connectionString = await new Promise<string>((resolve) => lines.on('line', (line) => line.startsWith('eventhub Endpoint=') && resolve(line.slice('eventhub '.length))));
  assert.match(connectionString, /EntityPath=insights-logs-advancedhunting;UseDevelopmentEmulator=true$/);
  const reader = read(connectionString, { startPosition: earliestEventPosition });
  try {
    await until(() => reader.received.flatMap((item) => (item.event.body as { records: unknown[] }).records).length === 40);
  } finally {
    await reader.close();
  }
  child.kill('SIGTERM');
  const result = await done;
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^eventhub published 40$/m);
  const written = readFileSync(truth, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as SimulatorTruthLine);
  assert.equal(written.filter((line) => line.stream === 'event').length, 40);
});
