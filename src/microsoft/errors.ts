import { DefenderSiemError } from '../core/errors.js';

/**
 * Errors of the Microsoft HTTP layer. None of them is a `PermanentError`: a 401/403 today can be
 * fixed by an admin consent tomorrow, so the calling source keeps retrying on its own long backoff.
 * `retryable` says whether an immediate retry can help (throttling, outages) or only a human can
 * (wrong secret, missing permission). Messages never hold a secret, an assertion or a token.
 */
export type MicrosoftApiErrorCode =
  /** 401 twice, the second time with a freshly acquired token. */
  | 'ERR_UNAUTHORIZED'
  /** 403: the app lacks the permission the call needs (or its admin consent). */
  | 'ERR_FORBIDDEN'
  /** 400: the request is wrong; `serviceMessage` is Microsoft's own text. */
  | 'ERR_BAD_REQUEST'
  /** 404: the id is gone (or MDE has no machines in retention). */
  | 'ERR_NOT_FOUND'
  /** 429 after every attempt. */
  | 'ERR_THROTTLED'
  /** 5xx, network errors or timeouts after every attempt. */
  | 'ERR_UNAVAILABLE'
  /** A 2xx whose body was not the JSON it promised, after every attempt. */
  | 'ERR_INVALID_RESPONSE'
  /** An `@odata.nextLink` pointing at another origin: never followed (the token would go there). */
  | 'ERR_FOREIGN_NEXT_LINK'
  /** A SAS download link answered 403/404/409: it expired; ask the API for fresh links. */
  | 'ERR_LINK_EXPIRED'
  /** Any other HTTP status. */
  | 'ERR_HTTP';

export interface MicrosoftApiErrorDetails {
  readonly status?: number | undefined;
  readonly retryable: boolean;
  /** When the service said how long to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number | undefined;
  /** The `client-request-id` we sent: quote it in a Microsoft support case. */
  readonly clientRequestId?: string | undefined;
  /** The OData `error.code` (Graph) or MDE error code, when the body had one. */
  readonly serviceCode?: string | undefined;
  readonly serviceMessage?: string | undefined;
  /** The permission a 403 asked for. */
  readonly permission?: string | undefined;
  readonly cause?: unknown;
}

export class MicrosoftApiError extends DefenderSiemError {
  declare readonly code: MicrosoftApiErrorCode;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly clientRequestId: string | undefined;
  readonly serviceCode: string | undefined;
  readonly serviceMessage: string | undefined;
  readonly permission: string | undefined;

  constructor(code: MicrosoftApiErrorCode, message: string, details: MicrosoftApiErrorDetails) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
    this.clientRequestId = details.clientRequestId;
    this.serviceCode = details.serviceCode;
    this.serviceMessage = details.serviceMessage;
    this.permission = details.permission;
  }
}

/**
 * A token could not be acquired from Entra ID. `aadsts` is the AADSTS number (e.g. 7000215),
 * `oauthError` the OAuth `error` (e.g. invalid_client); the message names the cause and the fix.
 */
export class MicrosoftAuthError extends DefenderSiemError {
  declare readonly code: 'ERR_AUTH';
  readonly retryable: boolean;
  readonly oauthError: string | undefined;
  readonly aadsts: number | undefined;
  readonly correlationId: string | undefined;
  /** Entra's Retry-After, when it sent one with a transient failure. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    details: { retryable: boolean; oauthError?: string | undefined; aadsts?: number | undefined; correlationId?: string | undefined; retryAfterMs?: number | undefined },
  ) {
    super('ERR_AUTH', message);
    this.retryAfterMs = details.retryAfterMs;
    this.retryable = details.retryable;
    this.oauthError = details.oauthError;
    this.aadsts = details.aadsts;
    this.correlationId = details.correlationId;
  }
}

/** The certificate or key files of a tenant cannot be used (wrong password, unsupported format). */
export class MicrosoftCredentialError extends DefenderSiemError {
  constructor(message: string) {
    super('ERR_CREDENTIAL', message);
  }
}
