/**
 * OData response shapes of Graph and MDE: collection pages and error bodies. Parsing is strict
 * where the connector depends on it (`value` must be an array) and lenient elsewhere.
 */
export interface ParsedPage {
  readonly items: readonly unknown[];
  readonly nextLink: string | undefined;
}

export class InvalidBodyError extends Error {}

/** JSON.parse that reports a truncated or non-JSON body as InvalidBodyError (retried by the client). */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidBodyError(`the response body is not valid JSON (${text.length} characters; truncated?)`);
  }
}

export function parsePage(body: unknown): ParsedPage {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { value?: unknown }).value)) {
    throw new InvalidBodyError('the response is not an OData collection (no "value" array)');
  }
  const record = body as { value: unknown[]; '@odata.nextLink'?: unknown };
  const next = record['@odata.nextLink'];
  return { items: record.value, nextLink: typeof next === 'string' && next !== '' ? next : undefined };
}

export interface ServiceError {
  /** Graph's `error.code` (may be empty) or MDE's. */
  readonly code: string | undefined;
  readonly message: string | undefined;
  /** MDE's `error.target` or Graph's innerError request-id: the service's correlation id. */
  readonly requestId: string | undefined;
}

/** `{ "error": { "code", "message", "target"?, "innerError"? } }`, or nothing useful. */
export function parseServiceError(text: string): ServiceError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { code: undefined, message: undefined, requestId: undefined };
  }
  const error = (body as { error?: unknown } | null)?.error;
  if (error === null || typeof error !== 'object') return { code: undefined, message: undefined, requestId: undefined };
  const fields = error as { code?: unknown; message?: unknown; target?: unknown; innerError?: { 'request-id'?: unknown } };
  const requestId = fields.innerError?.['request-id'] ?? fields.target;
  return {
    code: typeof fields.code === 'string' && fields.code !== '' ? fields.code : undefined,
    message: typeof fields.message === 'string' ? fields.message.slice(0, 1_000) : undefined,
    requestId: typeof requestId === 'string' ? requestId : undefined,
  };
}

/** Resolves a relative path under the API base (`security/incidents` or `/security/incidents`), or checks an absolute URL's origin. */
export function resolveUrl(baseUrl: string, pathOrUrl: string): string {
  if (/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl;
  return `${baseUrl}/${pathOrUrl.replace(/^\/+/, '')}`;
}

export function sameOrigin(url: string, baseUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}
