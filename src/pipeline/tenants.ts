import type { TokenCredential } from '@azure/event-hubs';
import type { Config } from '../config/schema.js';
import { azureTokenCredential } from '../microsoft/auth/azure-token-credential.js';
import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import { MicrosoftClients } from '../microsoft/tenant-clients.js';
import type { Logger } from '../telemetry/log.js';
import type { TenantApis } from './build.js';

export interface OpenTenants {
  /** The APIs of the tenant named in the config, opened on first use and shared by its sources. */
  readonly apis: (name: string) => TenantApis;
  /** An Azure SDK credential of the tenant for one scope (Event Hubs, Blob Storage), sharing its token cache. */
  readonly credential: (name: string, scope: string) => TokenCredential;
  close(): Promise<void>;
}

/**
 * One set of API clients per configured tenant, built when a source first asks: every source of a
 * tenant draws from the same request budget (Graph allows 150 requests/min per app per tenant,
 * whatever the endpoint). A credential file that cannot be read fails here, at start-up.
 */
export function openTenants(tenants: Config['tenants'], clock: Clock, log: Logger): OpenTenants {
  const clients = new MicrosoftClients(tenants, { clock, log });
  return {
    apis: (name) => {
      const tenant = tenants.find((candidate) => candidate.name === name);
      if (tenant === undefined) throw new ConfigError([`tenants: no tenant named "${name}"`]);
      const { graph, mde, tokens } = clients.forTenant(name);
      return { tenantId: tenant.tenant_id, graph, mde, tokens };
    },
    credential: (name, scope) => azureTokenCredential(clients.forTenant(name).tokens(scope)),
    close: () => clients.close(),
  };
}
