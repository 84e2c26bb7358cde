import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';
import { missingEvents, missingVersions, readOutput, readTruth, uncollapsedDuplicates } from './support/truth.js';

test('demo --exit-when-caught-up --truth: exits 0, one file per stream, every truth version in it, no secret on screen', { timeout: 180_000 }, async (t) => {
  const dir = tempDir(t);
  const out = join(dir, 'out');
  const truthFile = join(dir, 'truth.ndjson');
  const result = await runCli(['demo', '--out', out, '--seed', '5', '--incidents', '20', '--events', '3000', '--faults', 'throttle=0.1,error5xx=0.05,expand500=3', '--exit-when-caught-up', '--truth', truthFile]);
  assert.equal(result.code, 0, result.stderr + result.stdout);
  assert.match(result.stdout, /caught up/);
  const truth = readTruth(truthFile);
  assert.deepEqual([...new Set(truth.map((line) => line.stream))].sort(), ['alert', 'event', 'incident', 'vulnerability']);
  const events = readOutput(out, 'event');
  assert.equal(truth.filter((line) => line.stream === 'event').length, 3000);
  assert.deepEqual(missingEvents(truth, events), [], 'every streamed event reached event.ndjson');
  const outputs = new Map(['incident', 'alert', 'vulnerability'].map((stream) => [stream, readOutput(out, stream)] as const));
  assert.deepEqual(missingVersions(truth, outputs), []);
  for (const [stream, docs] of outputs) assert.deepEqual(uncollapsedDuplicates(stream, docs), [], stream);
  const secret = readFileSync(join(out, 'tenant-1-client-secret.txt'), 'utf8');
  for (const text of [result.stdout, result.stderr, readFileSync(join(out, 'defender-siem.log'), 'utf8')]) assert.ok(!text.includes(secret));
});

test('a second demo into the same folder starts afresh and leaves other files alone', { timeout: 180_000 }, async (t) => {
  const dir = tempDir(t);
  const out = join(dir, 'out');
  const args = ['demo', '--out', out, '--seed', '9', '--incidents', '6', '--events', '200', '--exit-when-caught-up', '--truth', join(dir, 'truth.ndjson'), '--progress-ms', '60000'];
  assert.equal((await runCli(args)).code, 0);
  writeFileSync(join(out, 'keep.txt'), 'mine');
  const second = await runCli(args);
  assert.equal(second.code, 0, second.stderr);
  const outputs = new Map(['incident', 'alert', 'vulnerability'].map((stream) => [stream, readOutput(out, stream)] as const));
  assert.deepEqual(missingVersions(readTruth(join(dir, 'truth.ndjson')), outputs), [], 'the second run delivered its whole world');
  for (const [stream, docs] of outputs) assert.deepEqual(uncollapsedDuplicates(stream, docs), [], stream);
  assert.equal(readFileSync(join(out, 'keep.txt'), 'utf8'), 'mine');
});

test('demo rejects a bad fault spec with exit 2 and the list of known faults', async (t) => {
  const result = await runCli(['demo', '--faults', 'flood=1', '--exit-when-caught-up', '--out', join(tempDir(t), 'out')]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /unknown fault 'flood'.*throttle=/);
});
