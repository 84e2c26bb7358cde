import type { Clock } from '../core/clock.js';
import type { Logger } from '../telemetry/log.js';
import type { ApiClient } from './api.js';
import { MicrosoftApiClient } from './api-client.js';
import { TenantTokens, type ExpiringTokenProvider } from './auth/token-provider.js';
import { ENDPOINT_BUDGETS, perMinute, RequestBudget } from './budget.js';
import { DEFAULT_CLIENT_RETRY, type ClientRetryPolicy } from './retry-policy.js';
import { tenantEndpoints, type TenantConfig } from './tenant-config.js';
import { createAgent } from './tls.js';

export interface TenantClientOptions {
  readonly clock: Clock;
  readonly log: Logger;
  /** The tenant's position in `tenants:`, for messages naming the key to fix (default 0). */
  readonly tenantIndex?: number;
  readonly retry?: ClientRetryPolicy;
  /** Jitter source (tests make it deterministic). */
  readonly random?: () => number;
}

/** The API clients of one tenant; `mde` is undefined where the cloud has no Defender for Endpoint API. */
export interface TenantClients {
  readonly tenant: string;
  readonly graph: ApiClient;
  readonly mde: ApiClient | undefined;
  /** Tokens of the tenant's app for another resource (storage), from the same msal cache. */
  readonly tokens: (scope: string) => ExpiringTokenProvider;
  /** Closes the tenant's connections (in-flight requests fail). */
  close(): Promise<void>;
}

/**
 * Builds a tenant's Graph and MDE clients: one connection pool and one msal application (token
 * cache) for both, one request budget per API. Reads the credential files now, so a wrong path or
 * password fails here (MicrosoftCredentialError) rather than on the first request.
 */
export function createTenantClients(tenant: TenantConfig, options: TenantClientOptions): TenantClients {
  const index = options.tenantIndex ?? 0;
  const endpoints = tenantEndpoints(tenant);
  const agent = createAgent({ caFile: tenant.ca_file, timeoutMs: tenant.request_timeout_ms });
  const tokens = new TenantTokens(tenant, index, endpoints, agent, tenant.request_timeout_ms);
  const log = options.log.child({ component: 'microsoft', tenant: tenant.name });
  const common = {
    tenant: tenant.name,
    tenantIndex: index,
    clientId: tenant.client_id,
    agent,
    clock: options.clock,
    log,
    timeoutMs: tenant.request_timeout_ms,
    retry: options.retry ?? DEFAULT_CLIENT_RETRY,
    ...(options.random === undefined ? {} : { random: options.random }),
  };
  const graph = new MicrosoftApiClient({
    ...common,
    api: 'graph',
    baseUrl: endpoints.graphBaseUrl,
    tokens: tokens.forScope(endpoints.graphScope),
    budget: new RequestBudget(`${tenant.name}:graph`, perMinute(tenant.graph_requests_per_minute)),
    endpointBudgets: new Map(),
  });
  const mde =
    endpoints.mdeBaseUrl === undefined || endpoints.mdeScope === undefined
      ? undefined
      : new MicrosoftApiClient({
          ...common,
          api: 'mde',
          baseUrl: endpoints.mdeBaseUrl,
          tokens: tokens.forScope(endpoints.mdeScope),
          budget: new RequestBudget(`${tenant.name}:mde`, perMinute(tenant.mde_requests_per_minute)),
          endpointBudgets: new Map(Object.entries(ENDPOINT_BUDGETS).map(([name, windows]) => [name, new RequestBudget(`${tenant.name}:${name}`, windows)])),
        });
  return { tenant: tenant.name, graph, mde, tokens: (scope) => tokens.forScope(scope), close: () => agent.close() };
}

/**
 * The clients of every configured tenant, built on first use and then shared: all Graph callers
 * of a tenant (incidents, alerts, write-back) draw from one budget, as Microsoft counts per app
 * per tenant.
 */
export class MicrosoftClients {
  readonly #built = new Map<string, TenantClients>();

  constructor(
    private readonly tenants: readonly TenantConfig[],
    private readonly options: Omit<TenantClientOptions, 'tenantIndex'>,
  ) {}

  forTenant(name: string): TenantClients {
    const existing = this.#built.get(name);
    if (existing !== undefined) return existing;
    const index = this.tenants.findIndex((tenant) => tenant.name === name);
    if (index < 0) throw new RangeError(`no tenant named "${name}"; defined: ${this.tenants.map((tenant) => tenant.name).join(', ') || 'none'}`);
    const clients = createTenantClients(this.tenants[index]!, { ...this.options, tenantIndex: index });
    this.#built.set(name, clients);
    return clients;
  }

  async close(): Promise<void> {
    const all = [...this.#built.values()];
    this.#built.clear();
    await Promise.all(all.map((clients) => clients.close()));
  }
}
