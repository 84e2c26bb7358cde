import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NodeAuthOptions } from '@azure/msal-node';
import { MicrosoftCredentialError } from '../errors.js';
import type { TenantConfig } from '../tenant-config.js';
import { Pkcs12Error, readPkcs12 } from './pkcs12.js';

/** The credential part of msal's auth options: a secret, or a certificate's key, thumbprint and chain. */
export type ClientCredential = Pick<NodeAuthOptions, 'clientSecret' | 'clientCertificate'>;

/**
 * Reads the tenant's credential once, at start-up, so a wrong file or password fails `run` early
 * with a message naming the key, not on the first token request.
 */
export function loadClientCredential(tenant: TenantConfig, index: number): ClientCredential {
  if (tenant.client_secret !== undefined) return { clientSecret: tenant.client_secret.reveal() };
  const certificate = tenant.client_certificate;
  if (certificate === undefined) throw new MicrosoftCredentialError(`tenants[${index}] (${tenant.name}) has no credential: set client_secret or client_certificate`);
  const where = `tenants[${index}].client_certificate`;
  const { privateKey, chain } =
    certificate.pfx_file !== undefined
      ? fromPfx(certificate.pfx_file, certificate.pfx_password?.reveal() ?? '', where)
      : fromPem(certificate.certificate_file!, certificate.private_key_file!, certificate.private_key_password?.reveal(), where);
  if (privateKey.asymmetricKeyType !== 'rsa') throw new MicrosoftCredentialError(`${where}: the key is ${privateKey.asymmetricKeyType ?? 'of an unknown type'}; Entra ID certificate credentials need an RSA key`);
  const leaf = chain.find((candidate) => candidate.checkPrivateKey(privateKey));
  if (leaf === undefined) throw new MicrosoftCredentialError(`${where}: no certificate in the file matches the private key`);
  const rest = chain.filter((candidate) => candidate !== leaf);
  return {
    clientCertificate: {
      // msal signs with PS256 and sends x5t#S256 when given the SHA-256 thumbprint (hex).
      thumbprintSha256: leaf.fingerprint256.replaceAll(':', '').toLowerCase(),
      // jsonwebtoken wants an unencrypted PEM; it lives only in this process's memory.
      privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      ...(certificate.send_x5c ? { x5c: [leaf, ...rest].map((cert) => cert.toString()).join('') } : {}),
    },
  };
}

function fromPem(certificateFile: string, keyFile: string, password: string | undefined, where: string): { privateKey: KeyObject; chain: X509Certificate[] } {
  const certificateText = readText(certificateFile, `${where}.certificate_file`);
  const keyText = readText(keyFile, `${where}.private_key_file`);
  const blocks = certificateText.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new MicrosoftCredentialError(`${where}.certificate_file: ${certificateFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  const keyBlock = keyText.match(/-----BEGIN ((?:ENCRYPTED |RSA |EC )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/)?.[0];
  if (keyBlock === undefined) throw new MicrosoftCredentialError(`${where}.private_key_file: ${keyFile} holds no PEM private key (-----BEGIN PRIVATE KEY-----)`);
  const chain = blocks.map((block) => parseCertificate(block, `${where}.certificate_file`));
  return { privateKey: parseKey(keyBlock, password, where), chain };
}

function parseKey(pem: string, password: string | undefined, where: string): KeyObject {
  const encrypted = pem.includes('ENCRYPTED') || pem.includes('Proc-Type: 4,ENCRYPTED');
  if (encrypted && password === undefined) throw new MicrosoftCredentialError(`${where}.private_key_file is encrypted: set ${where}.private_key_password (or private_key_password_file)`);
  try {
    return createPrivateKey(password === undefined ? { key: pem, format: 'pem' } : { key: pem, format: 'pem', passphrase: password });
  } catch {
    throw new MicrosoftCredentialError(
      encrypted ? `${where}: cannot decrypt private_key_file with private_key_password (wrong password?)` : `${where}.private_key_file: not a readable private key`,
    );
  }
}

function fromPfx(file: string, password: string, where: string): { privateKey: KeyObject; chain: X509Certificate[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new MicrosoftCredentialError(`${where}.pfx_file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const contents = readPkcs12(bytes, password);
    return { privateKey: contents.privateKey, chain: contents.certificates.map((der) => parseCertificate(der, `${where}.pfx_file`)) };
  } catch (error) {
    if (error instanceof Pkcs12Error) throw new MicrosoftCredentialError(`${where}.pfx_file: ${error.message}`);
    throw error;
  }
}

function parseCertificate(certificate: string | Buffer, key: string): X509Certificate {
  try {
    return new X509Certificate(certificate);
  } catch {
    throw new MicrosoftCredentialError(`${key}: a certificate in the file cannot be parsed`);
  }
}

function readText(file: string, key: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new MicrosoftCredentialError(`${key}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
