import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { CLIENT_ID, scriptEntra, TENANT_ID } from '../microsoft/support/entra.js';
import { graphError, json, ScriptedServer } from '../microsoft/support/test-server.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const SECRET = 'cli-S3cret~value-0815';

async function startServer(t: TestContext): Promise<ScriptedServer> {
  const server = await ScriptedServer.start();
  t.after(() => server.close());
  scriptEntra(server);
  return server;
}

/** The configuration the connector runs with, its tenants pointed at the test server and trusting its certificate. */
function writeConfig(t: TestContext, server: ScriptedServer, tenantNames: readonly string[] = ['contoso']): string {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'ca.pem'), server.certificatePem);
  const tenants = tenantNames
    .map(
      (name) => `  - name: ${name}
    tenant_id: ${TENANT_ID}
    client_id: ${CLIENT_ID}
    client_secret: \${TEST_CLIENT_SECRET}
    authority_host: ${server.origin}
    graph_host: ${server.origin}
    mde_host: ${server.origin}
    ca_file: ca.pem
    request_timeout_ms: 5000`,
    )
    .join('\n');
  const path = join(dir, 'config.yaml');
  writeFileSync(
    path,
    `storage: { path: state/db }
log: { level: debug }
tenants:
${tenants}
sources: [{ name: incidents, type: graph_incidents, tenant: ${tenantNames[0]} }]
sinks: [{ name: out, type: stdout }]
`,
  );
  return path;
}

const env = { TEST_CLIENT_SECRET: SECRET };

test('incident update changes fields and comments, prints what changed, exit 0', async (t) => {
  const server = await startServer(t);
  server.route('PATCH', '/v1.0/security/incidents/48213', json(200, { id: '48213' }));
  server.route('POST', '/v1.0/security/incidents/48213/comments', json(200, { value: [] }));
  const config = writeConfig(t, server);
  const result = await runCli(['incident', 'update', '48213', '--config', config, '--status', 'resolved', '--classification', 'truePositive', '--determination', 'malware', '--assigned-to', 'soc@fabrikam.example', '--comment', 'closed from the SIEM'], env);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /incident 48213 updated in tenant contoso: status="resolved", classification="truePositive", determination="malware", assignedTo="soc@fabrikam.example"/);
  assert.match(result.stdout, /comment added to incident 48213/);
  const patch = server.requestsTo('/v1.0/security/incidents/48213').find((request) => request.method === 'PATCH')!;
  assert.deepEqual(JSON.parse(patch.body), { status: 'resolved', classification: 'truePositive', determination: 'malware', assignedTo: 'soc@fabrikam.example' });
  const comment = server.requestsTo('/v1.0/security/incidents/48213/comments')[0]!;
  assert.deepEqual(JSON.parse(comment.body), { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'closed from the SIEM' });
  assert.ok(!(result.stdout + result.stderr).includes(SECRET));
});

test('alert update: a missing permission is exit 1 with the permission and how to grant it', async (t) => {
  const server = await startServer(t);
  server.route('PATCH', '/v1.0/security/alerts_v2/da6390_-14', graphError(403, 'Forbidden', 'Insufficient privileges to complete the operation.'));
  const result = await runCli(['alert', 'update', 'da6390_-14', '--config', writeConfig(t, server), '--status', 'inProgress'], env);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /defender-siem alert update: cannot update the alert: .*SecurityAlert\.ReadWrite\.All.*Grant admin consent/);
  assert.ok(!(result.stdout + result.stderr).includes(SECRET));
  assert.ok(!(result.stdout + result.stderr).includes('eyJ-test-access-token'), 'no token in the output or the logs');
});

test('bad arguments and ambiguous tenants exit 2 before any request', async (t) => {
  const server = await startServer(t);
  const one = writeConfig(t, server);
  const two = writeConfig(t, server, ['contoso', 'fabrikam']);
  const cases: [string[], RegExp][] = [
    [['incident', 'update', '1', '--config', one], /nothing to do: give at least one of --status/],
    [['incident', 'update', '1', '--config', one, '--status', 'closed'], /status "closed" is not allowed; allowed: active, inProgress, resolved, redirected/],
    [['alert', 'update', '1', '--config', one, '--determination', 'virus'], /allowed: unknown, apt, malware/],
    [['incident', 'update', '1', '--config', two, '--status', 'active'], /2 tenants: choose one with --tenant \(contoso, fabrikam\)/],
    [['incident', 'update', '1', '--config', one, '--tenant', 'nope', '--status', 'active'], /no tenant named "nope"; defined: contoso/],
    [['incident', 'update', '1', '--config', join(tempDir(t), 'missing.yaml'), '--status', 'active'], /cannot read the configuration file/],
    [['incident', 'update', '--config', one], /missing required argument 'id'/],
  ];
  for (const [args, expected] of cases) {
    const result = await runCli(args, env);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, expected);
  }
  assert.equal(server.requestsTo('/v1.0').length, 0);
  assert.equal(server.requests.filter((request) => request.url.includes('/token')).length, 0);
});

test('--tenant picks one of several tenants; --help documents the command', async (t) => {
  const server = await startServer(t);
  server.route('POST', '/v1.0/security/alerts_v2/a1/comments', json(200, { value: [] }));
  const result = await runCli(['alert', 'update', 'a1', '--config', writeConfig(t, server, ['contoso', 'fabrikam']), '--tenant', 'fabrikam', '--comment', 'hello'], env);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /comment added to alert a1 in tenant fabrikam/);
  for (const command of ['incident', 'alert']) {
    const help = await runCli([command, 'update', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, new RegExp(`Usage: defender-siem ${command} update \\[options\\] <id>`));
    assert.match(help.stdout, /--assigned-to <upn>/);
  }
});
