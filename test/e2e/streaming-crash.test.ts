import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openBuffer } from '../../src/buffer/open-buffer.js';
import type { PartitionCheckpoint } from '../../src/checkpoint/checkpoint.js';
import { partitionPositionKey } from '../../src/pipeline/source-runner.js';
import { startEventHubEmulator } from '../../src/simulator/eventhubs/index.js';
import { startOwnedCli } from '../support/cli.js';
import { deviceProcessRecord, recordsBody } from '../support/event-records.js';
import { expectedIds, outputIds, outputIdsSoFar } from '../support/records.js';
import { tempDir } from '../support/temp-dir.js';

const HUB = 'insights-logs-advancedhunting';
const RECORDS = 100_000;
const PARTITIONS = 4;
/**
 * Records per Event Hubs message. Defender packs many into one body (the emulator e2e test covers
 * that); one each makes 100k events, i.e. a thousand commits of MAX_BATCH_SIZE, enough reading
 * for ten kills to land mid-stream.
 */
const RECORDS_PER_MESSAGE = 1;
/** Events (messages) per partition per commit: with one record each, the 100k events make a thousand commits. */
const MAX_BATCH_SIZE = 100;
/** The file sink's batch_max_documents: documents written before one acknowledgement (see the duplicates bound). */
const SINK_BATCH = 100;
const KILLS = 10;
const MAX_TRIALS = 30;
const FINAL_RUN_TIMEOUT_MS = 60_000;
/** How long a run may take to write its first documents (start-up, connecting, the first batch). */
const PROGRESS_TIMEOUT_MS = 20_000;

/**
 * At least once under the worst crash, for a stream: a real `run` process reading 100k records
 * from the Event Hubs emulator (SQLite checkpoint store) is SIGKILLed at random moments,
 * restarted each time, then run until every record's document is out and stopped with SIGTERM.
 * Nothing may be lost, nothing foreign may appear, every output line must be whole.
 */
