import type { Config } from '../config/schema.js';
import { CLOUD_HOSTS } from './clouds.js';

/** One entry of the configuration's `tenants:` list. */
export type TenantConfig = Config['tenants'][number];

/** The hosts and scopes a tenant talks to: the cloud's, unless the configuration overrides them. */
export interface TenantEndpoints {
  /** e.g. https://login.microsoftonline.com (no trailing slash). */
  readonly authorityHost: string;
  /** `${authorityHost}/${tenant_id}` */
  readonly authority: string;
  /** Whether the authority host is not one of Microsoft's own (msal must not look it up in Microsoft's instance discovery). */
  readonly customAuthority: boolean;
  readonly graphBaseUrl: string;
  readonly graphScope: string;
  /** Undefined where the cloud has no MDE and no mde_host is configured. */
  readonly mdeBaseUrl: string | undefined;
  readonly mdeScope: string | undefined;
}

export function tenantEndpoints(tenant: TenantConfig): TenantEndpoints {
  const cloud = CLOUD_HOSTS[tenant.cloud];
  const authorityHost = withoutTrailingSlash(tenant.authority_host ?? cloud.authorityHost);
  const graphHost = withoutTrailingSlash(tenant.graph_host ?? cloud.graphHost);
  const mdeHost = tenant.mde_host ?? cloud.mdeHost;
  return {
    authorityHost,
    authority: `${authorityHost}/${encodeURIComponent(tenant.tenant_id)}`,
    customAuthority: tenant.authority_host !== undefined,
    graphBaseUrl: `${graphHost}/v1.0`,
    graphScope: `${graphHost}/.default`,
    mdeBaseUrl: mdeHost === undefined ? undefined : `${withoutTrailingSlash(mdeHost)}/api`,
    mdeScope: tenant.mde_scope ?? cloud.mdeScope,
  };
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
