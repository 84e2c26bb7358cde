import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { inspect } from 'node:util';
import { generate } from 'selfsigned';
import type { ApiClient } from '../../src/microsoft/api.js';
import { tempDir } from '../support/temp-dir.js';
import { InstantClock } from './support/clocks.js';
import { entraError, scriptEntra, type EntraScript } from './support/entra.js';
import { capturedLogger, CLIENT_SECRET, testClients, testTenant } from './support/tenant.js';
import { graphError, hangUp, json, ScriptedServer, text } from './support/test-server.js';

/** Runs a call that should fail and returns every rendering of its error a caller might log. */
async function failureText(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return [String(error), (error as Error).message, inspect(error, { depth: 6 }), JSON.stringify(error)].join('\n');
  }
  assert.fail('the call was expected to fail');
}

async function drain(graph: ApiClient, path: string): Promise<void> {
  for await (const page of graph.pages(path, AbortSignal.timeout(20_000))) void page;
}

function assertClean(haystack: string, secrets: readonly string[]): void {
  for (const secret of secrets) assert.ok(!haystack.includes(secret), `found a secret in the output: ${secret.slice(0, 12)}…`);
}

async function startServer(t: TestContext): Promise<ScriptedServer> {
  const server = await ScriptedServer.start();
  t.after(() => server.close());
  return server;
}

test('the client secret and the tokens appear in no log line and no error, whatever fails', async (t) => {
  const server = await startServer(t);
  const foreign = await startServer(t);
  const entra: EntraScript = scriptEntra(server);
  const { log, lines } = capturedLogger();
  const { graph, mde } = testClients(t, testTenant(t, server), new InstantClock(), log);
  const signal = () => AbortSignal.timeout(20_000);
  const outputs: string[] = [];

  server.route('GET', '/v1.0/security/incidents', graphError(401, 'InvalidAuthenticationToken', 'expired'));
  outputs.push(await failureText(graph.getJson('security/incidents', signal())));
  server.route('GET', '/v1.0/security/alerts_v2', graphError(403, 'Forbidden', 'Missing role'));
  outputs.push(await failureText(graph.getJson('security/alerts_v2', signal())));
  server.route('GET', '/api/machines', graphError(500, 'InternalServerError', 'boom'));
  outputs.push(await failureText(mde!.getJson('machines', signal())));
  server.route('GET', '/api/vulnerabilities', hangUp);
  outputs.push(await failureText(mde!.getJson('vulnerabilities', signal())));
  server.route('GET', '/api/Software', text(200, '{"value": ['));
  outputs.push(await failureText(mde!.getJson('Software', signal())));
  server.route('GET', '/v1.0/security/incidents', json(200, { value: [], '@odata.nextLink': `${foreign.origin}/v1.0/steal` }));
  outputs.push(await failureText(drain(graph, 'security/incidents')));
  server.route('GET', '/api/alerts', graphError(429, 'TooManyRequests', 'slow', { 'retry-after': '1' }));
  outputs.push(await failureText(mde!.getJson('alerts', signal())));
  server.route('POST', `/${'0b7e4f3c-6a2d-4c11-8e5f-2d9a1c7b3e40'}/oauth2/v2.0/token`, entraError(401, 'invalid_client', 7000215, 'Invalid client secret provided.'));
  // A fresh token is needed after the 401 streak above was answered with new tokens: force one more.
  server.route('GET', '/v1.0/security/alerts_v2', graphError(401, 'InvalidAuthenticationToken', 'expired'));
  outputs.push(await failureText(graph.getJson('security/alerts_v2', signal())));

  assert.ok(entra.issued.length >= 2, 'tokens were issued and used');
  assert.ok(lines.length > 10, 'the failures were logged');
  assert.equal(foreign.requests.length, 0);
  assertClean([...lines, ...outputs].join('\n'), [CLIENT_SECRET, ...entra.issued]);
});

test('a certificate\'s private key and its signed assertions appear in no log line and no error', async (t) => {
  const dir = tempDir(t);
  const pems = await generate([{ name: 'commonName', value: 'app' }], { keySize: 2048, algorithm: 'sha256' });
  writeFileSync(join(dir, 'cert.pem'), pems.cert);
  writeFileSync(join(dir, 'key.pem'), pems.private);
  const server = await startServer(t);
  const entra = scriptEntra(server, entraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.'));
  const { log, lines } = capturedLogger();
  const tenant = testTenant(t, server, { client_secret: undefined, client_certificate: { certificate_file: join(dir, 'cert.pem'), private_key_file: join(dir, 'key.pem'), send_x5c: true } });
  const { graph } = testClients(t, tenant, new InstantClock(), log);
  const output = await failureText(graph.getJson('security/incidents', AbortSignal.timeout(20_000)));
  assert.match(output, /failed signature validation: upload this certificate/);
  const assertions = entra.tokenRequests.map((form) => form.get('client_assertion')!);
  assert.ok(assertions.length > 0 && assertions.every((assertion) => assertion.length > 100));
  const keyBody = pems.private.split('\n')[3]!;
  assertClean([...lines, output].join('\n'), [...assertions, keyBody]);
});
