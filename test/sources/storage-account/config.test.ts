import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/core/errors.js';
import { TenantTokenCredential } from '../../../src/sources/storage-account/token-credential.js';
import { tempDir } from '../../support/temp-dir.js';

const SINK = 'sinks: [{ name: o, type: file, path: out.ndjson }]';
const TENANT = 'tenants: [{ name: t1, tenant_id: 0b7e4f3c-6a2d-4c11-8e5f-2d9a1c7b3e40, client_id: app, client_secret: s }]';

function load(dir: string, text: string, env: Record<string, string> = {}) {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, `storage: { path: db }\n${text}\n${SINK}\n`);
  return loadConfig(file, env);
}

function issues(dir: string, text: string): string {
  try {
    load(dir, text);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues.join('\n');
  }
  assert.fail('accepted');
}

test('config: storage_account and leadership take a connection string (inline or _file, redacted) or account_url + tenant', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'cs.txt'), 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net\n');
  const config = load(dir, `${TENANT}
leadership: { account_url: "https://acct.blob.core.windows.net", tenant: t1 }
sources:
  - { name: sa, type: storage_account, connection_string_file: cs.txt, containers: [insights-logs-advancedhunting-deviceevents] }`);
  const source = config.sources[0]!;
  assert.equal(source.type, 'storage_account');
  if (source.type !== 'storage_account') return;
  assert.match(source.connection_string!.reveal(), /AccountKey=c2VjcmV0/);
  assert.doesNotMatch(inspect(config, { depth: 10 }) + JSON.stringify(config), /c2VjcmV0/);
  assert.equal(source.lookback_hours, 24);
  assert.equal(source.close_after_ms, 3_600_000);
  assert.equal(config.leadership!.lease_duration_ms, 30_000);
  assert.equal(config.leadership!.container, 'defender-siem-leadership');

  assert.match(issues(dir, 'sources: [{ name: sa, type: storage_account }]'), /connection_string: give either connection_string/);
  assert.match(issues(dir, `${TENANT}\nsources: [{ name: sa, type: storage_account, account_url: "https://a.blob.core.windows.net" }]`), /tenant: Entra authentication needs both/);
  assert.match(issues(dir, 'sources: [{ name: sa, type: storage_account, connection_string: x, containers: [Bad_Name] }]'), /containers\[0\]: must be a storage container name/);
  assert.match(issues(dir, 'leadership: { connection_string: x, lease_duration_ms: 90000 }\nsources: [{ name: sa, type: storage_account, connection_string: x }]'), /lease_duration_ms/);
  assert.match(issues(dir, 'leadership: { account_url: "https://a.blob.core.windows.net", tenant: nobody }\nsources: [{ name: sa, type: storage_account, connection_string: x }]'), /leadership\.tenant: no tenant named "nobody"/);
});

test('storage auth with Entra: the tenant app\'s token, with the SDK\'s abort signal bridged', async () => {
  const seen: AbortSignal[] = [];
  const credential = new TenantTokenCredential({ scope: 'https://storage.azure.com/.default', getToken: async (signal) => (seen.push(signal), 'tok'), invalidate: () => undefined });
  const token = await credential.getToken('https://storage.azure.com/.default');
  assert.equal(token?.token, 'tok');
  assert.ok(token!.expiresOnTimestamp > Date.now());
  const controller = new AbortController();
  await credential.getToken('https://storage.azure.com/.default', { abortSignal: controller.signal });
  controller.abort();
  assert.equal(seen[1]!.aborted, false, 'listener removed once the token came');
});
