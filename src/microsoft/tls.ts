import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { MicrosoftCredentialError } from './errors.js';

export interface TlsOptions {
  /** Extra CA certificates (PEM file) trusted on top of the system ones. */
  readonly caFile?: string | undefined;
  /** Per request: no response headers, or no body bytes, for this long → timeout. */
  readonly timeoutMs: number;
}

/**
 * The one connection pool of a tenant: token endpoint, Graph, MDE and export downloads all go
 * through it, so they share the same trust (system CAs + `ca_file`) and keep connections alive.
 * Certificate verification is never turned off: a `ca_file` adds trust, it does not remove checks.
 */
export function createAgent(options: TlsOptions): Agent {
  return new Agent({
    connect: { ca: trustedCertificates(options.caFile), rejectUnauthorized: true },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 30_000,
    connections: 16,
  });
}

/** `undefined` keeps Node's default store; with a ca_file, that store plus the file's certificates. */
function trustedCertificates(caFile: string | undefined): string[] | undefined {
  if (caFile === undefined) return undefined;
  let pem: string;
  try {
    pem = readFileSync(caFile, 'utf8');
  } catch (error) {
    throw new MicrosoftCredentialError(`cannot read ca_file ${caFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new MicrosoftCredentialError(`ca_file ${caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  // An explicit `ca` replaces Node's default store, so the system roots are passed along with it.
  return [...rootCertificates, pem];
}
