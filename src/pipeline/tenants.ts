import type { TokenCredential } from '@azure/event-hubs';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import { lazyImport } from '../core/lazy-import.js';
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
 * The configured tenants' API clients (see openTenantApis). A configuration without a `tenants:`
 * section never loads the Microsoft clients (msal, undici): nothing can ask for them.
 */
export async function openTenants(tenants: Config['tenants'], clock: Clock, log: Logger): Promise<OpenTenants> {
  if (tenants.length === 0) return NO_TENANTS;
  const { openTenantApis } = await lazyImport('the Microsoft API clients (for the tenants: section)', () => import('./tenant-apis.js'));
  return openTenantApis(tenants, clock, log);
}

/** A source or section names a tenant the `tenants:` section does not define. */
export function noTenant(name: string): never {
  throw new ConfigError([`tenants: no tenant named "${name}"`]);
}

const NO_TENANTS: OpenTenants = { apis: noTenant, credential: noTenant, close: async () => undefined };
