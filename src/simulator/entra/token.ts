import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../server/router.js';
import { readBody, type Reply } from '../server/respond.js';
import type { TokenIssuer } from './access-token.js';
import type { AppRegistration } from './apps.js';
import { verifyAssertion } from './assertion.js';
import type { Audience } from './roles.js';

/** The resource of Event Hubs tokens (scope `https://eventhubs.azure.net/.default`), also their `aud`. */
export const EVENT_HUBS_RESOURCE = 'https://eventhubs.azure.net';
/** The resource of Blob Storage tokens (scope `https://storage.azure.com/.default`), also their `aud`. */
export const STORAGE_RESOURCE = 'https://storage.azure.com';
import { tokenError, type OAuthError } from './token-errors.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface EntraDirectory {
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly issuer: TokenIssuer;
  /** The tenant a path segment (tenant id or its domain) names, with its one app. */
  tenant(segment: string): { readonly id: string; readonly app: AppRegistration } | undefined;
  /** expires_in of issued tokens (3599, or the token_expiry fault). */
  readonly tokenLifetimeSeconds: number;
}

/**
 * `POST /{tenant}/oauth2/v2.0/token`, the client credentials grant (§1.1–1.6): a secret in the
 * form or in HTTP Basic, or a certificate assertion; a token for the one resource of `scope`.
 * Every refusal carries the error and AADSTS code the real endpoint gives for that mistake.
 */
export async function tokenEndpoint(ctx: RequestContext, directory: EntraDirectory): Promise<Reply> {
  const now = directory.clock.now();
  const fail = (status: 400 | 401, error: OAuthError, code: number, text: string): Reply => tokenError(ctx, directory.baseUrl, now, status, error, code, text);
  const segment = ctx.params.tenant ?? '';
  const tenant = directory.tenant(segment);
  if (!tenant) {
    return fail(400, 'invalid_request', 90002, `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
  const form = new URLSearchParams(await readBody(ctx.req));
  const basic = basicCredentials(ctx.req.headers.authorization);
  const grantType = form.get('grant_type');
  if (!grantType) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
  if (grantType !== 'client_credentials') return fail(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  const clientId = form.get('client_id') ?? basic?.clientId;
  if (!clientId) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  const scope = form.get('scope');
  if (!scope) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  const scopes = scope.split(' ').filter((item) => item.length > 0);
  if (scopes.length !== 1 || !scopes[0]!.endsWith('/.default')) {
    const code = scopes.length > 1 ? 700022 : 70011;
    return fail(400, 'invalid_scope', code, `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`);
  }
  const resource = scopes[0]!.slice(0, -'/.default'.length);
  const audience = audienceOf(resource, directory.baseUrl);
  if (!audience) {
    return fail(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${tenant.id}. This can happen if the application has not been installed by the administrator of the tenant.`);
  }
  const app = tenant.app;
  if (clientId !== app.clientId) {
    return fail(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant.id}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
  }
  const assertion = form.get('client_assertion');
  const assertionType = form.get('client_assertion_type');
  const secret = form.get('client_secret') ?? basic?.secret;
  if (assertion !== null || assertionType !== null) {
    if (assertionType !== JWT_BEARER) return fail(400, 'invalid_request', 7000216, "'client_assertion_type' must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.");
    if (!assertion) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_assertion'.");
    const endpoints = [`${directory.baseUrl}/${segment}/oauth2/v2.0/token`, `${directory.baseUrl}/${tenant.id}/oauth2/v2.0/token`];
    const check = await verifyAssertion(assertion, app, endpoints);
    if (!check.ok) return fail(401, 'invalid_client', check.code, check.text);
  } else if (secret === undefined || secret === null) {
    return fail(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  } else if (!sameText(secret, app.clientSecret)) {
    return fail(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`);
  }
  const lifetime = directory.tokenLifetimeSeconds;
  return {
    status: 200,
    headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
    json: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: await directory.issuer.issue(app, audience, lifetime) },
  };
}

/**
 * Which API a resource names: the simulator's own origin (or the real Graph id) is Graph;
 * anything naming the WindowsDefenderATP resource (`securitycenter`) is Defender for Endpoint.
 */
function audienceOf(resource: string, baseUrl: string): Audience | undefined {
  const trimmed = resource.replace(/\/+$/, '');
  if (trimmed === baseUrl || trimmed === 'https://graph.microsoft.com' || trimmed === '00000003-0000-0000-c000-000000000000') return 'graph';
  if (trimmed.includes('securitycenter') || trimmed === `${baseUrl}/api` || trimmed === 'fc780465-2017-40d4-a0c5-307022471b92') return 'mde';
  if (trimmed === EVENT_HUBS_RESOURCE) return 'eventhubs';
  if (trimmed === STORAGE_RESOURCE) return 'storage';
  return undefined;
}

function basicCredentials(header: string | undefined): { clientId: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
  return { clientId: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
