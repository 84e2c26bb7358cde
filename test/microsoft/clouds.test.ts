import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';
import { tenantEndpoints } from '../../src/microsoft/tenant-config.js';
import { tempDir } from '../support/temp-dir.js';

function tenant(dir: string, extra: string, sources = '[{ name: f, type: file, stream: alert, path: in.ndjson }]') {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    `storage: { path: db }
tenants: [{ name: t, tenant_id: 0b7e4f3c-6a2d-4c11-8e5f-2d9a1c7b3e40, client_id: c, client_secret: s${extra} }]
sources: ${sources}
sinks: [{ name: o, type: stdout }]
`,
  );
  return loadConfig(file, {});
}

test('each national cloud takes its login, Graph and MDE hosts and scopes from one row', (t) => {
  const dir = tempDir(t);
  const expected = {
    global: ['https://login.microsoftonline.com', 'https://graph.microsoft.com/v1.0', 'https://graph.microsoft.com/.default', 'https://api.security.microsoft.com/api', 'https://api.securitycenter.microsoft.com/.default'],
    gcc: ['https://login.microsoftonline.com', 'https://graph.microsoft.com/v1.0', 'https://graph.microsoft.com/.default', 'https://api-gcc.securitycenter.microsoft.us/api', 'https://api-gcc.securitycenter.microsoft.us/.default'],
    gcc_high: ['https://login.microsoftonline.us', 'https://graph.microsoft.us/v1.0', 'https://graph.microsoft.us/.default', 'https://api-gov.securitycenter.microsoft.us/api', 'https://api-gov.securitycenter.microsoft.us/.default'],
    dod: ['https://login.microsoftonline.us', 'https://dod-graph.microsoft.us/v1.0', 'https://dod-graph.microsoft.us/.default', 'https://api-gov.securitycenter.microsoft.us/api', 'https://api-gov.securitycenter.microsoft.us/.default'],
    china: ['https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn/v1.0', 'https://microsoftgraph.chinacloudapi.cn/.default', undefined, undefined],
  } as const;
  for (const [cloud, [authority, graph, graphScope, mde, mdeScope]] of Object.entries(expected)) {
    const endpoints = tenantEndpoints(tenant(dir, `, cloud: ${cloud}`).tenants[0]!);
    assert.deepEqual(
      [endpoints.authorityHost, endpoints.graphBaseUrl, endpoints.graphScope, endpoints.mdeBaseUrl, endpoints.mdeScope],
      [authority, graph, graphScope, mde, mdeScope],
      cloud,
    );
    assert.equal(endpoints.authority, `${authority}/0b7e4f3c-6a2d-4c11-8e5f-2d9a1c7b3e40`);
  }
});

test('host overrides win (a regional MDE host, the simulator); plain http is refused', (t) => {
  const dir = tempDir(t);
  const endpoints = tenantEndpoints(tenant(dir, ', mde_host: https://eu.api.security.microsoft.com').tenants[0]!);
  assert.equal(endpoints.mdeBaseUrl, 'https://eu.api.security.microsoft.com/api');
  assert.equal(endpoints.mdeScope, 'https://api.securitycenter.microsoft.com/.default', 'the token is still for the WindowsDefenderATP resource');
  assert.throws(() => tenant(dir, ', graph_host: http://graph.example'), (error: unknown) => error instanceof ConfigError && /tenants\[0\]\.graph_host: must be an https:\/\/ URL/.test(error.message));
});

test('the China cloud has no Graph security API and no MDE: API sources there are config errors', (t) => {
  const dir = tempDir(t);
  assert.throws(
    () => tenant(dir, ', cloud: china', '[{ name: i, type: graph_incidents, tenant: t }]'),
    (error: unknown) => error instanceof ConfigError && /sources\[0\]\.type: graph_incidents is not available in the China \(21Vianet\) cloud/.test(error.message),
  );
});
