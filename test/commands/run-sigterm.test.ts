import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openBuffer } from '../../src/buffer/open-buffer.js';
import { positionKey } from '../../src/pipeline/source-runner.js';
import { runCli, startCli } from '../support/cli.js';
import { alertLines, expectedIds, outputIds, writeLines } from '../support/records.js';
import { writeReplayConfig } from '../support/replay-config.js';
import { tempDir } from '../support/temp-dir.js';

const RECORDS = 60_000;

function committedLine(dir: string): { line: number; buffered: number } {
  const { buffer, state, close } = openBuffer(join(dir, 'state', 'defender-siem.db'), { sinks: ['out'], maxBytesPerSink: 1, durability: 'normal' });
  try {
    return { line: (state.get(positionKey('replay')) as { line: number }).line, buffered: buffer.depth('out').documents };
  } finally {
    close();
  }
}

test('SIGTERM: stop reading, deliver everything read so far, commit, exit 0; a restart resumes without duplicates', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const lines = alertLines(RECORDS);
  writeLines(join(dir, 'alerts.ndjson'), lines);
  const config = writeReplayConfig(dir);

  // Without --exit-when-done, run never stops by itself.
  const { child, done } = startCli(['run', '--config', config]);
  const output = join(dir, 'out', 'alert.ndjson');
  while (!(existsSync(output) && statSync(output).size > 0)) await new Promise((resolve) => setTimeout(resolve, 10));
  child.kill('SIGTERM');
  const stopped = await done;
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.match(stopped.stdout, /stopped by signal/);

  const { line, buffered } = committedLine(dir);
  assert.ok(line > 0 && line < RECORDS, `SIGTERM landed mid-way (committed line ${line} of ${RECORDS})`);
  assert.equal(buffered, 0, 'everything read was delivered before exit');
  assert.deepEqual(outputIds(join(dir, 'out')), expectedIds('alert', lines.slice(0, line)), 'exactly the records up to the committed position, once each, in order');

  const resumed = await runCli(['run', '--config', config, '--exit-when-done']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`records read +${(RECORDS - line).toLocaleString('en-US')}\\n`));
  assert.deepEqual(outputIds(join(dir, 'out')), expectedIds('alert', lines), 'the rest, with nothing delivered twice');
});

test('a second run of a finished replay reads and delivers nothing', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const lines = alertLines(500);
  writeLines(join(dir, 'alerts.ndjson'), lines);
  const config = writeReplayConfig(dir);
  const first = await runCli(['run', '--config', config, '--exit-when-done']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /every source exhausted, every buffer drained/);
  assert.match(first.stdout, /records read +500\n/);
  assert.match(first.stdout, /delivered +500\n/);
  const second = await runCli(['run', '--config', config, '--exit-when-done']);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /records read +0\n/);
  assert.deepEqual(outputIds(join(dir, 'out')), expectedIds('alert', lines));
});
