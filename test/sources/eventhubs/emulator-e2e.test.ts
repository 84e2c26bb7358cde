import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import pino from 'pino';
import { openBuffer } from '../../../src/buffer/open-buffer.js';
import type { PartitionCheckpoint } from '../../../src/checkpoint/checkpoint.js';
import { configSchema } from '../../../src/config/schema.js';
import { runPipeline } from '../../../src/pipeline/pipeline.js';
import { MAX_RECORD_CHARS } from '../../../src/normalize/index.js';
import { partitionPositionKey } from '../../../src/pipeline/source-runner.js';
import { startEventHubEmulator, type RunningEventHubEmulator } from '../../../src/simulator/eventhubs/index.js';
import { Metrics, total } from '../../../src/telemetry/metrics.js';
import { startOwnedCli } from '../../support/cli.js';
import { deviceProcessRecord, recordsBody } from '../../support/event-records.js';
import { expectedIds, outputIds, outputIdsSoFar } from '../../support/records.js';
import { tempDir } from '../../support/temp-dir.js';
import { startAzurite } from '../../support/azurite.js';
import { until } from './fake-client.js';

const log = pino({ level: 'silent' });
const HUB = 'insights-logs-advancedhunting';

let serial = 0;
/** The records of the message bodies made so far, exactly as sent (what event.original and the ids come from). */
const sentRecords = new Map<string, string[]>();

/** One Defender message body of `count` distinct records. */
function message(count: number): string {
  const records = Array.from({ length: count }, () => deviceProcessRecord((serial += 1)));
  const body = recordsBody(records);
  sentRecords.set(body, records);
  return body;
}

async function emulator(t: TestContext, partitions: number, maxMessageBytes?: number): Promise<RunningEventHubEmulator> {
  const running = await startEventHubEmulator({ hubs: [{ name: HUB, partitions }], ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }) });
  t.after(() => running.close());
  return running;
}

/** Publishes each body as one event, round robin over the partitions. */
function publish(hub: RunningEventHubEmulator, bodies: readonly string[]): void {
  for (const body of bodies) hub.publish(HUB, [body]);
}

function lastSequenceNumbers(hub: RunningEventHubEmulator): Map<string, number> {
  return new Map(hub.partitionInfo(HUB).map((info) => [info.partitionId, info.lastEnqueuedSequenceNumber]));
}

test('events → buffer → sink, each partition checkpointed in the database with its documents; a restart resumes after the checkpoints', { timeout: 120_000 }, async (t) => {
  const hub = await emulator(t, 4);
  const dir = tempDir(t);
  const config = configSchema(dir).parse({
    storage: { path: join(dir, 'state.db') },
    sources: [{ type: 'eventhub', name: 'stream', connection_string: hub.connectionString(HUB), consumer_group: '$Default', max_wait_time_ms: 200 }],
    sinks: [{ type: 'file', name: 'out', path: join(dir, 'out', 'events.ndjson'), rotate_max_bytes: 0 }],
  });
  const bodies = [...Array.from({ length: 40 }, () => message(5)), 'not json', '{"records":[{"ok":1},"bad"]}'];
  const expected = expectedIds('event', [...bodies.slice(0, 40).flatMap((body) => sentRecords.get(body)!), 'not json', '{"ok":1}', '"bad"']);
  publish(hub, bodies);

  const run = async (expectedCount: number) => {
    const stop = new AbortController();
    const metrics = new Metrics();
    const report = runPipeline({ config, log, metrics, exitWhenDone: false, stop: stop.signal, abandon: new AbortController().signal });
    // Stopped on every path, before t.after closes the emulator: a pipeline left running would
    // keep this test process alive after a failure.
    try {
      await until(() => outputIdsSoFar(join(dir, 'out')).length >= expectedCount, 60_000);
    } finally {
      stop.abort();
      await report;
    }
    return metrics;
  };
  const first = await run(expected.length);
  assert.deepEqual(new Set(outputIds(join(dir, 'out'))), new Set(expected));
  // not json, "bad" and {"ok":1} (no category): visible as pipeline_error documents.
  assert.equal(await total(first.normalized, { outcome: 'pipeline_error' }), 3);

  const storage = openBuffer(config.storage.path, { sinks: ['out'], maxBytesPerSink: 1, durability: 'normal' });
  const checkpoints = new Map(
    hub.partitionInfo(HUB).map((info) => [info.partitionId, (storage.state.get(partitionPositionKey('stream', info.partitionId)) as PartitionCheckpoint | undefined)?.sequenceNumber]),
  );
  storage.close();
  assert.deepEqual(checkpoints, lastSequenceNumbers(hub));

  // Stopped: more events arrive. The next run reads only those.
  const more = Array.from({ length: 12 }, () => message(3));
  publish(hub, more);
  const second = await run(expected.length + 36);
  assert.equal(await total(second.received, { component_kind: 'source' }), 36);
  const ids = outputIds(join(dir, 'out'));
  assert.equal(ids.length, new Set(ids).size, 'a clean stop and restart reads nothing twice');
});

