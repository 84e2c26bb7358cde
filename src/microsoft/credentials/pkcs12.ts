import { createDecipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { child, DerError, integer, octets, oid, parseDer, toDer, type Asn1 } from './der.js';

/**
 * Reads a PKCS#12 (.pfx/.p12) file with node:crypto alone: Node can use a PFX for TLS but cannot
 * hand out its key, and Entra certificate credentials need the key to sign assertions. Supports
 * what Windows and OpenSSL write: PBES2 (PBKDF2 + AES or 3DES) and the PKCS#12 SHA-1/3DES scheme;
 * the MAC is verified, so a wrong password is reported as such. RC2 (OpenSSL 1.x's default for
 * the certificate part) is not available in OpenSSL 3 and is reported with the re-export command.
 */
export interface Pkcs12Contents {
  readonly privateKey: KeyObject;
  /** DER certificates in file order (the leaf is picked by matching the key, not by position). */
  readonly certificates: readonly Buffer[];
}

export class Pkcs12Error extends Error {}

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
  pbeSha1Rc2_128: '1.2.840.113549.1.12.1.5',
  pbeSha1Rc2_40: '1.2.840.113549.1.12.1.6',
} as const;

const DIGESTS: Readonly<Record<string, { name: string; blockBytes: number }>> = {
  '1.3.14.3.2.26': { name: 'sha1', blockBytes: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', blockBytes: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', blockBytes: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', blockBytes: 128 },
};

const PRFS: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

const CIPHERS: Readonly<Record<string, { name: string; keyBytes: number }>> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyBytes: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyBytes: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyBytes: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyBytes: 24 },
};

export function readPkcs12(file: Buffer, password: string): Pkcs12Contents {
  try {
    return read(file, password);
  } catch (error) {
    if (error instanceof DerError) throw new Pkcs12Error(`not a readable PKCS#12 file (${error.message})`);
    throw error;
  }
}

function read(file: Buffer, password: string): Pkcs12Contents {
  const pfx = parseDer(file);
  const authSafe = child(pfx, 1, 'authSafe');
  if (oid(child(authSafe, 0, 'content type')) !== OID.data) throw new Pkcs12Error('public-key-protected PKCS#12 files are not supported; export with a password');
  const authSafeBytes = octets(child(child(authSafe, 1, 'content'), 0, 'content octets'));
  const macData = pfx.children[2];
  if (macData !== undefined) verifyMac(macData, authSafeBytes, password);

  let privateKey: KeyObject | undefined;
  const certificates: Buffer[] = [];
  for (const contentInfo of parseDer(authSafeBytes).children) {
    for (const bag of safeBags(contentInfo, password)) {
      const bagId = oid(child(bag, 0, 'bag id'));
      const value = child(child(bag, 1, 'bag value'), 0, 'bag value');
      if (bagId === OID.certBag) {
        if (oid(child(value, 0, 'certificate type')) !== OID.x509Certificate) continue;
        certificates.push(octets(child(child(value, 1, 'certificate'), 0, 'certificate')));
      } else if (bagId === OID.shroudedKeyBag && privateKey === undefined) {
        privateKey = decryptKey(toDer(value), password);
      } else if (bagId === OID.keyBag && privateKey === undefined) {
        privateKey = createPrivateKey({ key: toDer(value), format: 'der', type: 'pkcs8' });
      }
    }
  }
  if (privateKey === undefined) throw new Pkcs12Error('the file holds no private key (export it with the private key)');
  if (certificates.length === 0) throw new Pkcs12Error('the file holds no certificate');
  return { privateKey, certificates };
}

function safeBags(contentInfo: Asn1, password: string): readonly Asn1[] {
  const type = oid(child(contentInfo, 0, 'content type'));
  const content = child(child(contentInfo, 1, 'content'), 0, 'content');
  if (type === OID.data) return parseDer(octets(content)).children;
  if (type !== OID.encryptedData) throw new Pkcs12Error(`unsupported PKCS#12 content type ${type}`);
  const encryptedContentInfo = child(content, 1, 'encrypted content info');
  const algorithm = child(encryptedContentInfo, 1, 'encryption algorithm');
  const encrypted = octets(child(encryptedContentInfo, 2, 'encrypted content'));
  return parseDer(decrypt(algorithm, encrypted, password)).children;
}

/** Node decrypts EncryptedPrivateKeyInfo itself (PBES2 and the PKCS#12 3DES scheme). */
function decryptKey(encryptedPrivateKeyInfo: Buffer, password: string): KeyObject {
  try {
    return createPrivateKey({ key: encryptedPrivateKeyInfo, format: 'der', type: 'pkcs8', passphrase: password });
  } catch {
    throw new Pkcs12Error('cannot decrypt the private key in the file (wrong pfx_password, or an algorithm OpenSSL 3 no longer offers: re-export with AES, see docs/microsoft.md)');
  }
}

