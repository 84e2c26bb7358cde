import { resolve } from 'node:path';
import { z } from 'zod';
import { Secret } from '../redact.js';

/** A strict object whose unknown-key error lists the keys it allows. */
export function section<Shape extends z.ZodRawShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `allowed: ${allowed}` : undefined),
  });
}

/** Numbers may arrive as strings from `${ENV}`; a plain decimal string is read as a number. */
function fromString(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return value;
}

export function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z.preprocess(fromString, z.number().int().min(min).max(max));
}

export function number(min: number, max = Number.MAX_VALUE) {
  return z.preprocess(fromString, z.number().min(min).max(max));
}

export function boolean() {
  return z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean());
}

/** An Azure blob container name (the service's rule). */
export const containerName = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/, 'must be a storage container name (3-63 lower-case letters, digits, single "-")');

/** The value types every section builds on; paths resolve against the configuration file's folder. */
export function commonTypes(baseDir: string) {
  return {
    path: z.string().min(1, 'must not be empty').transform((value) => resolve(baseDir, value)),
    secret: z.string().min(1, 'must not be empty').transform((value) => new Secret(value)),
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, "_", "." or "-" (it keys stored positions and buffers: keep it stable)'),
    url: z.url({ protocol: /^https$/, error: 'must be an https:// URL (tokens and data never travel in clear text)' }),
  };
}

export type CommonTypes = ReturnType<typeof commonTypes>;

/**
 * Azure SDK clients authenticate with a connection string (SAS, or an account key) or with a
 * tenant's app registration and the resource's host: exactly one of the two.
 */
export function credentialChoice(connectionString: unknown, entra: { host: string | undefined; hostKey: string; tenant: string | undefined }, ctx: z.RefinementCtx): void {
  const usesEntra = entra.host !== undefined || entra.tenant !== undefined;
  if ((connectionString !== undefined) === usesEntra) {
    ctx.addIssue({ code: 'custom', path: ['connection_string'], message: `give either connection_string (or connection_string_file) or ${entra.hostKey} + tenant (Entra)` });
  } else if (usesEntra && (entra.host === undefined || entra.tenant === undefined)) {
    ctx.addIssue({ code: 'custom', path: [entra.host === undefined ? entra.hostKey : 'tenant'], message: `Entra authentication needs both ${entra.hostKey} and tenant` });
  }
}

/** A storage account reached by connection string or by account_url + an Entra tenant. */
export function storageAccess({ secret, url, name }: CommonTypes) {
  return { connection_string: secret.optional(), account_url: url.optional(), tenant: name.optional() };
}

export function checkStorageAccess(config: { connection_string?: unknown; account_url?: string | undefined; tenant?: string | undefined }, ctx: z.RefinementCtx): void {
  credentialChoice(config.connection_string, { host: config.account_url, hostKey: 'account_url', tenant: config.tenant }, ctx);
}
