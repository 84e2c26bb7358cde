/**
 * Errors with stable codes, so callers and tests branch on `code`, never on message text.
 * Messages never include secret values: configuration secrets are `Secret` objects, which print
 * as [REDACTED].
 */
export class DefenderSiemError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The configuration is invalid; `issues` are "key: what is wrong and what is allowed". */
export class ConfigError extends DefenderSiemError {
  constructor(readonly issues: readonly string[]) {
    super('ERR_CONFIG', issues.join('\n'));
  }
}

/**
 * A failure that retrying cannot fix (the document is malformed for this destination): the
 * documents concerned go to the dead-letter. Every other error a sink throws is retried.
 */
export class PermanentError extends DefenderSiemError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_PERMANENT', message, options);
  }
}

/** A transient failure that knows when to try again (HTTP 429/503 Retry-After). */
export class RetryLaterError extends DefenderSiemError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super('ERR_RETRY_LATER', message, options);
  }
}

export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentError;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
