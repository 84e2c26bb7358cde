import type { Clock } from '../core/clock.js';
import type { DataHandler, DataRequest } from './data-request.js';
import type { TokenCheck, TokenIssuer } from './entra/access-token.js';
import { hasAnyRole, type Audience } from './entra/roles.js';
import { graphError, mdeError } from './errors.js';
import type { Faults, InjectedFault } from './faults.js';
import type { Limit, RateLimiter } from './rate-limit.js';
import type { RequestContext } from './server/router.js';
import { sendReply, type Reply } from './server/respond.js';
import type { World } from './world/world.js';

/** A Graph or MDE endpoint with what guards it: its API (token audience), roles and request budget. */
export interface DataRoute {
  readonly api: Audience;
  /** Any one of these app roles admits the caller. */
  readonly roles: readonly string[];
  /** Rate-limit key within the tenant, and its limits. */
  readonly budget: string;
  readonly limits: readonly Limit[];
  readonly handler: DataHandler;
}

export interface GatewayDeps {
  readonly world: World;
  readonly issuer: TokenIssuer;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly baseUrl: string;
  readonly faults: Faults;
}

/**
 * Everything a data request goes through before and after its endpoint, in the order the real
 * services apply it: the bearer token (signature, expiry on the clock, audience), the injected
 * first-N 401/403 faults, the app roles, the tenant's rate limit, the random throttle/5xx faults;
 * then the endpoint, then the injected latency and body truncation.
 */
export async function serveData(ctx: RequestContext, route: DataRoute, deps: GatewayDeps): Promise<void> {
  const reply = await guardedReply(ctx, route, deps);
  if (deps.faults.latency) await deps.clock.sleep(deps.faults.latency, new AbortController().signal);
  const tenant = reply.tenantId === undefined ? undefined : deps.world.tenantById(reply.tenantId);
  const cut = reply.reply.status === 200 && reply.reply.json !== undefined && tenant !== undefined && tenant.faults.truncates();
  sendReply(ctx.res, reply.reply, cut);
}

async function guardedReply(ctx: RequestContext, route: DataRoute, deps: GatewayDeps): Promise<{ reply: Reply; tenantId?: string }> {
  const error = route.api === 'graph' ? (status: number, code: string, message: string, headers?: Record<string, string>) => graphError(ctx, deps.clock.now(), status, code, message, headers) : (status: number, code: string, message: string, headers?: Record<string, string>) => mdeError(ctx, status, code, message, headers);
  const check = await deps.issuer.check(ctx.req.headers.authorization, route.api);
  if (!check.ok) return { reply: unauthorized(error, route.api, check, deps.baseUrl) };
  const tenant = deps.world.tenantById(check.claims.tenantId);
  if (!tenant) return { reply: error(401, route.api === 'graph' ? 'InvalidAuthenticationToken' : 'Unauthorized', 'The token names an unknown tenant.') };
  const tenantId = tenant.tenant.id;
  const first = tenant.faults.firstRequests();
  if (first) return { reply: injected(error, route.api, first), tenantId };
  if (!hasAnyRole(check.claims.roles, route.roles)) {
    const message =
      route.api === 'graph'
        ? `Missing application roles. API required roles: ${route.roles.join(', ')}.`
        : `The application does not have any of the required application permissions (${route.roles.join(', ')}) to access the resource.`;
    return { reply: error(403, 'Forbidden', message), tenantId };
  }
  const admitted = deps.limiter.take(`${tenantId}/${route.budget}`, route.limits);
  if (!admitted.ok) return { reply: throttled(error, route.api, admitted.retryAfterSeconds), tenantId };
  const random = tenant.faults.random();
  if (random) return { reply: injected(error, route.api, random), tenantId };
  const request: DataRequest = { ctx, world: deps.world, tenant, claims: check.claims, baseUrl: deps.baseUrl, clock: deps.clock, faults: deps.faults };
  return { reply: await route.handler(request), tenantId };
}

type ErrorReply = (status: number, code: string, message: string, headers?: Record<string, string>) => Reply;

const UNAUTHORIZED_MESSAGES: Readonly<Record<Exclude<TokenCheck, { ok: true }>['reason'], string>> = {
  missing: 'Access token is empty.',
  malformed: 'Access token validation failure. Invalid signature or malformed token.',
  expired: 'Lifetime validation failed, the token is expired.',
  audience: 'Access token validation failure. Invalid audience.',
};

function unauthorized(error: ErrorReply, api: Audience, check: Exclude<TokenCheck, { ok: true }>, baseUrl: string): Reply {
  const challenge = { 'www-authenticate': `Bearer realm="", authorization_uri="${baseUrl}/common/oauth2/authorize", error="invalid_token"` };
  return error(401, api === 'graph' ? 'InvalidAuthenticationToken' : 'Unauthorized', UNAUTHORIZED_MESSAGES[check.reason], challenge);
}

function throttled(error: ErrorReply, api: Audience, seconds: number): Reply {
  const message = api === 'graph' ? 'Too many requests. Please retry after the time specified in the Retry-After header.' : `API calls quota exceeded! Retry after ${seconds} seconds.`;
  return error(429, 'TooManyRequests', message, { 'retry-after': String(seconds) });
}

function injected(error: ErrorReply, api: Audience, fault: InjectedFault): Reply {
  switch (fault.kind) {
    case 'unauthorized':
      return error(401, api === 'graph' ? 'InvalidAuthenticationToken' : 'Unauthorized', 'The access token has been revoked.');
    case 'forbidden':
      return error(403, api === 'graph' ? 'Forbidden' : 'Forbidden', 'The caller is not authorized to access this resource at this time.');
    case 'throttle':
      return throttled(error, api, fault.retryAfterSeconds);
    case 'error': {
      const codes = { 500: 'InternalServerError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout' } as const;
      const headers = fault.status === 503 ? { 'retry-after': '2' } : undefined;
      return error(fault.status, api === 'graph' && fault.status === 500 ? 'UnknownError' : codes[fault.status], 'The service encountered an error; try again later.', headers);
    }
  }
}
