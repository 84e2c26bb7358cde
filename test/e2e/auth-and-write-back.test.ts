import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRecordTruthLine } from '../../src/simulator/simulator.js';
import { runCli } from '../support/cli.js';
import { missingVersions } from './support/truth.js';
import { runAgainstSimulator } from './support/simulated-run.js';

const INCIDENTS_ONLY = { sourceTypes: ['graph_incidents'], streams: ['incident'], timeoutMs: 60_000 };

test('a certificate credential (PS256 assertion, verified by the simulator) collects like a secret', { timeout: 90_000 }, async (t) => {
  const run = await runAgainstSimulator(t, { ...INCIDENTS_ONLY, useCertificates: true, simulator: { seed: 21, incidents: 8, devices: 5, changes: 0, tenantApps: [{ certificate: true }] } });
  assert.ok(run.caughtUp);
  assert.deepEqual(missingVersions(run.simulator.truth(), run.outputs).filter((line) => line.stream === 'incident'), []);
  assert.match(run.log, /"client_certificate":\{/, 'the run used the certificate');
});

test('incident update writes back to Defender (PATCH + comment): the incident gets a new version', { timeout: 90_000 }, async (t) => {
  const run = await runAgainstSimulator(t, { ...INCIDENTS_ONLY, simulator: { seed: 22, incidents: 6, devices: 5, changes: 0 } });
  assert.ok(run.caughtUp);
  const before = [...run.simulator.truth()].filter(isRecordTruthLine).find((line) => line.stream === 'incident')!;
  const result = await runCli(['incident', 'update', before.id, '--config', run.configFile, '--status', 'resolved', '--classification', 'truePositive', '--determination', 'malware', '--assigned-to', 'soc@contoso.example', '--comment', 'contained by the SOC']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /resolved/);
  const after = [...run.simulator.truth()].filter(isRecordTruthLine).find((line) => line.stream === 'incident' && line.id === before.id)!;
  assert.ok(after.timestamp > before.timestamp, 'the write moved lastUpdateDateTime');
});

test('write-back without the ReadWrite permission: exit 1 naming the permission to grant', { timeout: 90_000 }, async (t) => {
  const run = await runAgainstSimulator(t, { ...INCIDENTS_ONLY, simulator: { seed: 23, incidents: 3, devices: 5, changes: 0, tenantApps: [{ readWrite: false }] } });
  const incident = [...run.simulator.truth()].filter(isRecordTruthLine).find((line) => line.stream === 'incident')!;
  const result = await runCli(['incident', 'update', incident.id, '--config', run.configFile, '--status', 'inProgress']);
  assert.equal(result.code, 1, result.stdout);
  assert.match(result.stderr, /SecurityIncident\.ReadWrite\.All/);
});
