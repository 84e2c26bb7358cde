import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { test, type TestContext } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { MicrosoftApiError } from '../../src/microsoft/errors.js';
import { InstantClock } from './support/clocks.js';
import { scriptEntra, tokenValue } from './support/entra.js';
import { testClients, testTenant } from './support/tenant.js';
import { graphError, hangUp, json, ScriptedServer, text, type Reply } from './support/test-server.js';

const INCIDENTS = '/v1.0/security/incidents';

async function startServer(t: TestContext): Promise<ScriptedServer> {
  const server = await ScriptedServer.start();
  t.after(() => server.close());
  return server;
}

async function setup(t: TestContext, ...incidentReplies: Reply[]) {
  const server = await startServer(t);
  scriptEntra(server);
  if (incidentReplies.length > 0) server.route('GET', INCIDENTS, ...incidentReplies);
  const clock = new InstantClock();
  const clients = testClients(t, testTenant(t, server), clock);
  return { server, clock, ...clients };
}

function signal(): AbortSignal {
  return AbortSignal.timeout(20_000);
}

function apiError(code: string, check: (error: MicrosoftApiError) => void = () => undefined) {
  return (error: unknown) => {
    assert.ok(error instanceof MicrosoftApiError, String(error));
    assert.equal(error.code, code, error.message);
    check(error);
    return true;
  };
}

test('every Graph request carries the bearer token, Prefer: include-unknown-enum-members and a fresh client-request-id', async (t) => {
  const { server, graph, mde } = await setup(t, json(200, { value: [] }));
  server.route('GET', '/api/alerts', json(200, { value: [] }));
  await graph.getJson('security/incidents?$top=1', signal());
  await graph.getJson('security/incidents?$top=1', signal());
  await mde!.getJson('alerts', signal());
  const [first, second] = server.requestsTo(INCIDENTS);
  assert.equal(first!.headers.prefer, 'include-unknown-enum-members');
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  assert.match(String(first!.headers['client-request-id']), guid);
  assert.notEqual(first!.headers['client-request-id'], second!.headers['client-request-id']);
  assert.equal(first!.url, '/v1.0/security/incidents?$top=1');
  const mdeRequest = server.requestsTo('/api/alerts')[0]!;
  assert.equal(mdeRequest.headers.prefer, undefined, 'the Graph-only header is not sent to MDE');
  assert.match(String(mdeRequest.headers.authorization), /^Bearer /);
});

test('429 waits Retry-After seconds on the clock, then retries the same request', async (t) => {
  const { server, clock, graph } = await setup(t, graphError(429, 'TooManyRequests', 'Rate limit exceeded.', { 'retry-after': '24' }), json(200, { value: ['ok'] }));
  assert.deepEqual(await graph.getJson('security/incidents', signal()), { value: ['ok'] });
  assert.deepEqual(clock.sleeps, [24_000]);
  assert.equal(server.requestsTo(INCIDENTS).length, 2);
});

test('Retry-After as an HTTP date, and 503 without Retry-After backs off exponentially from about 2 s', async (t) => {
  const clockStart = Date.UTC(2026, 0, 5, 9, 0, 0);
  const date = new Date(clockStart + 90_000).toUTCString();
  const busy = graphError(503, 'ServiceUnavailable', 'busy');
  const { clock, graph } = await setup(t, busy, busy, graphError(503, 'ServiceUnavailable', 'busy', { 'retry-after': date }), json(200, { value: [] }));
  await graph.getJson('security/incidents', signal());
  // random() = 0.5 makes the jitter neutral: 2 s, then 4 s; then the date, read on the client's clock.
  assert.deepEqual(clock.sleeps, [2_000, 4_000, 90_000 - 6_000]);
});

test('5xx is retried a bounded number of times, then a retryable ERR_UNAVAILABLE with the client-request-id', async (t) => {
  const { server, clock, graph } = await setup(t, graphError(500, 'InternalServerError', 'boom'));
  await assert.rejects(
    graph.getJson('security/incidents', signal()),
    apiError('ERR_UNAVAILABLE', (error) => {
      assert.equal(error.retryable, true);
      assert.equal(error.status, 500);
      assert.ok(error.clientRequestId !== undefined && error.message.includes(error.clientRequestId));
    }),
  );
  assert.equal(server.requestsTo(INCIDENTS).length, 6);
  assert.equal(clock.sleeps.length, 5);
  assert.ok(clock.sleeps.every((ms) => ms <= 180_000));
});

test('serverErrorAttempts cuts 5xx retries short for a caller with a fallback, but 429s are still waited out', async (t) => {
  const { server, graph } = await setup(t, graphError(500, 'InternalServerError', 'expand failed'));
  await assert.rejects(graph.getJson('security/incidents?$expand=alerts', signal(), { serverErrorAttempts: 2 }), apiError('ERR_UNAVAILABLE'));
  assert.equal(server.requestsTo(INCIDENTS).length, 2);

  const throttled = await setup(t, graphError(429, 'TooManyRequests', 'slow down', { 'retry-after': '1' }), graphError(429, 'TooManyRequests', 'slow down', { 'retry-after': '1' }), json(200, { value: [] }));
  assert.deepEqual(await throttled.graph.getJson('security/incidents', signal(), { serverErrorAttempts: 1 }), { value: [] });
  assert.equal(throttled.server.requestsTo(INCIDENTS).length, 3);
});

