import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { openBuffer } from '../../../src/buffer/open-buffer.js';
import type { PartitionCheckpoint } from '../../../src/checkpoint/checkpoint.js';
import { configSchema } from '../../../src/config/schema.js';
import { runPipeline } from '../../../src/pipeline/pipeline.js';
import { startEventHubEmulator, type RunningEventHubEmulator } from '../../../src/simulator/eventhubs/index.js';
import { buildEventHubSource } from '../../../src/sources/eventhubs/build.js';
import { EventHubStatus } from '../../../src/telemetry/eventhub-status.js';
import { Metrics } from '../../../src/telemetry/metrics.js';
import { tempDir } from '../../support/temp-dir.js';
import { until } from './fake-client.js';

const log = pino({ level: 'silent' });
const HUB = 'insights-logs-advancedhunting';

/** Waits for `promise`, at most `ms` (a cleanup never hangs a test). */
function bounded(promise: Promise<unknown>, ms = 30_000): Promise<unknown> {
  return Promise.race([promise.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}

function publish(hub: RunningEventHubEmulator, count: number): void {
  for (let index = 0; index < count; index++) hub.publish(HUB, [`{"records":[{"n":${index}}]}`]);
}

/** A scrape of the eventhub gauges: metric name → "source/partition" (or "source") → value. */
async function scrape(metrics: Metrics): Promise<Map<string, Map<string, number>>> {
  const result = new Map<string, Map<string, number>>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    if (!metric.name.startsWith('defender_siem_eventhub_')) continue;
    const values = new Map<string, number>();
    for (const value of metric.values) {
      const labels = value.labels as Record<string, string>;
      values.set(labels.partition === undefined ? labels.component_id! : `${labels.component_id}/${labels.partition}`, value.value);
    }
    result.set(metric.name, values);
  }
  return result;
}

function lines(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

test('run: once caught up, each owned partition reports the committed sequence number (= the partition\'s last), its enqueue time and zero lag', { timeout: 120_000 }, async (t) => {
  const hub = await startEventHubEmulator({ hubs: [{ name: HUB, partitions: 3 }] });
  const dir = tempDir(t);
  const config = configSchema(dir).parse({
    storage: { path: join(dir, 'state.db') },
    sources: [{ type: 'eventhub', name: 'stream', connection_string: hub.connectionString(HUB), max_wait_time_ms: 200 }],
    sinks: [{ type: 'file', name: 'out', path: join(dir, 'events.ndjson'), rotate_max_bytes: 0 }],
  });
  const startedS = Date.now() / 1000;
  publish(hub, 60);
  const metrics = new Metrics();
  const stop = new AbortController();
  const report = runPipeline({ config, log, metrics, exitWhenDone: false, stop: stop.signal, abandon: new AbortController().signal });
  // On any exit: the pipeline first (its SDK client closes while the emulator still answers), then the emulator.
  t.after(async () => {
    stop.abort();
    await bounded(report);
    await hub.close();
  });
  await until(() => lines(join(dir, 'events.ndjson')) >= 60, 60_000);

  const last = new Map(hub.partitionInfo(HUB).map((info) => [`stream/${info.partitionId}`, info.lastEnqueuedSequenceNumber]));
  let gauges = await scrape(metrics);
  // The last commit's gauge follows the commit by a tick (the handler hears of it after the runner).
  const deadline = Date.now() + 10_000;
  while (JSON.stringify([...(gauges.get('defender_siem_eventhub_committed_sequence_number') ?? [])].sort()) !== JSON.stringify([...last].sort()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    gauges = await scrape(metrics);
  }
  assert.deepEqual(gauges.get('defender_siem_eventhub_partitions_owned'), new Map([['stream', 3]]));
  assert.deepEqual(gauges.get('defender_siem_eventhub_committed_sequence_number'), last);
  assert.deepEqual(gauges.get('defender_siem_eventhub_last_enqueued_sequence_number'), last, 'the emulator sends the runtime information the SDK asked for');
  assert.deepEqual(gauges.get('defender_siem_eventhub_lag_events'), new Map([...last.keys()].map((key) => [key, 0])));
  for (const [key, seconds] of gauges.get('defender_siem_eventhub_committed_enqueued_timestamp_seconds')!) {
    assert.ok(seconds >= startedS - 1 && seconds <= Date.now() / 1000 + 1, `${key}: ${seconds}`);
  }
  assert.equal(gauges.get('defender_siem_eventhub_lag_seconds')?.size, 3);

  stop.abort();
  await report;
  gauges = await scrape(metrics);
  assert.equal(gauges.get('defender_siem_eventhub_partitions_owned')?.get('stream'), 0, 'a stopped source owns no partition');
  assert.equal(gauges.get('defender_siem_eventhub_committed_sequence_number')?.size ?? 0, 0, 'and reports none');
});

test('lag: events enqueued after the batch being committed count as lag, in events and in enqueue time', { timeout: 120_000 }, async (t) => {
  const hub = await startEventHubEmulator({ hubs: [{ name: HUB, partitions: 1 }] });
  const dir = tempDir(t);
  const config = configSchema(dir).parse({
    storage: { path: join(dir, 'state.db') },
    sources: [{ type: 'eventhub', name: 'stream', connection_string: hub.connectionString(HUB), max_wait_time_ms: 100, max_batch_size: 100 }],
    sinks: [{ type: 'stdout', name: 'out' }],
  });
  const sourceConfig = config.sources[0]!;
  assert.ok(sourceConfig.type === 'eventhub');
  const storage = openBuffer(config.storage.path, { sinks: ['out'], maxBytesPerSink: 1_000_000, durability: 'normal' });
  const status = new EventHubStatus('stream');
  const source = await buildEventHubSource(sourceConfig, { log, storage, credential: () => assert.fail('no Entra'), onError: () => undefined, status });
  const stop = new AbortController();
  const reader = source.read(undefined, stop.signal);
  // On any exit: the source first (its SDK client closes while the emulator still answers), then the rest.
  t.after(async () => {
    stop.abort();
    await bounded(reader.return(undefined));
    storage.close();
    await hub.close();
  });
  const partition = () => status.partitions().get('0');

  publish(hub, 20);
  // The runner holds the first batch (not committed yet): the partition is owned, nothing committed.
  const first = await reader.next();
  assert.ok(!first.done);
  const firstEnd = (first.value.position as PartitionCheckpoint).sequenceNumber;
  assert.equal(partition()?.committedSequenceNumber, undefined);
  assert.equal(EventHubStatus.lagEvents(partition()!), undefined, 'no lag before anything is committed');

  // More events arrive while the batch waits: the SDK hears of them from the runtime information.
  publish(hub, 30);
  const newest = hub.partitionInfo(HUB)[0]!.lastEnqueuedSequenceNumber;
  await until(() => partition()?.lastEnqueuedSequenceNumber === newest, 10_000);

  // The runner commits the first batch and asks for the next.
  const second = await reader.next();
  assert.ok(!second.done);
  await until(() => partition()?.committedSequenceNumber === firstEnd, 10_000);
  const state = partition()!;
  assert.equal(EventHubStatus.lagEvents(state), newest - firstEnd);
  assert.ok(newest - firstEnd >= 30);
  assert.ok(EventHubStatus.lagSeconds(state)! >= 0 && state.lastEnqueuedMs! >= state.committedEnqueuedMs!);

  stop.abort();
  await reader.return(undefined);
  assert.equal(status.partitions().size, 0, 'closing gives the partition up');
});
