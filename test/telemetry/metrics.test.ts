import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config/load.js';
import { runPipeline } from '../../src/pipeline/pipeline.js';
import { Metrics, total } from '../../src/telemetry/metrics.js';
import { alertLines, writeLines } from '../support/records.js';
import { writeReplayConfig } from '../support/replay-config.js';
import { tempDir } from '../support/temp-dir.js';

test('a run counts per component: records received, documents sent, errors, dead letters, buffer depth', async (t) => {
  const dir = tempDir(t);
  writeLines(join(dir, 'alerts.ndjson'), [...alertLines(250), 'not json at all']);
  const config = loadConfig(writeReplayConfig(dir), {});
  const metrics = new Metrics();
  const never = new AbortController().signal;
  const report = await runPipeline({ config, log: pino({ level: 'silent' }), metrics, exitWhenDone: true, stop: never, abandon: never });

  assert.deepEqual(report.sources, [{ name: 'replay', outcome: 'exhausted' }]);
  assert.equal(await total(metrics.received, { component_kind: 'source', component_id: 'replay' }), 251);
  assert.equal(await total(metrics.sent, { component_kind: 'source', component_id: 'replay' }), 251);
  assert.equal(await total(metrics.sent, { component_kind: 'sink', component_id: 'out' }), 251);
  assert.equal(await total(metrics.normalized, { stream: 'alert', outcome: 'pipeline_error' }), 1, 'the bad line is a pipeline_error document');
  assert.equal(await total(metrics.normalized, { stream: 'alert' }), 251);
  assert.equal(await total(metrics.errors), 0);
  assert.equal(await total(metrics.deadLettered), 0);
  assert.equal(await total(metrics.bufferDocuments, { component_id: 'out' }), 0);

  const exposition = await metrics.registry.metrics();
  for (const name of [
    'defender_siem_component_received_total',
    'defender_siem_component_sent_documents_total',
    'defender_siem_component_errors_total',
    'defender_siem_component_dead_lettered_documents_total',
    'defender_siem_normalized_documents_total',
    'defender_siem_buffer_documents',
    'defender_siem_buffer_bytes',
  ]) {
    assert.match(exposition, new RegExp(`^# TYPE ${name} `, 'm'));
  }
});
