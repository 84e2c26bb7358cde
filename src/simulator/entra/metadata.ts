import type { RequestContext } from '../server/router.js';
import type { Reply } from '../server/respond.js';
import type { JWK } from 'jose';

/**
 * What MSAL fetches before asking for a token: the tenant's OpenID configuration (its
 * token_endpoint is where the token request goes, and is the `aud` of client assertions) and,
 * unless the host is a known authority, the instance discovery document.
 */
export function openIdConfiguration(baseUrl: string, tenantId: string): Reply {
  const root = `${baseUrl}/${tenantId}`;
  return {
    status: 200,
    json: {
      token_endpoint: `${root}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${root}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${root}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
      authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${root}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'roles'],
      tenant_region_scope: 'EU',
      cloud_instance_name: new URL(baseUrl).host,
      cloud_graph_host_name: new URL(baseUrl).host,
      msgraph_host: new URL(baseUrl).host,
      rbac_url: baseUrl,
    },
  };
}

export function instanceDiscovery(ctx: RequestContext, baseUrl: string): Reply {
  const host = new URL(baseUrl).host;
  return {
    status: 200,
    json: {
      tenant_discovery_endpoint: `${baseUrl}/{tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': ctx.url.searchParams.get('api-version') ?? '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
  };
}

export function signingKeys(jwk: JWK): Reply {
  return { status: 200, json: { keys: [jwk] } };
}