test('bad input in a partition: a non-JSON body, a body without records, an oversize record, an unknown category → pipeline_error documents with the reason and the original; the partition keeps moving', { timeout: 120_000 }, async (t) => {
  // One partition, so "after the bad message" is an order. An oversize record (beyond the
  // normalizer's limit) needs a hub that takes large messages (Premium and Dedicated tiers do).
  const hub = await emulator(t, 1, 4 * MAX_RECORD_CHARS);
  const dir = tempDir(t);
  const config = configSchema(dir).parse({
    storage: { path: join(dir, 'state.db') },
    sources: [{ type: 'eventhub', name: 'stream', connection_string: hub.connectionString(HUB), max_wait_time_ms: 200 }],
    sinks: [{ type: 'file', name: 'out', path: join(dir, 'out', 'events.ndjson'), rotate_max_bytes: 0 }],
  });
  const oversize = `{"category":"AdvancedHunting-DeviceProcessEvents","properties":{"padding":"${'x'.repeat(MAX_RECORD_CHARS)}"}}`;
  const unknownCategory = '{"time":"2026-01-05T07:39:41Z","tenantId":"t","category":"AdvancedHunting-SomethingNew","properties":{"Timestamp":"2026-01-05T07:38:44.912Z","ReportId":7}}';
  const bad = [
    { body: 'not json', original: 'not json', reason: /^invalid JSON/ },
    { body: '{"value":[{"category":"AdvancedHunting-DeviceEvents"}]}', original: '{"value":[{"category":"AdvancedHunting-DeviceEvents"}]}', reason: /category/ },
    // The oversize record shares its message with a good one, which still maps.
    { body: recordsBody([oversize, deviceProcessRecord(900_001)]), original: oversize, reason: /exceeds the \d+-character limit/ },
    { body: recordsBody([unknownCategory]), original: unknownCategory, reason: /The event category AdvancedHunting-SomethingNew is not supported/ },
  ];
  // Each bad message is followed by good ones: they must arrive, so the partition did not stop.
  const good = bad.map(() => message(3));
  for (const [index, { body }] of bad.entries()) publish(hub, [body, good[index]!]);
  const goodIds = expectedIds('event', [...good.flatMap((body) => sentRecords.get(body)!), deviceProcessRecord(900_001)]);

  const stop = new AbortController();
  const report = runPipeline({ config, log, metrics: new Metrics(), exitWhenDone: false, stop: stop.signal, abandon: new AbortController().signal });
  try {
    await until(() => outputIdsSoFar(join(dir, 'out')).length >= goodIds.length + bad.length, 60_000);
  } finally {
    stop.abort();
    await report;
  }

  const docs = readFileSync(join(dir, 'out', 'events.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { _id: string; event?: { kind?: string; original?: string }; error?: { message?: string } });
  const errors = docs.filter((doc) => doc.event?.kind === 'pipeline_error');
  assert.equal(errors.length, bad.length, 'one pipeline_error document per bad record, no more');
  for (const { original, reason } of bad) {
    const doc = errors.find((candidate) => candidate.event?.original === original);
    assert.ok(doc, `a pipeline_error document keeps ${original.slice(0, 60)}`);
    assert.match(doc.error?.message ?? '', reason);
  }
  const delivered = new Set(docs.map((doc) => doc._id));
  assert.deepEqual(goodIds.filter((id) => !delivered.has(id)), [], 'the records after each bad one arrive');
  // The checkpoint passes every message, bad ones included: a restart does not meet them again.
  const storage = openBuffer(config.storage.path, { sinks: ['out'], maxBytesPerSink: 1, durability: 'normal' });
  try {
    const checkpoint = storage.state.get(partitionPositionKey('stream', '0')) as PartitionCheckpoint | undefined;
    assert.equal(checkpoint?.sequenceNumber, lastSequenceNumbers(hub).get('0'));
    assert.equal(storage.buffer.depth('out').documents, 0);
  } finally {
    storage.close();
  }
});

test('two `run` processes with the blob store on Azurite split the partitions; when one stops the other takes its partitions over', { timeout: 120_000 }, async (t) => {
  const [hub, azurite] = await Promise.all([emulator(t, 4), startAzurite(t)]);
  // Real processes: each has its own database and output, as two hosts would.
  const instance = (name: string) => {
    const dir = tempDir(t);
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        storage: { path: join(dir, 'state.db') },
        log: { level: 'warn', path: join(dir, 'log.ndjson') },
        sources: [
          {
            type: 'eventhub',
            name: 'stream',
            connection_string: hub.connectionString(HUB),
            max_wait_time_ms: 200,
            checkpoint_store: { type: 'blob', connection_string: azurite.connectionString, container: 'checkpoints', load_balancing: 'greedy', load_balancing_interval_ms: 1_000, partition_ownership_expiration_interval_ms: 4_000 },
          },
        ],
        sinks: [{ type: 'file', name: 'out', path: join(dir, 'out', 'events.ndjson'), rotate_max_bytes: 0, batch_max_documents: 50 }],
      }),
    );
    const { child, done } = startOwnedCli(t, ['run', '--config', config]);
    return { name, child, done, ids: () => outputIdsSoFar(join(dir, 'out')) };
  };
  const a = instance('a');
  const b = instance('b');
  const union = () => new Set([...a.ids(), ...b.ids()]);
  const expected: string[] = [];
  const send = (count: number) => {
    const bodies = Array.from({ length: count }, () => message(1));
    publish(hub, bodies);
    expected.push(...expectedIds('event', bodies.flatMap((body) => sentRecords.get(body)!)));
  };
  // Keep publishing until both have read something (the balance settles over a few intervals),
  // a few messages every 100 ms: faster, a slow machine would pile up more than it drains.
  await until(
    () => {
      send(4);
      return a.ids().length > 0 && b.ids().length > 0;
    },
    60_000,
    100,
  );
  await until(() => union().size >= expected.length, 30_000, 100);
  assert.deepEqual([...union()].sort(), [...new Set(expected)].sort());

  // a stops (and gives its partitions up): b reads everything published from now on.
  a.child.kill('SIGTERM');
  const stopped = await a.done;
  assert.equal(stopped.code, 0, stopped.stderr);
  const before = new Set(b.ids());
  send(16);
  const fresh = expected.slice(-16);
  await until(
    () => {
      const seen = new Set(b.ids());
      return fresh.every((id) => seen.has(id));
    },
    60_000,
    100,
  );
  assert.ok(before.size < new Set(b.ids()).size);
  b.child.kill('SIGTERM');
  const last = await b.done;
  assert.equal(last.code, 0, last.stderr);
});
