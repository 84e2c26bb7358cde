import { json, type Reply, type ScriptedServer } from './test-server.js';

export const TENANT_ID = '0b7e4f3c-6a2d-4c11-8e5f-2d9a1c7b3e40';
export const CLIENT_ID = '5d0c7e2a-3b61-4f4e-9a1d-7c2b8e90aa11';

/** A token value that is easy to search for in logs and messages. */
export function tokenValue(serial: number): string {
  return `eyJ-test-access-token-${serial}-do-not-log`;
}

export interface EntraScript {
  /** Token requests seen (form fields). */
  readonly tokenRequests: URLSearchParams[];
  /** Tokens issued so far, in order. */
  readonly issued: string[];
}

/**
 * Plays Entra ID for one tenant: the OpenID discovery document msal reads, and a token endpoint
 * issuing a new distinct token per request (or the scripted replies, e.g. an AADSTS error).
 */
export function scriptEntra(server: ScriptedServer, ...tokenReplies: Reply[]): EntraScript {
  const script: EntraScript = { tokenRequests: [], issued: [] };
  const base = `${server.origin}/${TENANT_ID}`;
  server.route('GET', `/${TENANT_ID}/v2.0/.well-known/openid-configuration`, json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    issuer: `${base}/v2.0`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
  }));
  const issue: Reply = (request, response) => {
    const serial = script.issued.length + 1;
    const token = tokenValue(serial);
    script.issued.push(token);
    json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token })(request, response);
  };
  const record = (reply: Reply): Reply => (request, response) => {
    script.tokenRequests.push(new URLSearchParams(request.body));
    return reply(request, response);
  };
  const replies = tokenReplies.length === 0 ? [issue] : [...tokenReplies];
  server.route('POST', `/${TENANT_ID}/oauth2/v2.0/token`, ...replies.map(record));
  return script;
}

/** The token endpoint's reply that issues a token (to put after scripted failures). */
export function issueToken(script: EntraScript): Reply {
  return (request, response) => {
    const token = tokenValue(script.issued.length + 1);
    script.issued.push(token);
    json(200, { token_type: 'Bearer', expires_in: 3599, access_token: token })(request, response);
  };
}

/** An Entra error body as the token endpoint sends it (§1.6). */
export function entraError(status: number, error: string, aadsts: number, description: string): Reply {
  return json(status, {
    error,
    error_description: `AADSTS${aadsts}: ${description} Trace ID: 6f1b2c3d-0000 Correlation ID: 9a8b7c6d-1111 Timestamp: 2026-01-05 09:12:44Z`,
    error_codes: [aadsts],
    timestamp: '2026-01-05 09:12:44Z',
    trace_id: '6f1b2c3d-0000',
    correlation_id: '9a8b7c6d-1111',
    error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
  });
}
