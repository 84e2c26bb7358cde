import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { Dispatcher } from 'undici';
import { exchangeText, networkCode } from '../http.js';
import { parseRetryAfter } from '../retry-policy.js';

/** What the last failed exchange with Entra said, kept because msal replaces network failures by a generic error. */
export interface EntraExchangeFailure {
  /** The Node/undici error code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, UNABLE_TO_VERIFY_LEAF_SIGNATURE, …). */
  readonly networkCode?: string | undefined;
  readonly status?: number | undefined;
  /** The OAuth `error` and first AADSTS code of an error body (never its free text). */
  readonly oauthError?: string | undefined;
  readonly aadsts?: number | undefined;
  readonly correlationId?: string | undefined;
  readonly retryAfterMs?: number | undefined;
}

/**
 * msal-node's `system.networkClient`: its discovery and token requests go through the tenant's
 * undici agent, so they use the same trust (system CAs + ca_file) and keep-alive as the API calls.
 * It never logs: the token request body holds the secret or the assertion.
 */
export class EntraNetworkModule implements INetworkModule {
  #lastFailure: EntraExchangeFailure | undefined;

  constructor(
    private readonly agent: Dispatcher,
    private readonly timeoutMs: number,
  ) {}

  /** The last failure seen (cleared by a success): explains msal's generic network/discovery errors. */
  get lastFailure(): EntraExchangeFailure | undefined {
    return this.#lastFailure;
  }

  /** Called before each token acquisition, so a failure is never explained by an older one. */
  reset(): void {
    this.#lastFailure = undefined;
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.#send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.#send<T>('POST', url, options, undefined);
  }

  async #send<T>(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined, timeout: number | undefined): Promise<NetworkResponse<T>> {
    const signal = AbortSignal.timeout(timeout ?? this.timeoutMs);
    let response;
    try {
      response = await exchangeText(this.agent, { method, url, headers: options?.headers ?? {}, body: method === 'POST' ? (options?.body ?? '') : undefined, signal });
    } catch (error) {
      this.#lastFailure = { networkCode: networkCode(error) };
      // msal turns any non-msal error into its generic network_error; the code above says why.
      throw error;
    }
    const body = parseBody(response.status, response.text);
    if (response.status < 400) {
      this.#lastFailure = undefined;
      return { status: response.status, headers: { ...response.headers }, body: body as T };
    }
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], Date.now());
    this.#lastFailure = { status: response.status, retryAfterMs, ...entraErrorFields(body) };
    if (response.status !== 429 && response.status < 500) return { status: response.status, headers: { ...response.headers }, body: body as T };
    // msal answers a 429/5xx by refusing every token request for 60 s of wall time (its
    // ThrottlingUtils), which would bypass the Clock and the client's retry policy. Shown to msal
    // as a plain error, the failure is translated and retried by the client, Retry-After included.
    const { 'retry-after': _retryAfter, ...headers } = response.headers;
    return { status: 400, headers, body: body as T };
  }
}

/** Entra answers JSON; a proxy or an outage page may not. msal needs an object to inspect. */
function parseBody(status: number, text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through: described below
  }
  if (status < 400) return { error: 'invalid_response', error_description: `HTTP ${status} without a JSON body` };
  const transient = status === 429 || status >= 500;
  return { error: transient ? 'temporarily_unavailable' : 'invalid_response', error_description: `HTTP ${status} without a JSON body`, status };
}

function entraErrorFields(body: Record<string, unknown>): Pick<EntraExchangeFailure, 'oauthError' | 'aadsts' | 'correlationId'> {
  const codes = Array.isArray(body.error_codes) ? body.error_codes : [];
  const first: unknown = codes[0];
  return {
    oauthError: typeof body.error === 'string' ? body.error : undefined,
    aadsts: typeof first === 'number' ? first : undefined,
    correlationId: typeof body.correlation_id === 'string' ? body.correlation_id : undefined,
  };
}
