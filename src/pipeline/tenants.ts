import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../telemetry/log.js';
import type { TenantApis } from './build.js';

export interface OpenTenants {
  /** The APIs of the tenant named in the config, opened on first use and shared by its sources. */
  readonly apis: (name: string) => TenantApis;
  close(): Promise<void>;
}

/** Opens API clients lazily, one set per configured tenant. */
export function openTenants(tenants: Config['tenants'], _clock: Clock, _log: Logger): OpenTenants {
  return {
    apis: (name) => {
      const tenant = tenants.find((candidate) => candidate.name === name);
      throw new ConfigError([`tenants: "${tenant?.name ?? name}": the Microsoft API client is not available in this build`]);
    },
    close: async () => {},
  };
}
