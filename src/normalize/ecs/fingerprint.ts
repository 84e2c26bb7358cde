import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { getPath, isPlainObject } from './object.js';

/**
 * Elasticsearch's `fingerprint` processor (SHA-1, base64, no salt, ignore_missing), which Elastic's
 * m365_defender pipelines use for `_id`. Reproducing it byte for byte means a user moving from the
 * Elastic integration to this connector keeps overwriting the same documents.
 *
 * The processor sorts and de-duplicates the field names, then walks every value depth first: each
 * scalar is fed as a NUL delimiter followed by its bytes, map entries are visited in key order and
 * contribute their key the same way before their value.
 */
const DELIMITER = Buffer.from([0]);

export function fingerprint(source: unknown, fields: readonly string[]): string | undefined {
  const hash = createHash('sha1');
  let fed = false;
  const sortedFields = [...new Set(fields)].sort();
  for (const field of sortedFields) {
    const value = getPath(source, field);
    if (value === undefined || value === null) continue;
    fed = true;
    feed(hash, value);
  }
  return fed ? hash.digest('base64') : undefined;
}

type Hash = ReturnType<typeof createHash>;

function feed(hash: Hash, value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) feed(hash, item);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value).sort()) {
      hash.update(DELIMITER);
      hash.update(Buffer.from(key, 'utf8'));
      feed(hash, value[key]);
    }
  } else {
    hash.update(DELIMITER);
    hash.update(scalarBytes(value));
  }
}

/**
 * The byte encodings of the processor's toBytes() for the types Elasticsearch parses JSON scalars
 * into: strings as UTF-8; numbers as a type letter ('I' int, 'L' long, 'D' double) followed by the
 * little-endian value; booleans as one byte, 1 or 0. Only strings occur in the id fields of Graph
 * alerts and incidents; the rest is written from memory of the processor's source and is not
 * checked against Elasticsearch here (no fixture carries an `_id`).
 */
function scalarBytes(value: unknown): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (typeof value === 'boolean') return Buffer.from([value ? 1 : 0]);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -2147483648 && value <= 2147483647) {
      const bytes = Buffer.alloc(5);
      bytes.write('I', 0, 'latin1');
      bytes.writeInt32LE(value, 1);
      return bytes;
    }
    if (Number.isSafeInteger(value)) {
      const bytes = Buffer.alloc(9);
      bytes.write('L', 0, 'latin1');
      bytes.writeBigInt64LE(BigInt(value), 1);
      return bytes;
    }
    const bytes = Buffer.alloc(9);
    bytes.write('D', 0, 'latin1');
    bytes.writeDoubleLE(value, 1);
    return bytes;
  }
  return Buffer.alloc(0);
}

/**
 * The same walk over values given directly, for ids Elastic does not define: vulnerability
 * findings (device, CVE, software) and pipeline_error documents (stream and line).
 */
export function fingerprintValues(...values: unknown[]): string {
  const hash = createHash('sha1');
  for (const value of values) feed(hash, value ?? '');
  return hash.digest('base64');
}

/**
 * The id of a record whose exact text is its identity (Event Hub records: a redelivery or a replay
 * carries the same bytes). One hash over the text, several times cheaper than walking the parsed
 * value, on the hottest path of the connector.
 */
export function fingerprintText(text: string): string {
  return oneShotHash !== undefined ? oneShotHash('sha1', text, 'base64') : createHash('sha1').update(text).digest('base64');
}

/**
 * crypto.hash (Node 20.12+) hashes in one call without a Hash object: about a fifth less time per
 * 2 KB record than createHash/update/digest. Read from the namespace so older Node 20 releases,
 * which lack it, load this module and take the createHash path.
 */
const oneShotHash: typeof crypto.hash | undefined = typeof crypto.hash === 'function' ? crypto.hash : undefined;