test('network failures and truncated JSON in a 200 are retried', async (t) => {
  const { server, graph } = await setup(t, hangUp, text(200, '{"value":[{"id":"1"},{"id":'), json(200, { value: [{ id: '1' }] }));
  assert.deepEqual(await graph.getJson('security/incidents', signal()), { value: [{ id: '1' }] });
  assert.equal(server.requestsTo(INCIDENTS).length, 3);

  server.route('GET', INCIDENTS, text(200, '{"value":['));
  await assert.rejects(graph.getJson('security/incidents', signal()), apiError('ERR_INVALID_RESPONSE', (error) => assert.equal(error.retryable, true)));
});

test('a request that times out is retried', async (t) => {
  const server = await startServer(t);
  scriptEntra(server);
  const slow: Reply = async (_request, response) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    json(200, { value: ['late'] })(_request, response);
  };
  server.route('GET', INCIDENTS, slow, json(200, { value: ['fast'] }));
  const { graph } = testClients(t, testTenant(t, server, { request_timeout_ms: 300 }), new InstantClock());
  assert.deepEqual(await graph.getJson('security/incidents', signal()), { value: ['fast'] });
});

test('403 is not retried and names the permission to grant, per API and path', async (t) => {
  const { server, graph, mde } = await setup(t, graphError(403, 'Forbidden', 'Missing application roles.'));
  await assert.rejects(
    graph.getJson('security/incidents?$expand=alerts', signal()),
    apiError('ERR_FORBIDDEN', (error) => {
      assert.equal(error.retryable, false);
      assert.equal(error.permission, 'SecurityIncident.Read.All and SecurityAlert.Read.All');
      assert.match(error.message, /API permissions > Add a permission > Microsoft Graph > Application permissions/);
      assert.match(error.message, /Grant admin consent/);
      assert.match(error.message, /Missing application roles/);
    }),
  );
  assert.equal(server.requestsTo(INCIDENTS).length, 1);
  const mdeCases: [string, string][] = [
    ['alerts', 'Alert.Read.All'],
    ['machines', 'Machine.Read.All'],
    ['vulnerabilities/machinesVulnerabilities', 'Vulnerability.Read.All'],
    ['machines/SoftwareVulnerabilitiesExport', 'Vulnerability.Read.All'],
    ['Software', 'Software.Read.All'],
  ];
  for (const [path, permission] of mdeCases) {
    server.route('GET', `/api/${path}`, json(403, { error: { code: 'Forbidden', message: 'no', target: 'abc' } }));
    await assert.rejects(
      mde!.getJson(path, signal()),
      apiError('ERR_FORBIDDEN', (error) => {
        assert.equal(error.permission, permission, path);
        assert.match(error.message, /WindowsDefenderATP/);
      }),
    );
  }
});

test('400 carries Graph\'s message and 404 is not found; neither is retried', async (t) => {
  const message = "The query specified in the URI is not valid. The limit of '50' for Top query has been exceeded. The value from the incoming request is '100'.";
  const { server, graph } = await setup(t, json(400, { error: { code: '', message, details: [] } }));
  await assert.rejects(graph.getJson('security/incidents?$top=100', signal()), apiError('ERR_BAD_REQUEST', (error) => {
    assert.equal(error.serviceMessage, message);
    assert.ok(error.message.includes("limit of '50' for Top query"));
  }));
  server.route('GET', '/v1.0/security/incidents/999', graphError(404, 'NotFound', 'gone'));
  await assert.rejects(graph.getJson('security/incidents/999', signal()), apiError('ERR_NOT_FOUND'));
  assert.equal(server.requestsTo(INCIDENTS).length, 2);
});

test('pages follow @odata.nextLink verbatim on the same origin, one page per request of the caller', async (t) => {
  const server = await startServer(t);
  scriptEntra(server);
  const next = `${server.origin}/v1.0/security/alerts_v2?$top=2&$skiptoken=abc%3D%3D`;
  server.route('GET', '/v1.0/security/alerts_v2', (request, response) => {
    const page = request.url.includes('skiptoken') ? { value: [{ id: 'c' }] } : { value: [{ id: 'a' }, { id: 'b' }], '@odata.nextLink': next };
    json(200, page)(request, response);
  });
  const { graph } = testClients(t, testTenant(t, server), new InstantClock());
  const pages = graph.pages('security/alerts_v2?$top=2', signal())[Symbol.asyncIterator]();
  const first = await pages.next();
  assert.deepEqual(first.value.items, [{ id: 'a' }, { id: 'b' }]);
  assert.equal(first.value.nextLink, next);
  assert.equal(server.requestsTo('/v1.0/security/alerts_v2').length, 1, 'the next page waits for the caller');
  const second = await pages.next();
  assert.deepEqual(second.value.items, [{ id: 'c' }]);
  assert.equal(second.value.nextLink, undefined);
  assert.equal((await pages.next()).done, true);
  assert.equal(server.requestsTo('/v1.0/security/alerts_v2')[1]!.url, '/v1.0/security/alerts_v2?$top=2&$skiptoken=abc%3D%3D');
});

