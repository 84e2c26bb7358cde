import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openBuffer } from '../../src/buffer/open-buffer.js';
import { positionKey } from '../../src/pipeline/source-runner.js';
import { startCli, runCli } from '../support/cli.js';
import { alertLines, expectedIds, outputIds, writeLines } from '../support/records.js';
import { writeReplayConfig } from '../support/replay-config.js';
import { tempDir } from '../support/temp-dir.js';

// Enough that ten random kills all land mid-way, with room to spare on a faster machine (a run
// here delivers some 20,000–40,000 a second once started, and starts in ~0.3 s).
const RECORDS = 400_000;
const KILLS = 10;
const MAX_TRIALS = 40;
const SINK_BATCH = 300; // batch_max_documents in writeReplayConfig

/**
 * The at-least-once promise under the worst crash: a real `run` process is SIGKILLed at random
 * moments (reading, normalizing, committing, writing, rotating, gzipping), restarted each time,
 * and in the end every input record's document is in the output, every output line is whole,
 * and the buffer is empty.
 */
test('SIGKILL at random moments, restart, repeat: no document is lost', { timeout: 240_000 }, async (t) => {
  const dir = tempDir(t);
  const lines = alertLines(RECORDS);
  writeLines(join(dir, 'alerts.ndjson'), lines);
  const config = writeReplayConfig(dir);
  const expected = expectedIds('alert', lines);
  assert.equal(new Set(expected).size, RECORDS, 'each record has its own id, so a lost one is visible');

  let kills = 0;
  const delays: number[] = [];
  for (let trial = 0; trial < MAX_TRIALS && kills < KILLS; trial += 1) {
    const { child, done } = startCli(['run', '--config', config, '--exit-when-done']);
    const delay = 100 + Math.floor(Math.random() * 700);
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    const result = await done;
    clearTimeout(timer);
    if (result.signal === 'SIGKILL') {
      kills += 1;
      delays.push(delay);
    } else {
      assert.equal(result.code, 0, `a run that was not killed must succeed: ${result.stderr}`);
      break; // everything was delivered before the kill: nothing left to interrupt
    }
  }
  t.diagnostic(`killed ${kills} runs after ${delays.join(', ')} ms`);
  assert.ok(kills >= KILLS, `only ${kills} runs were killed mid-way: the input is too small for this machine`);

  const last = await runCli(['run', '--config', config, '--exit-when-done']);
  assert.equal(last.code, 0, last.stderr);

  const delivered = outputIds(join(dir, 'out'));
  const seen = new Set(delivered);
  const missing = expected.filter((id) => !seen.has(id));
  assert.deepEqual(missing.slice(0, 5), [], `${missing.length} documents lost`);
  assert.equal(seen.size, expected.length, 'no document that was not in the input');
  const duplicates = delivered.length - seen.size;
  t.diagnostic(`${duplicates} duplicates (same _id, overwritten downstream)`);
  // A kill can only make the batch being written (not yet acknowledged) be written again.
  assert.ok(duplicates <= kills * SINK_BATCH, `${duplicates} duplicates: more than the unacknowledged batches`);

  const { buffer, state, close } = openBuffer(join(dir, 'state', 'defender-siem.db'), { sinks: ['out'], maxBytesPerSink: 1, durability: 'normal' });
  t.after(close);
  assert.equal(buffer.depth('out').documents, 0);
  assert.equal((state.get(positionKey('replay')) as { line: number }).line, RECORDS);
});
