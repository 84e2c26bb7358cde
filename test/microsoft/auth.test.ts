import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import { generate } from 'selfsigned';
import { Secret } from '../../src/config/redact.js';
import { MicrosoftAuthError, MicrosoftCredentialError } from '../../src/microsoft/errors.js';
import { tempDir } from '../support/temp-dir.js';
import { InstantClock } from './support/clocks.js';
import { CLIENT_ID, entraError, issueToken, scriptEntra, TENANT_ID, tokenValue } from './support/entra.js';
import { capturedLogger, CLIENT_SECRET, testClients, testTenant } from './support/tenant.js';
import { graphError, json, ScriptedServer } from './support/test-server.js';

const INCIDENTS = '/v1.0/security/incidents';

async function startServer(t: TestContext): Promise<ScriptedServer> {
  const server = await ScriptedServer.start();
  t.after(() => server.close());
  return server;
}

function signal(): AbortSignal {
  return AbortSignal.timeout(20_000);
}

test('a client secret gets a token through msal; the token is reused and sent as Bearer', async (t) => {
  const server = await startServer(t);
  const entra = scriptEntra(server);
  server.route('GET', INCIDENTS, json(200, { value: [] }));
  const { graph } = testClients(t, testTenant(t, server), new InstantClock());

  await graph.getJson('security/incidents', signal());
  await graph.getJson('/security/incidents', signal());

  assert.equal(entra.tokenRequests.length, 1, 'the cached token is reused');
  const form = entra.tokenRequests[0]!;
  assert.equal(form.get('grant_type'), 'client_credentials');
  assert.equal(form.get('client_id'), CLIENT_ID);
  assert.equal(form.get('client_secret'), CLIENT_SECRET);
  assert.equal(form.get('scope'), `${server.origin}/.default`);
  const calls = server.requestsTo(INCIDENTS);
  assert.equal(calls.length, 2);
  for (const call of calls) assert.equal(call.headers.authorization, `Bearer ${tokenValue(1)}`);
});

test('Graph and MDE tokens are requested for their own scopes', async (t) => {
  const server = await startServer(t);
  const entra = scriptEntra(server);
  server.route('GET', '/api/machines', json(200, { value: [] }));
  server.route('GET', INCIDENTS, json(200, { value: [] }));
  const { graph, mde } = testClients(t, testTenant(t, server), new InstantClock());
  await graph.getJson('security/incidents', signal());
  await mde!.getJson('machines', signal());
  assert.deepEqual(entra.tokenRequests.map((form) => form.get('scope')), [`${server.origin}/.default`, 'https://api.securitycenter.microsoft.com/.default']);
  assert.equal(server.requestsTo('/api/machines')[0]!.headers.authorization, `Bearer ${tokenValue(2)}`);
});

