import { createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/**
 * Reads a PFX / PKCS#12 bundle with node-forge: Node's crypto can use a key but cannot open a
 * PKCS#12 file. forge verifies the file's integrity MAC with the password (so a wrong password is
 * reported as such, not as garbage) and implements every cipher in use — AES (OpenSSL 3,
 * Windows Server 2019+), 3DES (older Windows) and RC2 (OpenSSL 1.x), which OpenSSL 3 itself no
 * longer offers.
 */
export interface Pkcs12Contents {
  readonly privateKey: KeyObject;
  /** DER certificates, in file order. */
  readonly certificates: readonly Buffer[];
}

export class Pkcs12Error extends Error {}

export function readPkcs12(file: Buffer, password: string): Pkcs12Contents {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(file.toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, true, password);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/mac|password|decrypt/i.test(message)) throw new Pkcs12Error('the pfx_password is wrong (the file integrity check failed)');
    throw new Pkcs12Error(`not a readable PKCS#12 file (${message})`);
  }
  const keyBags = [...bags(p12, forge.pki.oids.pkcs8ShroudedKeyBag!), ...bags(p12, forge.pki.oids.keyBag!)];
  const key = keyBags.find((bag) => bag.key !== undefined)?.key;
  if (key === undefined) {
    throw new Pkcs12Error(keyBags.length > 0 ? 'the private key in the file is not an RSA key (Entra ID certificate credentials need RSA)' : 'the file holds no private key (export it with the private key)');
  }
  const certificates = bags(p12, forge.pki.oids.certBag!)
    .filter((bag) => bag.cert !== undefined)
    .map((bag) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(bag.cert!)).getBytes(), 'binary'));
  if (certificates.length === 0) throw new Pkcs12Error('the file holds no certificate');
  return { privateKey: createPrivateKey(forge.pki.privateKeyToPem(key)), certificates };
}

function bags(p12: forge.pkcs12.Pkcs12Pfx, bagType: string): forge.pkcs12.Bag[] {
  return p12.getBags({ bagType })[bagType] ?? [];
}
