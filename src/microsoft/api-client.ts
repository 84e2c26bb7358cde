import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../telemetry/log.js';
import type { ApiClient, ApiName, ODataPage, RequestOptions } from './api.js';
import type { TokenProvider } from './auth/token-provider.js';
import { acquireBudgets, type RequestBudget } from './budget.js';
import { MicrosoftApiError, MicrosoftAuthError } from './errors.js';
import { discard, exchangeStream, exchangeText, networkCode, type HttpTextResponse } from './http.js';
import { InvalidBodyError, parseJsonBody, parsePage, parseServiceError, resolveUrl, sameOrigin } from './odata.js';
import { describeFailure, describeForeignUrl, safeUrlForLog, type RequestDescription } from './request-failures.js';
import { isTransientStatus, parseRetryAfter, retryDelayMs, type ClientRetryPolicy } from './retry-policy.js';

export interface ApiClientOptions {
  readonly api: ApiName;
  readonly tenant: string;
  readonly tenantIndex: number;
  readonly clientId: string;
  readonly baseUrl: string;
  readonly tokens: TokenProvider;
  readonly agent: Dispatcher;
  readonly clock: Clock;
  readonly log: Logger;
  readonly timeoutMs: number;
  readonly retry: ClientRetryPolicy;
  /** The tenant's budget for this API (shared by every caller of the tenant). */
  readonly budget: RequestBudget;
  /** Named per-endpoint budgets (`RequestOptions.budget`). */
  readonly endpointBudgets: ReadonlyMap<string, RequestBudget>;
  readonly random?: () => number;
}

type Method = 'GET' | 'POST' | 'PATCH';

/** The outcome of one attempt: a parsed body, or a failure the loop retries or throws. */
type Attempt = { ok: true; body: unknown } | { ok: false; error: MicrosoftApiError; reauthorize?: boolean };

/**
 * `ApiClient` over undici for one (tenant, API): budget → token → request → classify. Transient
 * failures are retried here (bounded); 400/401/403/404 are not — the calling source decides, on
 * its own long backoff, so a permission granted later recovers collection without a restart.
 */
export class MicrosoftApiClient implements ApiClient {
  readonly api: ApiName;
  readonly tenant: string;
  readonly baseUrl: string;

  constructor(private readonly options: ApiClientOptions) {
    this.api = options.api;
    this.tenant = options.tenant;
    this.baseUrl = options.baseUrl;
  }

  async getJson(pathOrUrl: string, signal: AbortSignal, options?: RequestOptions): Promise<unknown> {
    return this.#request('GET', this.#url(pathOrUrl), undefined, signal, options);
  }

  async *pages(pathOrUrl: string, signal: AbortSignal, options?: RequestOptions): AsyncIterable<ODataPage> {
    let url: string | undefined = this.#url(pathOrUrl);
    while (url !== undefined) {
      const body = await this.#request('GET', url, undefined, signal, options);
      let page;
      try {
        page = parsePage(body);
      } catch (error) {
        throw new MicrosoftApiError('ERR_INVALID_RESPONSE', `tenant ${this.tenant}: ${this.#label('GET', url)}: ${(error as Error).message}`, { status: 200, retryable: false });
      }
      if (page.nextLink !== undefined && !sameOrigin(page.nextLink, this.baseUrl)) {
        throw new MicrosoftApiError('ERR_FOREIGN_NEXT_LINK', describeForeignUrl(this.tenant, this.api, page.nextLink, this.baseUrl, 'an @odata.nextLink'), { retryable: false });
      }
      yield { items: page.items, url, nextLink: page.nextLink };
      url = page.nextLink;
    }
  }

  async send(method: 'PATCH' | 'POST', path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    return this.#request(method, this.#url(path), JSON.stringify(body), signal, undefined);
  }

  async download(url: string, signal: AbortSignal): Promise<Readable> {
    if (!/^https:\/\//i.test(url)) throw new MicrosoftApiError('ERR_HTTP', `tenant ${this.tenant}: refusing to download ${safeUrlForLog(url)}: not an https:// URL`, { retryable: false });
    const { retry, clock, log } = this.options;
    for (let attempt = 1; ; attempt++) {
      let failure: MicrosoftApiError;
      try {
        // No Authorization header: SAS links carry their own signature; the bearer token never leaves the API origin.
        const response = await exchangeStream(this.options.agent, { method: 'GET', url, headers: { accept: '*/*' }, signal });
        if (response.status >= 200 && response.status < 300) return response.body;
        await discard(response.body);
        failure = downloadFailure(this.tenant, url, response.status, parseRetryAfter(response.headers['retry-after'], clock.now()));
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        failure = new MicrosoftApiError('ERR_UNAVAILABLE', `tenant ${this.tenant}: download of ${safeUrlForLog(url)} failed (${networkCode(error)})`, { retryable: true, cause: error });
      }
      if (!failure.retryable || attempt >= retry.maxAttempts) throw failure;
      const delayMs = retryDelayMs(retry, attempt - 1, failure.retryAfterMs, this.options.random);
      log.warn({ api: this.api, url: safeUrlForLog(url), status: failure.status, attempt, retryInMs: delayMs, code: failure.code }, 'export download failed; retrying');
      if (!(await clock.sleep(delayMs, signal))) throw signal.reason;
    }
  }

  /** Relative paths resolve under the base URL; an absolute URL must be on the API's own origin. */
  #url(pathOrUrl: string): string {
    const url = resolveUrl(this.baseUrl, pathOrUrl);
    if (!sameOrigin(url, this.baseUrl)) {
      throw new MicrosoftApiError('ERR_FOREIGN_NEXT_LINK', describeForeignUrl(this.tenant, this.api, url, this.baseUrl, 'the URL'), { retryable: false });
    }
    return url;
  }

