import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { generate } from 'selfsigned';
import type { Rng } from '../generate/rng.js';
import { ALL_ROLES, GRAPH_WRITE_ROLES } from './roles.js';

/** A certificate credential registered on an app: the connector signs client assertions with its key. */
export interface AppCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly publicKey: KeyObject;
  /** base64url SHA-1 and SHA-256 thumbprints of the DER certificate (`x5t`, `x5t#S256`). */
  readonly x5t: string;
  readonly x5tS256: string;
}

/** The app registration the connector authenticates as, in one tenant. */
export interface AppRegistration {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly certificate: AppCertificate | undefined;
  /** Consented application permissions, Graph and MDE together. */
  readonly roles: readonly string[];
}

/** Per-tenant app choices: a read-only app, a certificate credential, or exactly these roles. */
export interface TenantAppOptions {
  /** Grant SecurityIncident/SecurityAlert.ReadWrite.All (default true). */
  readonly readWrite?: boolean;
  /** Also register a certificate credential (the secret stays valid too, as apps often have both). */
  readonly certificate?: boolean;
  /** Exactly these roles (overrides readWrite). */
  readonly roles?: readonly string[];
}

export async function registerApp(tenantId: string, rng: Rng, options: TenantAppOptions = {}): Promise<AppRegistration> {
  const roles = options.roles ?? (options.readWrite === false ? ALL_ROLES.filter((role) => !(GRAPH_WRITE_ROLES as readonly string[]).includes(role)) : ALL_ROLES);
  return {
    tenantId,
    clientId: rng.guid(),
    clientSecret: secretValue(rng),
    certificate: options.certificate ? await certificateCredential() : undefined,
    roles,
  };
}

/** Entra secret values look like `Xy7~…`: 40 characters, with a tilde at position 4. */
function secretValue(rng: Rng): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
  let text = '';
  for (let i = 0; i < 40; i++) text += i === 3 ? '~' : alphabet[rng.int(0, alphabet.length - 1)];
  return text;
}

async function certificateCredential(): Promise<AppCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'defender-siem connector' }], { keySize: 2048, algorithm: 'sha256' });
  const x509 = new X509Certificate(pems.cert);
  return {
    certificatePem: pems.cert,
    privateKeyPem: pems.private,
    publicKey: x509.publicKey,
    x5t: createHash('sha1').update(x509.raw).digest('base64url'),
    x5tS256: createHash('sha256').update(x509.raw).digest('base64url'),
  };
}
