import assert from 'node:assert/strict';
import { test } from 'node:test';
import { earliestEventPosition } from '@azure/event-hubs';
import { createTenant } from '../../../src/simulator/generate/tenant.js';
import { startEventHubEmulator, startPublisher, STREAMABLE_TABLES, type EventTruthLine } from '../../../src/simulator/eventhubs/index.js';
import { normalizeLine } from '../../../src/normalize/index.js';
import { DEFAULT_NORMALIZE_OPTIONS } from '../../../src/normalize/types.js';
import { read, sleep } from './support.js';

interface Record {
  readonly tenantId: string;
  readonly category: string;
  readonly properties: { readonly [column: string]: unknown };
}

const key = (line: EventTruthLine) => `${line.table}|${String(line.report_id)}|${line.timestamp}`;

test('publisher: {"records":[…]} messages of mixed streamable tables; its truth is exactly what a consumer receives', async () => {
  const emulator = await startEventHubEmulator({ hubs: [{ name: 'insights-logs-advancedhunting', partitions: 3 }] });
  const tenant = createTenant('publisher-test', { devices: 6, users: 10 });
  const publisher = startPublisher({
    publish: (hub, bodies) => emulator.publish(hub, bodies),
    hub: 'insights-logs-advancedhunting',
    tenants: [tenant],
    seed: 'publisher-test',
    eventsPerSecond: 2_000,
    events: 700,
    maxRecordsPerMessage: 40,
  });
  const reader = read(emulator.connectionString('insights-logs-advancedhunting'), { startPosition: earliestEventPosition, skipParsingBodyAsJson: true });
  try {
    assert.ok(publisher.published() < 700, 'paced, not all at once');
    await publisher.whenDone;
    assert.equal(publisher.published(), 700);
    assert.ok(publisher.done());
    const messages = emulator.partitionInfo('insights-logs-advancedhunting').reduce((sum, partition) => sum + partition.retained, 0);
    await reader.waitFor(messages);
    await sleep(200);

    const bodies = reader.received.map((item) => Buffer.from(item.event.body as Uint8Array));
    assert.ok(bodies.every((body) => body.length <= 1_048_576));
    const records = bodies.flatMap((body) => (JSON.parse(body.toString('utf8')) as { records: Record[] }).records);
    assert.ok(records.length / bodies.length > 2, `several records per message (${records.length} in ${bodies.length})`);
    assert.ok(bodies.every((body) => (JSON.parse(body.toString('utf8')) as { records: Record[] }).records.length <= 40));
    assert.ok(reader.received.some((item) => new Set((JSON.parse(Buffer.from(item.event.body as Uint8Array).toString('utf8')) as { records: Record[] }).records.map((record) => record.category)).size > 1), 'tables mixed within a message');
    assert.ok(records.every((record) => record.tenantId === tenant.id));

    const tables = new Set(records.map((record) => record.category.replace('AdvancedHunting-', '')));
    assert.deepEqual([...tables].sort(), [...STREAMABLE_TABLES].sort(), 'every streamable table, and only those');

    // The truth, checked against the normalizer's own @timestamp for each received record.
    const truth = [...publisher.publishedTruth()];
    assert.equal(truth.length, 700);
    const received = records.map((record): EventTruthLine => {
      const [document] = normalizeLine('event', JSON.stringify(record), DEFAULT_NORMALIZE_OPTIONS);
      const reportId = record.properties.ReportId;
      return {
        stream: 'event',
        table: record.category.replace('AdvancedHunting-', ''),
        report_id: typeof reportId === 'string' || typeof reportId === 'number' ? reportId : null,
        timestamp: String(document!.doc['@timestamp']),
      };
    });
    assert.deepEqual(received.map(key).sort(), truth.map(key).sort());
    assert.ok(truth.filter((line) => line.report_id === null).every((line) => line.table === 'AlertInfo' || line.table === 'AlertEvidence'));

    // Record times trail the clock like Defender's export lag, and are recent.
    const newest = Math.max(...truth.map((line) => Date.parse(line.timestamp)));
    assert.ok(newest < Date.now() && newest > Date.now() - 10 * 60_000, new Date(newest).toISOString());
  } finally {
    publisher.stop();
    await reader.close();
    await emulator.close();
  }
});

test('publisher: same seed, same records; zero events is done at once', async () => {
  const tenant = createTenant('determinism', { devices: 3, users: 5 });
  const runs: string[][] = [];
  for (let run = 0; run < 2; run++) {
    const bodies: string[] = [];
    // A clock that starts at a fixed time and then jumps far ahead: everything is due at the first tick.
    let calls = 0;
    const clock = { now: () => 1_767_600_000_000 + (calls++ === 0 ? 0 : 3_600_000), sleep: async () => true };
    const publisher = startPublisher({ publish: (_hub, batch) => bodies.push(...batch), hub: 'h', tenants: [tenant], seed: 's', eventsPerSecond: 5_000, events: 300, clock });
    await publisher.whenDone;
    runs.push(bodies.flatMap((body) => (JSON.parse(body) as { records: Record[] }).records.map((record) => JSON.stringify(record.properties))));
  }
  assert.equal(runs[0]!.length, 300);
  assert.deepEqual(runs[0], runs[1]);
  const none = startPublisher({ publish: () => assert.fail('nothing to publish'), hub: 'h', tenants: [tenant], seed: 's', eventsPerSecond: 1, events: 0 });
  await none.whenDone;
  assert.ok(none.done());
  assert.deepEqual([...none.publishedTruth()], []);
});
