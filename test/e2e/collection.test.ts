import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingVersions, uncollapsedDuplicates } from './support/truth.js';
import { runAgainstSimulator } from './support/simulated-run.js';

const ALL_SOURCES = ['graph_incidents', 'graph_alerts', 'mde_alerts', 'mde_vulnerabilities'];
const STREAMS = ['incident', 'alert', 'vulnerability'];

test('two tenants, faults on: every final version of every record is delivered, none doubled beyond what the ids collapse', { timeout: 180_000 }, async (t) => {
  const run = await runAgainstSimulator(t, {
    simulator: { seed: 7, tenants: 2, incidents: 25, devices: 12, maxAlertsPerIncident: 5, changeWindowMs: 6_000, faults: 'throttle=0.08,error5xx=0.05,expand500=3,truncate=0.05,token_expiry=30' },
    sourceTypes: ALL_SOURCES,
    streams: STREAMS,
    timeoutMs: 150_000,
  });
  assert.ok(run.caughtUp, `caught up before the timeout (report: ${JSON.stringify(run.report.sources)})`);
  const truth = [...run.simulator.truth()];
  assert.ok(truth.length > 100, `a meaningful truth (${truth.length} versions)`);
  assert.deepEqual(missingVersions(truth, run.outputs), [], 'no gap');
  for (const stream of STREAMS) assert.deepEqual(uncollapsedDuplicates(stream, run.outputs.get(stream)!), [], `${stream}: nothing doubled`);

  // Every document says which tenant it came from, and both tenants are there in every stream.
  const tenantIds = new Set(run.simulator.tenants.map((tenant) => tenant.id));
  for (const stream of STREAMS) {
    const seen = new Set(run.outputs.get(stream)!.map((doc) => (doc.cloud as { account?: { id?: string } } | undefined)?.account?.id));
    assert.deepEqual([...seen].sort(), [...tenantIds].sort(), `${stream} documents carry their tenant`);
  }
  // Every source reports its state through metrics: last success, cursor age, last error.
  const exposition = await run.metrics.registry.metrics();
  for (const source of ['tenant-1-incidents', 'tenant-2-alerts', 'tenant-1-mde-alerts', 'tenant-2-vulnerabilities']) {
    assert.match(exposition, new RegExp(`defender_siem_source_last_success_timestamp_seconds\\{component_id="${source}"\\} \\d`), source);
    assert.match(exposition, new RegExp(`defender_siem_source_cursor_age_seconds\\{component_id="${source}"\\} \\d`), source);
  }
  assert.match(exposition, /defender_siem_source_last_error_timestamp_seconds\{component_id="tenant-\d-[a-z-]+"\} \d/, 'faults left a last-error time');
  // The faults really happened (otherwise this test proves nothing about them).
  const log = run.log;
  assert.match(log, /"status":429/);
  assert.match(log, /"status":50[0-4]/);
  assert.match(log, /reading on without the expansion/);
});
