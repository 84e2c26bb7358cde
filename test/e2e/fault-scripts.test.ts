import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scaledClock } from '../../src/core/clock.js';
import { missingVersions } from './support/truth.js';
import { runAgainstSimulator } from './support/simulated-run.js';

// Elastic's m365_defender system tests script three recoveries; each must end with the data.
const SIMULATOR = { seed: 11, incidents: 12, devices: 6, changes: 0 };
const INCIDENTS_ONLY = { sourceTypes: ['graph_incidents'], streams: ['incident'], timeoutMs: 60_000 };

test('throttled recovery: 429 with Retry-After, waited out on the clock, then the data', { timeout: 90_000 }, async (t) => {
  // The simulated tenant allows 2 Graph requests a minute, the connector budgets 150: the third
  // request is refused with Retry-After. A 30× clock makes that minute two seconds.
  const clock = scaledClock(30);
  const run = await runAgainstSimulator(t, { ...INCIDENTS_ONLY, clock, simulator: { ...SIMULATOR, incidents: 120, graphRequestsPerMinute: 2 } });
  assert.ok(run.caughtUp);
  assert.deepEqual(missingVersions(run.simulator.truth(), run.outputs).filter((line) => line.stream === 'incident'), []);
  assert.match(run.log, /"status":429[^\n]*retrying/, 'the 429 was met and retried');
});

test('forbidden recovery: 403 names the missing permission, collection resumes by itself once it is granted', { timeout: 90_000 }, async (t) => {
  const run = await runAgainstSimulator(t, { ...INCIDENTS_ONLY, simulator: { ...SIMULATOR, faults: 'forbidden=2' } });
  assert.ok(run.caughtUp);
  assert.deepEqual(missingVersions(run.simulator.truth(), run.outputs).filter((line) => line.stream === 'incident'), []);
  assert.match(run.log, /SecurityIncident\.Read\.All/, 'the log tells the operator which permission to grant');
});

test('auth errors: a rejected token (401) is replaced, then the data', { timeout: 90_000 }, async (t) => {
  const run = await runAgainstSimulator(t, { ...INCIDENTS_ONLY, simulator: { ...SIMULATOR, faults: 'unauthorized=3' } });
  assert.ok(run.caughtUp);
  assert.deepEqual(missingVersions(run.simulator.truth(), run.outputs).filter((line) => line.stream === 'incident'), []);
  assert.match(run.log, /token rejected \(401\); retrying once with a fresh token/);
});
