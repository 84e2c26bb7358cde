import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { TestContext } from 'node:test';
import { Secret } from '../../../src/config/redact.js';
import type { Clock } from '../../../src/core/clock.js';
import { createTenantClients, type TenantClients } from '../../../src/microsoft/tenant-clients.js';
import type { TenantConfig } from '../../../src/microsoft/tenant-config.js';
import type { Logger } from '../../../src/telemetry/log.js';
import { tempDir } from '../../support/temp-dir.js';
import { CLIENT_ID, TENANT_ID } from './entra.js';
import type { ScriptedServer } from './test-server.js';

export const CLIENT_SECRET = 'Xy7~test-client-secret-value-4711';

/** A tenant pointed at the test server for login, Graph and MDE, trusting its certificate through ca_file. */
export function testTenant(t: TestContext, server: ScriptedServer, overrides: Partial<TenantConfig> = {}): TenantConfig {
  const dir = tempDir(t);
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, server.certificatePem);
  return {
    name: 'contoso',
    tenant_id: TENANT_ID,
    client_id: CLIENT_ID,
    client_secret: new Secret(CLIENT_SECRET),
    client_certificate: undefined,
    cloud: 'global',
    authority_host: server.origin,
    graph_host: server.origin,
    mde_host: server.origin,
    mde_scope: 'https://api.securitycenter.microsoft.com/.default',
    ca_file: caFile,
    graph_requests_per_minute: 150,
    mde_requests_per_minute: 100,
    request_timeout_ms: 5_000,
    ...overrides,
  };
}

/** Every log line the code under test wrote, as text (pino JSON at trace level). */
export function capturedLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { log: pino({ level: 'trace' }, sink), lines };
}

/** Clients for the test tenant, closed after the test; deterministic jitter. */
export function testClients(t: TestContext, tenant: TenantConfig, clock: Clock, log: Logger = capturedLogger().log): TenantClients {
  const clients = createTenantClients(tenant, { clock, log, random: () => 0.5 });
  t.after(() => clients.close());
  return clients;
}