test('a nextLink to another origin is refused and the token never goes there', async (t) => {
  const server = await startServer(t);
  const foreign = await startServer(t);
  scriptEntra(server);
  foreign.route('GET', '/v1.0/security/alerts_v2', json(200, { value: [] }));
  server.route('GET', '/v1.0/security/alerts_v2', json(200, { value: [{ id: 'a' }], '@odata.nextLink': `${foreign.origin}/v1.0/security/alerts_v2?$skiptoken=x` }));
  const { graph } = testClients(t, testTenant(t, server), new InstantClock());
  const seen: unknown[] = [];
  await assert.rejects(
    (async () => {
      for await (const page of graph.pages('security/alerts_v2', signal())) seen.push(...page.items);
    })(),
    apiError('ERR_FOREIGN_NEXT_LINK', (error) => assert.match(error.message, /not followed, so the bearer token is never sent elsewhere/)),
  );
  assert.deepEqual(seen, [], 'a page whose nextLink is foreign is not handed out either');
  assert.equal(foreign.requests.length, 0);
  await assert.rejects(graph.getJson(`${foreign.origin}/v1.0/security/alerts_v2`, signal()), apiError('ERR_FOREIGN_NEXT_LINK'));
  assert.equal(foreign.requests.length, 0);
});

test('download streams the raw gzip bytes of a SAS link without the bearer token; an expired link is ERR_LINK_EXPIRED', async (t) => {
  const { server, mde } = await setup(t);
  const storage = await startServer(t);
  const lines = Array.from({ length: 2_000 }, (_, index) => JSON.stringify({ DeviceId: `d${index}`, CveId: 'CVE-2026-0001' })).join('\n');
  const gz = gzipSync(lines);
  storage.route('GET', '/export/part-0.json.gz', (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(gz);
  });
  storage.route('GET', '/export/part-1.json.gz', text(403, '<Error><Code>AuthenticationFailed</Code></Error>'));
  const link = `${storage.origin}/export/part-0.json.gz?sv=2024&sig=SECRETSIG%3D`;
  const stream = await mde!.download(link, signal());
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  assert.equal(gunzipSync(Buffer.concat(chunks)).toString('utf8'), lines);
  const request = storage.requests[0]!;
  assert.equal(request.headers.authorization, undefined);
  assert.equal(request.url, '/export/part-0.json.gz?sv=2024&sig=SECRETSIG%3D');
  assert.equal(server.requestsTo('/api').length, 0);

  await assert.rejects(
    mde!.download(`${storage.origin}/export/part-1.json.gz?sig=SECRETSIG%3D`, signal()),
    apiError('ERR_LINK_EXPIRED', (error) => assert.ok(!error.message.includes('SECRETSIG'), 'the SAS signature is not repeated')),
  );
  assert.equal(storage.requestsTo('/export/part-1.json.gz').length, 1);
});

test('a comment POST is not repeated after a 500 (it may have been stored); PATCH is', async (t) => {
  const { server, graph } = await setup(t);
  server.route('POST', '/v1.0/security/incidents/7/comments', graphError(500, 'InternalServerError', 'boom'));
  await assert.rejects(graph.send('POST', 'security/incidents/7/comments', { comment: 'x' }, signal()), apiError('ERR_UNAVAILABLE'));
  assert.equal(server.requestsTo('/v1.0/security/incidents/7/comments').length, 1);
  server.route('PATCH', '/v1.0/security/incidents/7', graphError(502, 'BadGateway', 'boom'), json(200, { id: '7' }));
  assert.deepEqual(await graph.send('PATCH', 'security/incidents/7', { status: 'active' }, signal()), { id: '7' });
  const patches = server.requestsTo('/v1.0/security/incidents/7').filter((request) => request.method === 'PATCH');
  assert.equal(patches.length, 2);
  assert.equal(patches[0]!.headers['content-type'], 'application/json');
  assert.equal(patches[1]!.headers.authorization, `Bearer ${tokenValue(1)}`);
});

test('an aborted signal stops a Retry-After wait', async (t) => {
  const server = await startServer(t);
  scriptEntra(server);
  server.route('GET', INCIDENTS, graphError(429, 'TooManyRequests', 'slow down', { 'retry-after': '30' }));
  // The system clock really waits the 30 s, so only the abort can end the wait early.
  const { graph } = testClients(t, testTenant(t, server), systemClock);
  const controller = new AbortController();
  const pending = graph.getJson('security/incidents', controller.signal);
  setTimeout(() => controller.abort(new Error('stop')), 50);
  await assert.rejects(pending, /stop/);
});
