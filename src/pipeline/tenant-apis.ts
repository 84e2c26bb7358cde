import type { Config } from '../config/schema.js';
import { azureTokenCredential } from '../microsoft/auth/azure-token-credential.js';
import type { Clock } from '../core/clock.js';
import { MicrosoftClients } from '../microsoft/tenant-clients.js';
import type { Logger } from '../telemetry/log.js';
import { noTenant, type OpenTenants } from './tenants.js';

/**
 * One set of API clients per configured tenant, built when a source first asks: every source of a
 * tenant draws from the same request budget (Graph allows 150 requests/min per app per tenant,
 * whatever the endpoint). A credential file that cannot be read fails here, at start-up.
 * Loaded by openTenants only when the configuration has tenants: it brings msal and undici.
 */
export function openTenantApis(tenants: Config['tenants'], clock: Clock, log: Logger): OpenTenants {
  const clients = new MicrosoftClients(tenants, { clock, log });
  return {
    apis: (name) => {
      const tenant = tenants.find((candidate) => candidate.name === name);
      if (tenant === undefined) return noTenant(name);
      const { graph, mde, tokens } = clients.forTenant(name);
      return { tenantId: tenant.tenant_id, graph, mde, tokens };
    },
    credential: (name, scope) => azureTokenCredential(clients.forTenant(name).tokens(scope)),
    close: () => clients.close(),
  };
}