test('eventhub source: SIGKILL at random moments while reading 100k events, restart, repeat: no event is lost', { timeout: 180_000 }, async (t) => {
  const hub = await startEventHubEmulator({ hubs: [{ name: HUB, partitions: PARTITIONS }] });
  t.after(() => hub.close());
  const dir = tempDir(t);
  const out = join(dir, 'out');
  mkdirSync(out);

  const records = Array.from({ length: RECORDS }, (_, index) => deviceProcessRecord(index + 1));
  for (let start = 0; start < RECORDS; start += RECORDS_PER_MESSAGE) hub.publish(HUB, [recordsBody(records.slice(start, start + RECORDS_PER_MESSAGE))]);
  const expected = new Set(expectedIds('event', records));
  assert.equal(expected.size, RECORDS, 'each record has its own id, so a lost one is visible');

  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    JSON.stringify({
      storage: { path: join(dir, 'state', 'defender-siem.db') },
      log: { level: 'info', path: join(dir, 'run.log') },
      shutdown_timeout_ms: 10_000,
      sources: [
        {
          name: 'stream',
          type: 'eventhub',
          connection_string: hub.connectionString(HUB),
          start_position: 'earliest',
          max_batch_size: MAX_BATCH_SIZE,
          max_wait_time_ms: 500,
          checkpoint_store: { type: 'sqlite' },
        },
      ],
      // Small sink batches and rotation with gzip, so that a kill can land in any phase.
      sinks: [{ name: 'out', type: 'file', path: join(out, 'events.ndjson'), rotate_max_bytes: 4_000_000, rotate_gzip: true, batch_max_documents: SINK_BATCH, retry: { initial_interval_ms: 10, max_interval_ms: 100 } }],
    }),
  );
  const run = () => startOwnedCli(t, ['run', '--config', config]);

  // An eventhub source never ends by itself, so every run here ends by a signal. Reading all 100k
  // takes a run only a few seconds once connected, about as long as starting up, so a kill time
  // drawn from the spawn alone would mostly land before reading starts or after it ends. Two
  // kinds of moments, then: one trial in three at a random time from the spawn (start-up:
  // releasing and claiming partitions, connecting), the others at a random time after the run's
  // first write to the output (reading, committing, writing, rotating). A kill counts as
  // mid-stream when, after it, the output still lacks some records.
  let kills = 0;
  let killedWhileWriting = 0;
  const history: string[] = [];
  for (let trial = 0; trial < MAX_TRIALS && kills < KILLS; trial += 1) {
    const { child, done } = run();
    let killing = false;
    const exited = done.then((result) => {
      if (!killing) assert.fail(`a run ended by itself: ${result.code} ${result.signal} ${result.stderr}`);
    });
    const afterWriting = trial % 3 !== 0;
    const delay = afterWriting ? Math.floor(Math.random() * 1_000) : 100 + Math.floor(Math.random() * 1_400);
    if (afterWriting) await Promise.race([exited, outputChanges(out, PROGRESS_TIMEOUT_MS)]);
    await Promise.race([exited, sleep(delay)]);
    killing = true;
    child.kill('SIGKILL');
    const result = await done;
    assert.equal(result.signal, 'SIGKILL', result.stderr);
    const delivered = new Set(outputIds(out)).size;
    history.push(`${afterWriting ? 'writing+' : 'spawn+'}${delay} ms → ${delivered}`);
    if (delivered === RECORDS) break;
    kills += 1;
    if (afterWriting) killedWhileWriting += 1;
  }
  t.diagnostic(`killed ${kills} runs mid-stream (moment → distinct documents out): ${history.join(', ')}`);
  assert.ok(kills >= KILLS, `only ${kills} runs were killed before everything was out: the input is too small for this machine`);
  assert.ok(killedWhileWriting >= KILLS / 2, 'most kills land while the run reads and writes');

  // The last run: until every expected document is out (or a timeout), then a clean stop.
  const last = run();
  const deadline = Date.now() + FINAL_RUN_TIMEOUT_MS;
  while (distinctExpected(outputIdsSoFar(out), expected) < RECORDS && Date.now() < deadline && last.child.exitCode === null) await sleep(500);
  last.child.kill('SIGTERM');
  const stopped = await last.done;
  assert.equal(stopped.code, 0, `SIGTERM must stop the run cleanly: ${stopped.signal} ${stopped.stderr}`);

  const delivered = outputIds(out); // throws on a torn line
  const seen = new Set(delivered);
  const missing = [...expected].filter((id) => !seen.has(id));
  assert.deepEqual(missing.slice(0, 5), [], `${missing.length} events lost`);
  assert.deepEqual([...seen].filter((id) => !expected.has(id)).slice(0, 5), [], 'no document that was not published');
  const duplicates = delivered.length - seen.size;
  t.diagnostic(`${duplicates} duplicates (same _id, overwritten downstream) over ${kills} kills`);
  // Where duplicates can come from, per kill:
  // * the source: a partition's checkpoint is its position row, written in the same SQLite
  //   transaction as the batch's documents (commit 1). A kill leaves each partition either with
  //   its batch buffered and checkpointed, or neither; the restarted process resumes after the
  //   last committed checkpoint. So the un-checkpointed window (up to PARTITIONS × MAX_BATCH_SIZE
  //   events handed over but not committed) is read again but was never buffered: it adds no
  //   duplicate.
  // * the sink: one batch at a time is written (and fdatasynced) before it is acknowledged in
  //   the buffer; a kill between the write and the ack writes that batch again: SINK_BATCH.
  // SINK_BATCH (100) is below PARTITIONS × MAX_BATCH_SIZE (400 events): a source that let a
  // kill re-commit its un-checkpointed window would break this bound.
  assert.ok(duplicates <= kills * SINK_BATCH, `${duplicates} duplicates: more than one unacknowledged sink batch per kill`);

  // The checkpoints passed every event: a restart would read nothing again.
  const storage = openBuffer(join(dir, 'state', 'defender-siem.db'), { sinks: ['out'], maxBytesPerSink: 1, durability: 'normal' });
  try {
    assert.equal(storage.buffer.depth('out').documents, 0, 'the buffer is drained');
    for (const info of hub.partitionInfo(HUB)) {
      const checkpoint = storage.state.get(partitionPositionKey('stream', info.partitionId)) as PartitionCheckpoint | undefined;
      assert.equal(checkpoint?.sequenceNumber, info.lastEnqueuedSequenceNumber, `partition ${info.partitionId} checkpointed at its last event`);
    }
  } finally {
    storage.close();
  }
});

/** Resolves once the non-empty files of `dir` differ (names or sizes) from now; fails after `timeoutMs`. */
async function outputChanges(dir: string, timeoutMs: number): Promise<void> {
  const before = filesAndSizes(dir);
  const deadline = Date.now() + timeoutMs;
  while (filesAndSizes(dir) === before) {
    if (Date.now() > deadline) assert.fail(`the run wrote nothing within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** The sink creates its file empty at start-up: only written bytes count. */
function filesAndSizes(dir: string): string {
  return readdirSync(dir)
    .map((name) => [name, statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0] as const)
    .filter(([, size]) => size > 0)
    .map(([name, size]) => `${name}:${size}`)
    .join(',');
}

function distinctExpected(ids: readonly string[], expected: ReadonlySet<string>): number {
  return new Set(ids.filter((id) => expected.has(id))).size;
}
