import { inspect } from 'node:util';

export const REDACTED = '[REDACTED]';

/**
 * A secret from the configuration. It prints, serializes and inspects as [REDACTED] everywhere
 * (logs, error messages, `check` output); only `reveal()` gives the value, at the one place that
 * sends it to the service that needs it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/**
 * Configuration keys that hold secrets. Each may be given inline (usually as `${ENV}`) or as
 * `<key>_file`, a path whose content is the secret (Docker/Kubernetes secrets). Log redaction
 * covers these names too, as a second line of defence behind the Secret type.
 */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['client_secret', 'password', 'token', 'api_key', 'connection_string', 'private_key_password', 'pfx_password']);

/** pino `redact` paths for the secret keys, at any of the depths a config object is logged. */
export function secretLogPaths(): string[] {
  const keys = [...SECRET_KEYS];
  return [...keys, ...keys.map((key) => `*.${key}`), ...keys.map((key) => `*.*.${key}`), ...keys.map((key) => `*.*[*].${key}`)];
}
