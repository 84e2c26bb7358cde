import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT, generateKeyPair } from 'jose';
import type { Agent } from 'undici';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.js';
import { call, sweep, tokenFor, trustingAgent } from './support/client.js';
import { ManualClock } from './support/manual-clock.js';

type Incident = { id: string; lastUpdateDateTime: string; lastModifiedBy: string; status: string; classification: string; customTags: string[] };
type Alert = { id: string; lastUpdateDateTime: string; status: string; resolvedDateTime: string | null };
type GraphErrorBody = { error: { code: string; message: string; innerError: { date: string; 'request-id': string; 'client-request-id': string } } };

describe('simulator: Graph updates, comments and authorization', () => {
  const clock = new ManualClock();
  let sim: RunningSimulator;
  let agent: Agent;
  let token: string;
  let readOnlyToken: string;
  let incidents: Incident[];
  let alerts: Alert[];
  before(async () => {
    sim = await startSimulator({ seed: 'graph-write', tenants: 2, incidents: 6, changes: 0, clock, tenantApps: [{}, { readWrite: false }] });
    agent = trustingAgent(sim);
    token = await tokenFor(sim, agent, 'graph');
    readOnlyToken = await tokenFor(sim, agent, 'graph', 1);
    incidents = (await sweep<Incident>(sim, agent, '/v1.0/security/incidents', token)).items;
    alerts = (await sweep<Alert>(sim, agent, '/v1.0/security/alerts_v2', token)).items;
  });
  after(async () => {
    await sim.close();
    await agent.close();
  });

  test('PATCH an incident: applied, lastUpdateDateTime set to the clock, lastModifiedBy the app', async () => {
    await clock.advance(60_000);
    const target = incidents[0]!;
    const response = await call(sim, agent, `/v1.0/security/incidents/${target.id}`, {
      method: 'PATCH',
      token,
      body: { status: 'resolved', assignedTo: 'soc@example.test', classification: 'truePositive', determination: 'malware', customTags: ['SEC-1'] },
    });
    assert.equal(response.status, 200, response.text);
    const updated = response.json<Incident>();
    assert.equal(updated.status, 'resolved');
    assert.deepEqual(updated.customTags, ['SEC-1']);
    assert.equal(updated.lastUpdateDateTime, new Date(clock.now()).toISOString().replace('Z', '0000Z'));
    assert.equal(updated.lastModifiedBy, sim.tenants[0]!.clientId);
    assert.equal(sim.lastChangeMs(), clock.now());
    const read = (await call(sim, agent, `/v1.0/security/incidents/${target.id}`, { token })).json<Incident>();
    assert.equal(read.lastUpdateDateTime, updated.lastUpdateDateTime);
  });

  test('PATCH with an unknown property or a value outside the enum is a 400 and changes nothing', async () => {
    const target = incidents[1]!;
    for (const body of [{ severity: 'high' }, { status: 'awaitingAction' }, { classification: 'truePositiveish' }, { determination: 'clean' }, { customTags: 'x' }]) {
      const response = await call(sim, agent, `/v1.0/security/incidents/${target.id}`, { method: 'PATCH', token, body });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.json<GraphErrorBody>().error.code, 'BadRequest');
    }
    assert.equal((await call(sim, agent, `/v1.0/security/incidents/${target.id}`, { method: 'PATCH', token, body: '{not json' })).status, 400);
    assert.equal((await call(sim, agent, `/v1.0/security/incidents/${target.id}`, { token })).json<Incident>().lastUpdateDateTime, target.lastUpdateDateTime);
    assert.equal((await call(sim, agent, '/v1.0/security/incidents/424242424', { method: 'PATCH', token, body: { status: 'active' } })).status, 404);
  });

  test('PATCH an alert to resolved sets resolvedDateTime; alert statuses are new/inProgress/resolved', async () => {
    await clock.advance(1_000);
    const target = alerts.find((alert) => alert.status !== 'resolved')!;
    const response = await call(sim, agent, `/v1.0/security/alerts_v2/${target.id}`, { method: 'PATCH', token, body: { status: 'resolved', classification: 'falsePositive', determination: 'notMalicious' } });
    assert.equal(response.status, 200, response.text);
    const alert = response.json<Alert>();
    assert.equal(alert.resolvedDateTime, alert.lastUpdateDateTime);
    assert.equal((await call(sim, agent, `/v1.0/security/alerts_v2/${target.id}`, { method: 'PATCH', token, body: { status: 'active' } })).status, 400);
  });

  test('POST comments returns the full comment list and bumps lastUpdateDateTime', async () => {
    await clock.advance(1_000);
    const target = incidents[2]!;
    const first = await call(sim, agent, `/v1.0/security/incidents/${target.id}/comments`, { method: 'POST', token, body: { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'one' } });
    assert.equal(first.status, 200, first.text);
    await clock.advance(1_000);
    const second = await call(sim, agent, `/v1.0/security/incidents/${target.id}/comments`, { method: 'POST', token, body: { comment: 'two' } });
    const comments = second.json<{ value: { comment: string; createdByDisplayName: string; createdDateTime: string }[] }>().value;
    assert.deepEqual(comments.slice(-2).map((comment) => comment.comment), ['one', 'two']);
    assert.equal(comments.at(-1)!.createdByDisplayName, sim.tenants[0]!.clientId);
    const incident = (await call(sim, agent, `/v1.0/security/incidents/${target.id}`, { token })).json<Incident>();
    assert.equal(incident.lastUpdateDateTime, comments.at(-1)!.createdDateTime);
    const onAlert = await call(sim, agent, `/v1.0/security/alerts_v2/${alerts[0]!.id}/comments`, { method: 'POST', token, body: { comment: 'on the alert' } });
    assert.equal(onAlert.json<{ value: { comment: string }[] }>().value.at(-1)!.comment, 'on the alert');
    assert.equal((await call(sim, agent, `/v1.0/security/incidents/${target.id}/comments`, { method: 'POST', token, body: { comment: '' } })).status, 400);
  });

  test('an app without ReadWrite reads (200) but cannot PATCH or comment (403, nothing secret in the body)', async () => {
    const own = (await sweep<Incident>(sim, agent, '/v1.0/security/incidents', readOnlyToken)).items;
    assert.ok(own.length > 0);
    for (const [method, path, body] of [
      ['PATCH', `/v1.0/security/incidents/${own[0]!.id}`, { status: 'active' }],
      ['POST', `/v1.0/security/incidents/${own[0]!.id}/comments`, { comment: 'x' }],
      ['PATCH', '/v1.0/security/alerts_v2/some-alert', { status: 'new' }],
    ] as const) {
      const response = await call(sim, agent, path, { method, token: readOnlyToken, body });
      assert.equal(response.status, 403, path);
      const error = response.json<GraphErrorBody>().error;
      assert.equal(error.code, 'Forbidden');
      assert.ok(!response.text.includes(readOnlyToken.slice(-20)) && !response.text.includes(sim.tenants[1]!.clientSecret));
    }
  });

  test('data is per tenant: a token of tenant 1 does not see tenant 0\'s incidents', async () => {
    const response = await call(sim, agent, `/v1.0/security/incidents/${incidents[0]!.id}`, { token: readOnlyToken });
    assert.equal(response.status, 404);
  });

  test('missing, forged, expired and wrong-audience tokens are 401 InvalidAuthenticationToken', async () => {
    const missing = await call(sim, agent, '/v1.0/security/incidents');
    assert.equal(missing.status, 401);
    assert.equal(missing.json<GraphErrorBody>().error.code, 'InvalidAuthenticationToken');
    assert.match(missing.headers['www-authenticate'] ?? '', /^Bearer /);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ tid: sim.tenants[0]!.id, roles: ['SecurityIncident.Read.All'] }).setProtectedHeader({ alg: 'RS256' }).setAudience(sim.baseUrl).setExpirationTime('1h').sign(privateKey);
    assert.equal((await call(sim, agent, '/v1.0/security/incidents', { token: forged })).status, 401);
    const mdeToken = await tokenFor(sim, agent, 'mde');
    const wrongAudience = await call(sim, agent, '/v1.0/security/incidents', { token: mdeToken });
    assert.equal(wrongAudience.status, 401);
    assert.match(wrongAudience.json<GraphErrorBody>().error.message, /audience/);
    assert.equal((await call(sim, agent, '/api/alerts', { token })).status, 401, 'a Graph token on MDE');
    await clock.advance(3_600_000);
    const expired = await call(sim, agent, '/v1.0/security/incidents', { token });
    assert.equal(expired.status, 401);
    assert.match(expired.json<GraphErrorBody>().error.message, /expired/);
  });
});