test('a 401 invalidates the token and retries once with a fresh one; a second 401 is ERR_UNAUTHORIZED', async (t) => {
  const server = await startServer(t);
  const entra = scriptEntra(server);
  server.route('GET', INCIDENTS, graphError(401, 'InvalidAuthenticationToken', 'Access token has expired.'), json(200, { value: [1] }));
  const { graph } = testClients(t, testTenant(t, server), new InstantClock());
  assert.deepEqual(await graph.getJson('security/incidents', signal()), { value: [1] });
  assert.deepEqual(server.requestsTo(INCIDENTS).map((request) => request.headers.authorization), [`Bearer ${tokenValue(1)}`, `Bearer ${tokenValue(2)}`]);
  assert.equal(entra.tokenRequests.length, 2);

  server.route('GET', INCIDENTS, graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.'));
  const before = server.requestsTo(INCIDENTS).length;
  await assert.rejects(graph.getJson('security/incidents', signal()), (error: unknown) => {
    assert.ok(error instanceof Error && 'code' in error && error.code === 'ERR_UNAUTHORIZED', String(error));
    assert.match(error.message, /401 twice/);
    assert.ok(!error.message.includes('eyJ-test-access-token'), 'no token in the message');
    return true;
  });
  assert.equal(server.requestsTo(INCIDENTS).length - before, 2, 'one retry, not more');
  assert.equal(entra.tokenRequests.length, 3, 'exactly one fresh token per 401 streak');
});

test('a wrong client secret is a MicrosoftAuthError naming the fix, without the secret', async (t) => {
  const server = await startServer(t);
  scriptEntra(server, entraError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.'));
  server.route('GET', INCIDENTS, json(200, { value: [] }));
  const { log, lines } = capturedLogger();
  const { graph } = testClients(t, testTenant(t, server), new InstantClock(), log);
  await assert.rejects(graph.getJson('security/incidents', signal()), (error: unknown) => {
    assert.ok(error instanceof MicrosoftAuthError, String(error));
    assert.equal(error.retryable, false);
    assert.equal(error.aadsts, 7000215);
    assert.equal(error.correlationId, '9a8b7c6d-1111');
    assert.match(error.message, /tenant contoso: the client secret is wrong: create a new one in Entra ID > App registrations > 5d0c7e2a-3b61-4f4e-9a1d-7c2b8e90aa11 > Certificates & secrets and update tenants\[0\]\.client_secret/);
    assert.ok(!error.message.includes(CLIENT_SECRET));
    return true;
  });
  assert.equal(server.requestsTo(INCIDENTS).length, 0, 'no API call without a token');
  assert.ok(!lines.join('\n').includes(CLIENT_SECRET));
});

test('Entra errors map to their causes: unknown app, unknown tenant (discovery), clock skew', async (t) => {
  const cases = [
    { reply: entraError(400, 'unauthorized_client', 700016, "Application with identifier 'x' was not found in the directory 'y'."), expect: /application 5d0c7e2a-.* was not found in directory .*consent/ },
    { reply: entraError(400, 'invalid_request', 700024, 'Client assertion is not within its valid time range.'), expect: /clock is wrong; synchronise it/ },
    { reply: entraError(400, 'invalid_request', 90002, "Tenant 'x' not found."), expect: /was not found in the global cloud: check tenants\[0\]\.tenant_id, and tenants\[0\]\.cloud/ },
  ];
  for (const { reply, expect } of cases) {
    const server = await startServer(t);
    scriptEntra(server, reply);
    const { graph } = testClients(t, testTenant(t, server), new InstantClock());
    await assert.rejects(graph.getJson('security/incidents', signal()), (error: unknown) => {
      assert.ok(error instanceof MicrosoftAuthError, String(error));
      assert.match(error.message, expect);
      return true;
    });
  }
  // A tenant that does not exist fails already at discovery, before any token request.
  const server = await startServer(t);
  server.route('GET', `/${TENANT_ID}/v2.0/.well-known/openid-configuration`, entraError(400, 'invalid_tenant', 90002, "Tenant 'x' not found."));
  const { graph } = testClients(t, testTenant(t, server), new InstantClock());
  await assert.rejects(graph.getJson('security/incidents', signal()), (error: unknown) => {
    assert.ok(error instanceof MicrosoftAuthError, String(error));
    assert.equal(error.aadsts, 90002);
    assert.match(error.message, /not found in the global cloud/);
    return true;
  });
});

test('transient Entra failures are retried on the clock, then the request goes through', async (t) => {
  const server = await startServer(t);
  const entra = scriptEntra(server);
  server.route('POST', `/${TENANT_ID}/oauth2/v2.0/token`, entraError(503, 'temporarily_unavailable', 90024, 'Service is busy.'), issueToken(entra));
  server.route('GET', INCIDENTS, json(200, { value: [] }));
  const clock = new InstantClock();
  const { graph } = testClients(t, testTenant(t, server), clock);
  await graph.getJson('security/incidents', signal());
  assert.equal(server.requestsTo(`/${TENANT_ID}/oauth2/v2.0/token`).length, 2);
  assert.equal(clock.sleeps.length, 1, 'one backoff wait on the clock');
  assert.equal(server.requestsTo(INCIDENTS)[0]!.headers.authorization, `Bearer ${tokenValue(1)}`);
});

/** A certificate credential as Entra sees it: a PS256 assertion with the SHA-256 thumbprint. */
async function verifyAssertion(form: URLSearchParams, certificatePem: string, origin: string): Promise<Record<string, unknown>> {
  assert.equal(form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  assert.equal(form.get('client_secret'), null);
  const assertion = form.get('client_assertion')!;
  const header = decodeProtectedHeader(assertion);
  assert.equal(header.alg, 'PS256');
  const thumbprint = createHash('sha256').update(new X509Certificate(certificatePem).raw).digest('base64url');
  assert.equal(header['x5t#S256'], thumbprint);
  const { payload } = await jwtVerify(assertion, await importX509(certificatePem, 'PS256'), {
    audience: `${origin}/${TENANT_ID}/oauth2/v2.0/token`,
    issuer: CLIENT_ID,
    subject: CLIENT_ID,
    // msal rounds iat/nbf to the nearest second, so nbf can be up to half a second ahead.
    clockTolerance: 5,
  });
  assert.ok(typeof payload.jti === 'string' && payload.exp! - payload.nbf! <= 600, 'a short-lived assertion');
  return header as Record<string, unknown>;
}

async function clientCertificate(passphrase?: string) {
  return generate([{ name: 'commonName', value: 'defender-siem test app' }], { keySize: 2048, algorithm: 'sha256', ...(passphrase === undefined ? {} : { passphrase }) });
}

test('a PEM certificate signs a PS256 assertion that verifies with the certificate (x5c only when asked)', async (t) => {
  const dir = tempDir(t);
  const pems = await clientCertificate();
  writeFileSync(join(dir, 'cert.pem'), pems.cert);
  writeFileSync(join(dir, 'key.pem'), pems.private);
  for (const sendX5c of [false, true]) {
    const server = await startServer(t);
    const entra = scriptEntra(server);
    server.route('GET', INCIDENTS, json(200, { value: [] }));
    const tenant = testTenant(t, server, {
      client_secret: undefined,
      client_certificate: { certificate_file: join(dir, 'cert.pem'), private_key_file: join(dir, 'key.pem'), send_x5c: sendX5c },
    });
    const { graph } = testClients(t, tenant, new InstantClock());
    await graph.getJson('security/incidents', signal());
    const header = await verifyAssertion(entra.tokenRequests[0]!, pems.cert, server.origin);
    if (sendX5c) assert.deepEqual(header.x5c, [new X509Certificate(pems.cert).raw.toString('base64')]);
    else assert.equal(header.x5c, undefined);
  }
});

test('an encrypted PEM key is opened with private_key_password; a wrong password is a clear error', async (t) => {
  const dir = tempDir(t);
  const pems = await clientCertificate('k3y-pass');
  assert.match(pems.private, /ENCRYPTED PRIVATE KEY/);
  writeFileSync(join(dir, 'both.pem'), `${pems.cert}\n${pems.private}`);
  const server = await startServer(t);
  const entra = scriptEntra(server);
  server.route('GET', INCIDENTS, json(200, { value: [] }));
  const certificate = { certificate_file: join(dir, 'both.pem'), private_key_file: join(dir, 'both.pem'), send_x5c: false };
  const { graph } = testClients(t, testTenant(t, server, { client_secret: undefined, client_certificate: { ...certificate, private_key_password: new Secret('k3y-pass') } }), new InstantClock());
  await graph.getJson('security/incidents', signal());
  await verifyAssertion(entra.tokenRequests[0]!, pems.cert, server.origin);

  for (const [password, expect] of [[undefined, /is encrypted: set tenants\[0\]\.client_certificate\.private_key_password/], [new Secret('wrong'), /cannot decrypt private_key_file with private_key_password/]] as const) {
    assert.throws(
      () => testClients(t, testTenant(t, server, { client_secret: undefined, client_certificate: { ...certificate, ...(password === undefined ? {} : { private_key_password: password }) } }), new InstantClock()),
      (error: unknown) => error instanceof MicrosoftCredentialError && expect.test(error.message) && !error.message.includes('wrong'.repeat(2)),
    );
  }
});

function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('a PFX (AES as OpenSSL 3 writes it, 3DES as Windows does, RC2 as OpenSSL 1.x did) is read with pfx_password', { skip: opensslAvailable() ? false : 'openssl is not installed' }, async (t) => {
  const dir = tempDir(t);
  const pems = await clientCertificate();
  writeFileSync(join(dir, 'cert.pem'), pems.cert);
  writeFileSync(join(dir, 'key.pem'), pems.private);
  const variants = { aes: [], des: ['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'], rc2: ['-legacy'] };
  for (const [name, flags] of Object.entries(variants)) {
    const pfx = join(dir, `${name}.pfx`);
    execFileSync('openssl', ['pkcs12', '-export', '-in', join(dir, 'cert.pem'), '-inkey', join(dir, 'key.pem'), '-out', pfx, '-passout', 'pass:pfx-Pa55', ...flags]);
    const server = await startServer(t);
    const entra = scriptEntra(server);
    server.route('GET', INCIDENTS, json(200, { value: [] }));
    const { graph } = testClients(t, testTenant(t, server, { client_secret: undefined, client_certificate: { pfx_file: pfx, pfx_password: new Secret('pfx-Pa55'), send_x5c: false } }), new InstantClock());
    await graph.getJson('security/incidents', signal());
    await verifyAssertion(entra.tokenRequests[0]!, pems.cert, server.origin);
    assert.throws(
      () => testClients(t, testTenant(t, server, { client_secret: undefined, client_certificate: { pfx_file: pfx, pfx_password: new Secret('nope'), send_x5c: false } }), new InstantClock()),
      (error: unknown) => error instanceof MicrosoftCredentialError && /tenants\[0\]\.client_certificate\.pfx_file: the pfx_password is wrong/.test(error.message),
    );
  }
});