  async #request(method: Method, url: string, body: string | undefined, signal: AbortSignal, options: RequestOptions | undefined): Promise<unknown> {
    const { retry, clock, log, tokens } = this.options;
    const budgets = this.#budgets(options);
    let reauthorized = false;
    for (let attempt = 1; ; attempt++) {
      if (!(await acquireBudgets(budgets, clock, signal))) throw signal.reason;
      let token: string | undefined;
      const clientRequestId = randomUUID();
      try {
        token = await tokens.getToken(signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (!(error instanceof MicrosoftAuthError) || !error.retryable || attempt >= retry.maxAttempts) throw error;
        const delayMs = retryDelayMs(retry, attempt - 1, error.retryAfterMs, this.options.random);
        log.warn({ api: this.api, attempt, retryInMs: delayMs, aadsts: error.aadsts, correlationId: error.correlationId }, 'token acquisition failed; retrying');
        if (!(await clock.sleep(delayMs, signal))) throw signal.reason;
        continue;
      }
      const outcome = await this.#attempt(method, url, body, token, clientRequestId, signal);
      if (outcome.ok) return outcome.body;
      const failure = outcome.error;
      if (outcome.reauthorize === true && !reauthorized) {
        // One fresh token per request: a token revoked or rotated early is replaced; a second 401 is real.
        reauthorized = true;
        tokens.invalidate(token);
        attempt--;
        log.info({ api: this.api, method, path: pathOf(url), clientRequestId }, 'token rejected (401); retrying once with a fresh token');
        continue;
      }
      // A comment POST that may have reached the service is not repeated (it would post twice);
      // 429/503 are refused before processing, so those are safe to resend.
      const resendable = method !== 'POST' || failure.status === 429 || failure.status === 503;
      const attempts = failure.status !== undefined && failure.status >= 500 && options?.serverErrorAttempts !== undefined ? options.serverErrorAttempts : retry.maxAttempts;
      if (!failure.retryable || !resendable || attempt >= attempts) {
        log.warn({ api: this.api, method, path: pathOf(url), status: failure.status, code: failure.code, attempt, clientRequestId, serviceCode: failure.serviceCode }, 'Microsoft API request failed');
        throw failure;
      }
      const delayMs = retryDelayMs(retry, attempt - 1, failure.retryAfterMs, this.options.random);
      log.warn({ api: this.api, method, path: pathOf(url), status: failure.status, code: failure.code, attempt, retryInMs: delayMs, clientRequestId }, 'Microsoft API request failed; retrying');
      if (!(await clock.sleep(delayMs, signal))) throw signal.reason;
    }
  }

  async #attempt(method: Method, url: string, body: string | undefined, token: string, clientRequestId: string, signal: AbortSignal): Promise<Attempt> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'client-request-id': clientRequestId,
      'return-client-request-id': 'true',
    };
    // Without it Graph hides enum members added after unknownFutureValue (e.g. status awaitingAction).
    if (this.api === 'graph') headers.prefer = 'include-unknown-enum-members';
    if (body !== undefined) headers['content-type'] = 'application/json';
    const description: RequestDescription = { tenant: this.tenant, tenantIndex: this.options.tenantIndex, clientId: this.options.clientId, api: this.api, method, url, clientRequestId };
    let response: HttpTextResponse;
    try {
      response = await exchangeText(this.options.agent, { method, url, headers, body, signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]) });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      return { ok: false, error: describeFailure(description, { kind: 'network', code: networkCode(error), cause: error }) };
    }
    if (response.status >= 200 && response.status < 300) {
      if (response.status === 204 || response.text.trim() === '') return { ok: true, body: undefined };
      try {
        return { ok: true, body: parseJsonBody(response.text) };
      } catch (error) {
        if (!(error instanceof InvalidBodyError)) throw error;
        return { ok: false, error: describeFailure(description, { kind: 'invalid-body', status: response.status, detail: error.message }) };
      }
    }
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.options.clock.now());
    const serviceError = parseServiceError(response.text);
    const error = describeFailure(description, { kind: 'status', status: response.status, retryAfterMs, serviceError, transient: isTransientStatus(response.status) });
    return { ok: false, error, reauthorize: response.status === 401 };
  }

  #budgets(options: RequestOptions | undefined): RequestBudget[] {
    if (options?.budget === undefined) return [this.options.budget];
    const endpoint = this.options.endpointBudgets.get(options.budget);
    if (endpoint === undefined) throw new RangeError(`unknown request budget "${options.budget}"; known: ${[...this.options.endpointBudgets.keys()].join(', ')}`);
    return [endpoint, this.options.budget];
  }

  #label(method: Method, url: string): string {
    return `${this.api === 'graph' ? 'Microsoft Graph' : 'Defender for Endpoint'} ${method} ${pathOf(url)}`;
  }
}

function downloadFailure(tenant: string, url: string, status: number, retryAfterMs: number | undefined): MicrosoftApiError {
  const where = safeUrlForLog(url);
  if (status === 403 || status === 404 || status === 409 || status === 410) {
    return new MicrosoftApiError('ERR_LINK_EXPIRED', `tenant ${tenant}: the export link ${where} answered HTTP ${status}: it has expired or was revoked; request fresh export links`, { status, retryable: false });
  }
  const transient = isTransientStatus(status);
  return new MicrosoftApiError(transient ? (status === 429 ? 'ERR_THROTTLED' : 'ERR_UNAVAILABLE') : 'ERR_HTTP', `tenant ${tenant}: download of ${where} answered HTTP ${status}`, { status, retryable: transient, retryAfterMs });
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(invalid url)';
  }
}