function decrypt(algorithm: Asn1, data: Buffer, password: string): Buffer {
  const algorithmId = oid(child(algorithm, 0, 'algorithm'));
  const params = child(algorithm, 1, 'algorithm parameters');
  let cipher: string;
  let key: Buffer;
  let iv: Buffer;
  if (algorithmId === OID.pbes2) {
    ({ cipher, key, iv } = pbes2Parameters(params, password));
  } else if (algorithmId === OID.pbeSha1TripleDes) {
    const salt = octets(child(params, 0, 'salt'));
    const iterations = integer(child(params, 1, 'iterations'));
    cipher = 'des-ede3-cbc';
    key = pkcs12Kdf('sha1', 64, password, salt, iterations, 1, 24);
    iv = pkcs12Kdf('sha1', 64, password, salt, iterations, 2, 8);
  } else if (algorithmId === OID.pbeSha1Rc2_40 || algorithmId === OID.pbeSha1Rc2_128) {
    throw new Pkcs12Error(
      'the certificates in this PFX are encrypted with RC2, which OpenSSL 3 no longer offers: re-export it, e.g. `openssl pkcs12 -in old.pfx -nodes -legacy | openssl pkcs12 -export -out new.pfx -certpbe AES-256-CBC -keypbe AES-256-CBC -macalg sha256`, or give certificate_file + private_key_file',
    );
  } else {
    throw new Pkcs12Error(`unsupported PKCS#12 encryption algorithm ${algorithmId}`);
  }
  try {
    const decipher = createDecipheriv(cipher, key, iv);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new Pkcs12Error('cannot decrypt the PFX contents (wrong pfx_password?)');
  }
}

function pbes2Parameters(params: Asn1, password: string): { cipher: string; key: Buffer; iv: Buffer } {
  const kdf = child(params, 0, 'key derivation function');
  const scheme = child(params, 1, 'encryption scheme');
  if (oid(child(kdf, 0, 'kdf')) !== OID.pbkdf2) throw new Pkcs12Error('PBES2 without PBKDF2 is not supported');
  const kdfParams = child(kdf, 1, 'PBKDF2 parameters');
  const salt = octets(child(kdfParams, 0, 'salt'));
  const iterations = integer(child(kdfParams, 1, 'iterations'));
  // keyLength (INTEGER) and prf (SEQUENCE) are both optional and told apart by their tag.
  const prfNode = kdfParams.children.slice(2).find((node) => node.tag === 0x30);
  const prf = prfNode === undefined ? 'sha1' : PRFS[oid(child(prfNode, 0, 'prf'))];
  const cipherSpec = CIPHERS[oid(child(scheme, 0, 'cipher'))];
  if (prf === undefined || cipherSpec === undefined) throw new Pkcs12Error('unsupported PBES2 parameters (expected PBKDF2-HMAC-SHA1/2 with AES-CBC or 3DES)');
  // PBES2 takes the password bytes as they are (UTF-8), unlike the PKCS#12 KDF's BMPString.
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, cipherSpec.keyBytes, prf);
  return { cipher: cipherSpec.name, key, iv: octets(child(scheme, 1, 'iv')) };
}

function verifyMac(macData: Asn1, authSafeBytes: Buffer, password: string): void {
  const digestInfo = child(macData, 0, 'mac');
  const digestOid = oid(child(child(digestInfo, 0, 'digest algorithm'), 0, 'digest algorithm'));
  const expected = octets(child(digestInfo, 1, 'digest'));
  const salt = octets(child(macData, 1, 'mac salt'));
  const iterations = macData.children[2] === undefined ? 1 : integer(macData.children[2]);
  const digest = DIGESTS[digestOid];
  if (digest === undefined) throw new Pkcs12Error(`unsupported PKCS#12 MAC algorithm ${digestOid}: re-export with -macalg sha256`);
  const outputBytes = createHash(digest.name).digest().length;
  const key = pkcs12Kdf(digest.name, digest.blockBytes, password, salt, iterations, 3, outputBytes);
  const actual = createHmac(digest.name, key).update(authSafeBytes).digest();
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new Pkcs12Error('the pfx_password is wrong (the file\'s integrity check fails with it)');
}

/** RFC 7292 appendix B.2: the PKCS#12 key derivation (ID 1 key, 2 IV, 3 MAC key). */
function pkcs12Kdf(hash: string, v: number, password: string, salt: Buffer, iterations: number, id: number, length: number): Buffer {
  const passwordBytes = bmpString(password);
  const fill = (source: Buffer) => {
    if (source.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(source.length / v));
    for (let index = 0; index < out.length; index++) out[index] = source[index % source.length]!;
    return out;
  };
  const diversifier = Buffer.alloc(v, id);
  const input = Buffer.concat([fill(salt), fill(passwordBytes)]);
  const output: Buffer[] = [];
  let produced = 0;
  while (produced < length) {
    let block = createHash(hash).update(diversifier).update(input).digest();
    for (let round = 1; round < iterations; round++) block = createHash(hash).update(block).digest();
    output.push(block);
    produced += block.length;
    if (produced >= length) break;
    const b = fill(block);
    for (let offset = 0; offset < input.length; offset += v) {
      // I_j = (I_j + B + 1) mod 2^(8v), big-endian.
      let carry = 1;
      for (let index = v - 1; index >= 0; index--) {
        const sum = input[offset + index]! + b[index]! + carry;
        input[offset + index] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(output).subarray(0, length);
}

/** The password as a BMPString (UTF-16BE) with its two-byte terminator, as PKCS#12 wants it. */
function bmpString(password: string): Buffer {
  if (password === '') return Buffer.alloc(0);
  const out = Buffer.alloc((password.length + 1) * 2);
  for (let index = 0; index < password.length; index++) out.writeUInt16BE(password.charCodeAt(index), index * 2);
  return out;
}
