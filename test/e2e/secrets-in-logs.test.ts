import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runAgainstSimulator } from './support/simulated-run.js';

/** A JWT (an access token or a client assertion): three base64url parts, the first `eyJ`. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;

test('at trace level, through auth failures and retries, no log line holds a client secret or a token', { timeout: 120_000 }, async (t) => {
  const run = await runAgainstSimulator(t, {
    simulator: { seed: 3, incidents: 10, devices: 6, changes: 5, changeWindowMs: 2_000, faults: 'unauthorized=3,forbidden=1,throttle=0.1,truncate=0.1,token_expiry=10' },
    sourceTypes: ['graph_incidents', 'graph_alerts', 'mde_alerts', 'mde_vulnerabilities'],
    streams: ['incident', 'alert', 'vulnerability'],
    timeoutMs: 90_000,
    logLevel: 'trace',
  });
  assert.ok(run.caughtUp);
  // The paths that handle tokens and secrets were all taken: config logged, 401s, retries.
  assert.match(run.log, /"client_secret":"\[REDACTED\]"/);
  assert.match(run.log, /token rejected \(401\)/);
  assert.match(run.log, /retrying/);
  for (const tenant of run.simulator.tenants) assert.ok(!run.log.includes(tenant.clientSecret), 'the client secret never appears');
  const token = JWT.exec(run.log);
  assert.equal(token, null, `no token or assertion appears (found ${token?.[0].slice(0, 12)}…)`);
});
