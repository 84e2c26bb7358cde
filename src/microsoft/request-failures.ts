import type { ApiName } from './api.js';
import { MicrosoftApiError } from './errors.js';
import type { ServiceError } from './odata.js';
import { howToGrant, requiredPermission } from './permissions.js';

export interface RequestDescription {
  readonly tenant: string;
  readonly tenantIndex: number;
  readonly clientId: string;
  readonly api: ApiName;
  readonly method: string;
  readonly url: string;
  readonly clientRequestId: string;
}

export type Failure =
  | { kind: 'network'; code: string; cause: unknown }
  | { kind: 'invalid-body'; status: number; detail: string }
  | { kind: 'status'; status: number; retryAfterMs: number | undefined; serviceError: ServiceError; transient: boolean };

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|HOSTNAME|ALTNAME/;

/**
 * A failed request as a `MicrosoftApiError` whose message says what happened and what to do:
 * which permission a 403 needs and how to grant it, the service's own text for a 400, the
 * client-request-id for a support case. The bearer token is never part of it.
 */
export function describeFailure(request: RequestDescription, failure: Failure): MicrosoftApiError {
  const label = `tenant ${request.tenant}: ${apiLabel(request.api)} ${request.method} ${pathAndQuery(request.url)}`;
  const reference = `client-request-id ${request.clientRequestId}`;
  const details = { clientRequestId: request.clientRequestId };
  if (failure.kind === 'network') {
    const tls = TLS_CODES.test(failure.code);
    const hint = tls ? `: the server's TLS certificate is not trusted; if a proxy inspects TLS, add its CA to tenants[${request.tenantIndex}].ca_file` : '';
    return new MicrosoftApiError('ERR_UNAVAILABLE', `${label} failed (${failure.code})${hint} (${reference})`, { ...details, retryable: !tls, cause: failure.cause });
  }
  if (failure.kind === 'invalid-body') {
    return new MicrosoftApiError('ERR_INVALID_RESPONSE', `${label}: HTTP ${failure.status} but ${failure.detail} (${reference})`, { ...details, status: failure.status, retryable: true });
  }
  const { status, serviceError } = failure;
  const said = serviceError.message === undefined ? '' : `; the service said: ${serviceError.code === undefined ? '' : `${serviceError.code}: `}${serviceError.message}`;
  const service = { ...details, status, serviceCode: serviceError.code, serviceMessage: serviceError.message, retryAfterMs: failure.retryAfterMs };
  switch (status) {
    case 401:
      return new MicrosoftApiError(
        'ERR_UNAUTHORIZED',
        `${label}: HTTP 401 twice, the second time with a freshly acquired token: the token is not accepted for this API; check that tenants[${request.tenantIndex}].cloud, graph_host, mde_host and mde_scope name the same cloud${said} (${reference})`,
        { ...service, retryable: false },
      );
    case 403: {
      const permission = requiredPermission(request.api, request.method, request.url);
      const fix =
        permission === undefined
          ? `the app ${request.clientId} lacks a permission this call needs, or its admin consent`
          : `the app ${request.clientId} lacks the application permission ${permission} (or its admin consent): grant it ${howToGrant(request.api, permission, request.clientId)}`;
      return new MicrosoftApiError('ERR_FORBIDDEN', `${label}: HTTP 403 Forbidden: ${fix}${said} (${reference})`, { ...service, retryable: false, permission });
    }
    case 400:
      return new MicrosoftApiError('ERR_BAD_REQUEST', `${label}: HTTP 400 Bad Request${said || ' (no message from the service)'} (${reference})`, { ...service, retryable: false });
    case 404:
      return new MicrosoftApiError('ERR_NOT_FOUND', `${label}: HTTP 404 Not Found${said} (${reference})`, { ...service, retryable: false });
    default: {
      const throttled = status === 429;
      const code = throttled ? 'ERR_THROTTLED' : failure.transient ? 'ERR_UNAVAILABLE' : 'ERR_HTTP';
      const wait = failure.retryAfterMs === undefined ? '' : ` (Retry-After ${Math.round(failure.retryAfterMs / 1000)} s)`;
      return new MicrosoftApiError(code, `${label}: HTTP ${status}${throttled ? ' Too Many Requests' : ''}${wait}${said} (${reference})`, { ...service, retryable: failure.transient });
    }
  }
}

export function describeForeignUrl(tenant: string, api: ApiName, url: string, baseUrl: string, what: string): string {
  return `tenant ${tenant}: ${what} ${safeUrlForLog(url)} is not on ${apiLabel(api)}'s origin ${new URL(baseUrl).origin}: not followed, so the bearer token is never sent elsewhere`;
}

/** A URL without its query (a SAS link's query is its signature) for messages and logs. */
export function safeUrlForLog(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search === '' ? '' : '?…'}`;
  } catch {
    return '(invalid url)';
  }
}

function apiLabel(api: ApiName): string {
  return api === 'graph' ? 'Microsoft Graph' : 'Defender for Endpoint';
}

/** API paths and OData queries hold no secret ($filter, $skiptoken); shown decoded for readability, capped. */
function pathAndQuery(url: string): string {
  try {
    const parsed = new URL(url);
    const text = decodeURIComponent(`${parsed.pathname}${parsed.search}`);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return '(invalid url)';
  }
}
