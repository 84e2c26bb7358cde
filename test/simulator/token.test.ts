import assert from 'node:assert/strict';
import { createHash, createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { decodeJwt, SignJWT, generateKeyPair } from 'jose';
import type { Agent } from 'undici';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.js';
import { call, MDE_SCOPE, trustingAgent } from './support/client.js';
import { UndiciNetworkModule } from './support/msal-network.js';

interface TokenErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

describe('simulator: Entra token endpoint', () => {
  let sim: RunningSimulator;
  let agent: Agent;
  before(async () => {
    // Tenant 0: secret and certificate; tenant 1: a read-only app with a secret only.
    sim = await startSimulator({ seed: 'token-tests', tenants: 2, changes: 0, tenantApps: [{ certificate: true }, { readWrite: false }] });
    agent = trustingAgent(sim);
  });
  after(async () => {
    await sim.close();
    await agent.close();
  });

  const tokenUrl = (tenant: string) => `/${tenant}/oauth2/v2.0/token`;
  const form = (overrides: Record<string, string | undefined> = {}): Record<string, string> => {
    const tenant = sim.tenants[0]!;
    const base: Record<string, string | undefined> = { grant_type: 'client_credentials', client_id: tenant.clientId, client_secret: tenant.clientSecret, scope: `${sim.baseUrl}/.default`, ...overrides };
    return Object.fromEntries(Object.entries(base).filter((entry): entry is [string, string] => entry[1] !== undefined));
  };

  test('a secret in the form gets a Graph token naming the tenant, the audience and the roles', async () => {
    const response = await call(sim, agent, tokenUrl(sim.tenants[0]!.id), { form: form() });
    assert.equal(response.status, 200);
    const body = response.json<{ token_type: string; expires_in: number; ext_expires_in: number; access_token: string }>();
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3599);
    const claims = decodeJwt(body.access_token);
    assert.equal(claims.tid, sim.tenants[0]!.id);
    assert.equal(claims.aud, sim.baseUrl);
    assert.deepEqual([...(claims.roles as string[])].sort(), ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All', 'SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All']);
    assert.equal((claims.exp as number) - (claims.iat as number), 3599);
  });

  test('HTTP Basic credentials and the MDE scope give an MDE token with the MDE roles only', async () => {
    const tenant = sim.tenants[1]!;
    const basic = Buffer.from(`${encodeURIComponent(tenant.clientId)}:${encodeURIComponent(tenant.clientSecret)}`).toString('base64');
    const response = await call(sim, agent, tokenUrl(tenant.id), { form: { grant_type: 'client_credentials', scope: MDE_SCOPE }, headers: { authorization: `Basic ${basic}` } });
    assert.equal(response.status, 200, response.text);
    const claims = decodeJwt(response.json<{ access_token: string }>().access_token);
    assert.equal(claims.aud, 'https://api.securitycenter.microsoft.com');
    assert.deepEqual([...(claims.roles as string[])].sort(), ['Alert.Read.All', 'Machine.Read.All', 'Software.Read.All', 'Vulnerability.Read.All']);
  });

  test('a read-only app gets no ReadWrite role', async () => {
    const tenant = sim.tenants[1]!;
    const response = await call(sim, agent, tokenUrl(tenant.id), { form: { grant_type: 'client_credentials', client_id: tenant.clientId, client_secret: tenant.clientSecret, scope: `${sim.baseUrl}/.default` } });
    assert.deepEqual([...(decodeJwt(response.json<{ access_token: string }>().access_token).roles as string[])].sort(), ['SecurityAlert.Read.All', 'SecurityIncident.Read.All']);
  });

  const refusals: readonly [string, () => { tenant?: string; form: Record<string, string> }, number, string, number][] = [
    ['unknown tenant', () => ({ tenant: randomUUID(), form: form() }), 400, 'invalid_request', 90002],
    ['unknown client id', () => ({ form: form({ client_id: randomUUID() }) }), 400, 'unauthorized_client', 700016],
    ['wrong secret', () => ({ form: form({ client_secret: 'not-the-secret' }) }), 401, 'invalid_client', 7000215],
    ['no credential', () => ({ form: form({ client_secret: undefined }) }), 401, 'invalid_client', 7000218],
    ['another grant type', () => ({ form: form({ grant_type: 'password' }) }), 400, 'unsupported_grant_type', 70003],
    ['no scope', () => ({ form: form({ scope: undefined }) }), 400, 'invalid_request', 900144],
    ['a scope without /.default', () => ({ form: form({ scope: 'SecurityIncident.Read.All' }) }), 400, 'invalid_scope', 70011],
    ['scopes of two resources', () => ({ form: form({ scope: `${sim.baseUrl}/.default ${MDE_SCOPE}` }) }), 400, 'invalid_scope', 700022],
    ['an unknown resource', () => ({ form: form({ scope: 'https://management.azure.com/.default' }) }), 400, 'invalid_resource', 500011],
  ];
  for (const [name, make, status, error, code] of refusals) {
    test(`${name} → ${status} ${error} AADSTS${code} in the documented error shape`, async () => {
      const { tenant, form: body } = make();
      const response = await call(sim, agent, tokenUrl(tenant ?? sim.tenants[0]!.id), { form: body, headers: { 'client-request-id': 'c0ffee00-0000-4000-8000-000000000001' } });
      assert.equal(response.status, status);
      const json = response.json<TokenErrorBody>();
      assert.deepEqual(Object.keys(json).sort(), ['correlation_id', 'error', 'error_codes', 'error_description', 'error_uri', 'timestamp', 'trace_id']);
      assert.equal(json.error, error);
      assert.deepEqual(json.error_codes, [code]);
      assert.match(json.error_description, new RegExp(`^AADSTS${code}: .* Trace ID: ${json.trace_id} Correlation ID: c0ffee00-0000-4000-8000-000000000001 Timestamp: `));
      assert.equal(json.correlation_id, 'c0ffee00-0000-4000-8000-000000000001');
      assert.match(json.timestamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
      assert.equal(json.error_uri, `${sim.baseUrl}/error?code=${code}`);
      assert.ok(!response.text.includes(sim.tenants[0]!.clientSecret), 'the secret is never echoed');
    });
  }

  const network = () => new UndiciNetworkModule(agent);
  const msal = (auth: { clientSecret?: string; clientCertificate?: { thumbprintSha256?: string; thumbprint?: string; privateKey: string } }) =>
    new ConfidentialClientApplication({
      auth: { clientId: sim.tenants[0]!.clientId, authority: `${sim.baseUrl}/${sim.tenants[0]!.id}`, knownAuthorities: [new URL(sim.baseUrl).host], ...auth },
      system: { networkClient: network(), loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined } },
    });

  test('msal-node ConfidentialClientApplication gets a token with the secret', async () => {
    const result = await msal({ clientSecret: sim.tenants[0]!.clientSecret }).acquireTokenByClientCredential({ scopes: [`${sim.baseUrl}/.default`] });
    assert.ok(result?.accessToken);
    assert.equal(decodeJwt(result.accessToken).tid, sim.tenants[0]!.id);
  });

  test('msal-node gets a token with the certificate (PS256 + x5t#S256, and RS256 + SHA-1 x5t)', async () => {
    const certificate = sim.tenants[0]!.certificate!;
    const sha256 = await msal({ clientCertificate: { thumbprintSha256: certificate.thumbprintSha256, privateKey: certificate.privateKeyPem } }).acquireTokenByClientCredential({ scopes: [MDE_SCOPE] });
    assert.equal(decodeJwt(sha256!.accessToken).aud, 'https://api.securitycenter.microsoft.com');
    const sha1 = createHash('sha1').update(new X509Certificate(certificate.certificatePem).raw).digest('hex');
    const legacy = await msal({ clientCertificate: { thumbprint: sha1, privateKey: certificate.privateKeyPem } }).acquireTokenByClientCredential({ scopes: [`${sim.baseUrl}/.default`] });
    assert.equal(decodeJwt(legacy!.accessToken).aud, sim.baseUrl);
  });

  test('msal-node with a wrong secret fails with invalid_client', async () => {
    await assert.rejects(msal({ clientSecret: 'wrong' }).acquireTokenByClientCredential({ scopes: [`${sim.baseUrl}/.default`] }), (error: { errorCode?: string }) => {
      assert.equal(error.errorCode, 'invalid_client');
      return true;
    });
  });

  async function assertion(claims: Record<string, unknown>, options: { key?: Parameters<SignJWT['sign']>[0]; header?: Record<string, string> } = {}): Promise<string> {
    const certificate = sim.tenants[0]!.certificate!;
    const x5tS256 = Buffer.from(certificate.thumbprintSha256, 'hex').toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ aud: `${sim.baseUrl}/${sim.tenants[0]!.id}/oauth2/v2.0/token`, iss: sim.tenants[0]!.clientId, sub: sim.tenants[0]!.clientId, jti: randomUUID(), nbf: now, iat: now, exp: now + 600, ...claims })
      .setProtectedHeader({ alg: 'PS256', typ: 'JWT', 'x5t#S256': x5tS256, ...options.header })
      .sign(options.key ?? createPrivateKey(certificate.privateKeyPem));
  }

  const assertionForm = (jwt: string) => form({ client_secret: undefined, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt });

  test('a hand-made PS256 assertion is accepted; the refused ones get 700027, 700024 and 700021', async () => {
    const ok = await call(sim, agent, tokenUrl(sim.tenants[0]!.id), { form: assertionForm(await assertion({})) });
    assert.equal(ok.status, 200, ok.text);
    const { privateKey: otherKey } = await generateKeyPair('PS256');
    const cases: readonly [string, Promise<string>, number][] = [
      ['signed by another key', assertion({}, { key: otherKey }), 700027],
      ['an unregistered thumbprint', assertion({}, { header: { 'x5t#S256': 'AAAA' } }), 700027],
      ['another audience', assertion({ aud: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' }), 700027],
      ['expired an hour ago', assertion({ nbf: Math.floor(Date.now() / 1000) - 4000, exp: Math.floor(Date.now() / 1000) - 3600 }), 700024],
      ['not valid before tomorrow', assertion({ nbf: Math.floor(Date.now() / 1000) + 86_400, exp: Math.floor(Date.now() / 1000) + 90_000 }), 700024],
      ['issued for another client', assertion({ iss: randomUUID(), sub: randomUUID() }), 700021],
    ];
    for (const [name, jwt, code] of cases) {
      const response = await call(sim, agent, tokenUrl(sim.tenants[0]!.id), { form: assertionForm(await jwt) });
      assert.equal(response.status, 401, name);
      assert.equal(response.json<TokenErrorBody>().error, 'invalid_client', name);
      assert.deepEqual(response.json<TokenErrorBody>().error_codes, [code], name);
    }
    const noCertificate = await call(sim, agent, tokenUrl(sim.tenants[1]!.id), {
      form: { grant_type: 'client_credentials', client_id: sim.tenants[1]!.clientId, scope: MDE_SCOPE, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: await assertion({ iss: sim.tenants[1]!.clientId, sub: sim.tenants[1]!.clientId }) },
    });
    assert.deepEqual(noCertificate.json<TokenErrorBody>().error_codes, [700027], 'an app without a certificate credential');
  });

  test('OpenID configuration, instance discovery and keys are what MSAL expects', async () => {
    const tenant = sim.tenants[0]!;
    const config = (await call(sim, agent, `/${tenant.id}/v2.0/.well-known/openid-configuration`)).json<Record<string, string>>();
    assert.equal(config.token_endpoint, `${sim.baseUrl}/${tenant.id}/oauth2/v2.0/token`);
    assert.equal(config.issuer, `${sim.baseUrl}/${tenant.id}/v2.0`);
    assert.ok(config.authorization_endpoint && config.jwks_uri);
    const keys = (await call(sim, agent, new URL(config.jwks_uri!).pathname)).json<{ keys: { kty: string }[] }>();
    assert.equal(keys.keys[0]!.kty, 'RSA');
    const discovery = (await call(sim, agent, `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(config.authorization_endpoint!)}`)).json<{ metadata: { preferred_network: string }[] }>();
    assert.equal(discovery.metadata[0]!.preferred_network, new URL(sim.baseUrl).host);
    const unknown = await call(sim, agent, `/${randomUUID()}/v2.0/.well-known/openid-configuration`);
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json<TokenErrorBody>().error_codes, [90002]);
  });
});
