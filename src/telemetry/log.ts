import pino, { type Logger } from 'pino';
import { REDACTED, secretLogPaths } from '../config/redact.js';

export type { Logger } from 'pino';

export interface LogOptions {
  readonly level: string;
  /** A file to append to; standard error when absent (standard output may carry documents). */
  readonly path?: string | undefined;
}

/**
 * JSON logs through pino. Writes are synchronous so that the last lines before a crash or a
 * SIGKILL are on disk. Secrets are `Secret` objects that serialize as [REDACTED]; the redact paths
 * are a second guard for a secret that reached a log call as a plain string under its usual key.
 */
export function createLogger(options: LogOptions): Logger {
  const destination = pino.destination({ dest: options.path ?? 2, sync: true, mkdir: true });
  return pino(
    {
      name: 'defender-siem',
      level: options.level,
      redact: { paths: secretLogPaths(), censor: REDACTED },
    },
    destination,
  );
}
