import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { MicrosoftApiError } from '../../src/microsoft/errors.js';
import { commentAlert, commentIncident, updateAlert, updateIncident, WriteBackValidationError } from '../../src/microsoft/write-back.js';
import { InstantClock } from './support/clocks.js';
import { scriptEntra } from './support/entra.js';
import { testClients, testTenant } from './support/tenant.js';
import { graphError, json, ScriptedServer } from './support/test-server.js';

async function setup(t: TestContext) {
  const server = await ScriptedServer.start();
  t.after(() => server.close());
  scriptEntra(server);
  const { graph } = testClients(t, testTenant(t, server), new InstantClock());
  return { server, graph };
}

const signal = () => AbortSignal.timeout(20_000);

test('updateIncident PATCHes only what changes, with the metadata spelling of determinations', async (t) => {
  const { server, graph } = await setup(t);
  server.route('PATCH', '/v1.0/security/incidents/48213', json(200, { id: '48213', status: 'resolved' }));
  const result = await updateIncident(graph, '48213', { status: 'resolved', classification: 'truePositive', determination: 'compromisedUser', assignedTo: 'soc-tier2@fabrikam-sec.example', customTags: ['SEC-10442'] }, signal());
  assert.deepEqual(result, { id: '48213', status: 'resolved' });
  const [request] = server.requestsTo('/v1.0/security/incidents/48213');
  assert.equal(request!.method, 'PATCH');
  assert.equal(request!.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(request!.body), { status: 'resolved', classification: 'truePositive', determination: 'compromisedAccount', assignedTo: 'soc-tier2@fabrikam-sec.example', customTags: ['SEC-10442'] });
});

test('updateAlert and the comment calls send the documented bodies', async (t) => {
  const { server, graph } = await setup(t);
  const alertId = 'da639041877712345678_-1408835417';
  server.route('PATCH', `/v1.0/security/alerts_v2/${alertId}`, json(200, { id: alertId }));
  server.route('POST', `/v1.0/security/alerts_v2/${alertId}/comments`, json(200, { value: [{ comment: 'seen' }] }));
  server.route('POST', '/v1.0/security/incidents/7/comments', json(200, { value: [{ comment: 'Synced from SIEM case SEC-10442' }] }));
  await updateAlert(graph, alertId, { status: 'inProgress', assignedTo: 'soc-tier1@fabrikam-sec.example' }, signal());
  assert.deepEqual(await commentAlert(graph, alertId, 'seen', signal()), { value: [{ comment: 'seen' }] });
  await commentIncident(graph, '7', 'Synced from SIEM case SEC-10442', signal());
  const bodies = server.requests.filter((request) => request.url.startsWith('/v1.0/')).map((request) => [request.method, request.url, JSON.parse(request.body)]);
  assert.deepEqual(bodies, [
    ['PATCH', `/v1.0/security/alerts_v2/${alertId}`, { status: 'inProgress', assignedTo: 'soc-tier1@fabrikam-sec.example' }],
    ['POST', `/v1.0/security/alerts_v2/${alertId}/comments`, { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'seen' }],
    ['POST', '/v1.0/security/incidents/7/comments', { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'Synced from SIEM case SEC-10442' }],
  ]);
});

test('invalid values are refused before anything is sent, with the allowed list', async (t) => {
  const { server, graph } = await setup(t);
  const invalid = (pattern: RegExp) => (error: unknown) => error instanceof WriteBackValidationError && pattern.test(error.message);
  assert.throws(() => updateIncident(graph, '1', { status: 'new' }, signal()), invalid(/status "new" is not allowed; allowed: active, inProgress, resolved, redirected/));
  assert.throws(() => updateAlert(graph, 'a', { status: 'active' }, signal()), invalid(/allowed: new, inProgress, resolved/));
  assert.throws(() => updateAlert(graph, 'a', { classification: 'benign' }, signal()), invalid(/allowed: unknown, falsePositive, truePositive, informationalExpectedActivity/));
  assert.throws(() => updateIncident(graph, '1', { determination: 'virus' }, signal()), invalid(/allowed: unknown, apt, malware,.*lineOfBusinessApplication/));
  assert.throws(() => updateIncident(graph, '1', {}, signal()), invalid(/nothing to update/));
  assert.throws(() => updateIncident(graph, '../users', { status: 'active' }, signal()), invalid(/not a valid incident id/));
  assert.throws(() => commentIncident(graph, '1', '   ', signal()), invalid(/the comment is empty/));
  assert.equal(server.requestsTo('/v1.0').length, 0);
});

test('a 403 on write-back says the app lacks the ReadWrite permission and how to grant it', async (t) => {
  const { server, graph } = await setup(t);
  server.route('PATCH', '/v1.0/security/incidents/5', graphError(403, 'Forbidden', 'Insufficient privileges to complete the operation.'));
  server.route('POST', '/v1.0/security/alerts_v2/a1/comments', graphError(403, 'Forbidden', 'Insufficient privileges.'));
  await assert.rejects(updateIncident(graph, '5', { status: 'resolved' }, signal()), (error: unknown) => {
    assert.ok(error instanceof MicrosoftApiError && error.code === 'ERR_FORBIDDEN');
    assert.equal(error.permission, 'SecurityIncident.ReadWrite.All');
    assert.match(error.message, /lacks SecurityIncident\.ReadWrite\.All/);
    assert.match(error.message, /Application permissions, add SecurityIncident\.ReadWrite\.All, then "Grant admin consent"/);
    return true;
  });
  await assert.rejects(commentAlert(graph, 'a1', 'x', signal()), (error: unknown) => error instanceof MicrosoftApiError && /SecurityAlert\.ReadWrite\.All/.test(error.message));
});
