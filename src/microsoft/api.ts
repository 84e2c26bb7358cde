import type { Readable } from 'node:stream';

/**
 * The contract between the Microsoft collectors (sources/graph, sources/mde, the write-back
 * commands) and the HTTP layer that talks to Microsoft. One client per (tenant, API). The client
 * owns everything a caller must never get wrong: the bearer token and its refresh, TLS, the
 * per-tenant request budget, retries (429/503 Retry-After, 5xx and network errors with backoff
 * and jitter, truncated JSON), and the same-origin rule for `@odata.nextLink`. Callers see either
 * data or a `MicrosoftApiError` whose message names the cause and the fix.
 */
export type ApiName = 'graph' | 'mde';

export interface ODataPage {
  /** The `value` array of the page, each element as parsed JSON. */
  readonly items: readonly unknown[];
  /** The URL this page was read from (for logs). */
  readonly url: string;
  /** The absolute `@odata.nextLink`, already checked to be on the API's own origin. */
  readonly nextLink: string | undefined;
}

export interface RequestOptions {
  /**
   * Extra budget to draw from besides the API's own (MDE rate limits are per endpoint, e.g.
   * `mde:export` at 5/min): a key the client knows, see budgets.ts.
   */
  readonly budget?: string;
  /**
   * Attempts allowed for a 5xx answer, instead of the client's default (about a minute of
   * backoff). A caller with a cheaper way around a failing request (the incidents source's
   * fallback for `$expand=alerts`) gives up early; 429s are always waited out in full.
   */
  readonly serverErrorAttempts?: number;
}

export interface ApiClient {
  readonly api: ApiName;
  /** The tenant's name in the configuration (for logs and metrics). */
  readonly tenant: string;
  /** e.g. https://graph.microsoft.com/v1.0 or https://api.security.microsoft.com/api — relative paths resolve under it. */
  readonly baseUrl: string;
  /** GET one JSON document. */
  getJson(pathOrUrl: string, signal: AbortSignal, options?: RequestOptions): Promise<unknown>;
  /**
   * The pages of an OData collection, from `pathOrUrl` along `@odata.nextLink` (same origin
   * only; a foreign origin is an error, never followed). The next page is requested only when the
   * caller asks for it, so a caller commits a page before the next one is fetched.
   */
  pages(pathOrUrl: string, signal: AbortSignal, options?: RequestOptions): AsyncIterable<ODataPage>;
  /** PATCH or POST a JSON body; resolves to the parsed response (undefined for 204). */
  send(method: 'PATCH' | 'POST', path: string, body: unknown, signal: AbortSignal): Promise<unknown>;
  /**
   * GET a file without the bearer token (export files are pre-signed SAS URLs on another
   * host), as a byte stream that is never held whole in memory. Retries transient failures
   * before the first byte; a 403 from an expired link is a `MicrosoftApiError` with code
   * `ERR_LINK_EXPIRED` so the caller asks for fresh links.
   */
  download(url: string, signal: AbortSignal): Promise<Readable>;
}
