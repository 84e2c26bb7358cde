/**
 * A minimal reader of ASN.1 DER (and the BER variants PKCS#12 files from older tools use:
 * indefinite lengths, constructed OCTET STRINGs): just enough to walk a PFX.
 */
export interface Asn1 {
  /** The identifier octet: class bits, constructed bit and tag number (< 31). */
  readonly tag: number;
  readonly constructed: boolean;
  /** The content octets (for an indefinite-length element, those of its children). */
  readonly content: Buffer;
  readonly children: readonly Asn1[];
}

export const TAG = { INTEGER: 0x02, OCTET_STRING: 0x04, OID: 0x06, SEQUENCE: 0x30, SET: 0x31, CONTEXT_0: 0xa0 } as const;

export class DerError extends Error {}

export function parseDer(buffer: Buffer): Asn1 {
  const [node] = parseOne(buffer, 0);
  return node;
}

function parseOne(buffer: Buffer, offset: number): [Asn1, number] {
  if (offset + 2 > buffer.length) throw new DerError('truncated ASN.1 element');
  const tag = buffer[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte ASN.1 tags are not used in PKCS#12');
  const constructed = (tag & 0x20) !== 0;
  let position = offset + 1;
  const first = buffer[position++]!;
  if (first === 0x80) {
    // Indefinite length (BER): children until the 00 00 end-of-contents marker.
    const children: Asn1[] = [];
    while (!(buffer[position] === 0 && buffer[position + 1] === 0)) {
      const [child, next] = parseOne(buffer, position);
      children.push(child);
      position = next;
      if (position >= buffer.length) throw new DerError('unterminated indefinite-length element');
    }
    // `content` of a constructed element is never read as bytes (see octets/toDer); empty here.
    return [{ tag, constructed, content: Buffer.alloc(0), children }, position + 2];
  }
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count > 4) throw new DerError('ASN.1 length too large');
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + buffer[position++]!;
  }
  const end = position + length;
  if (end > buffer.length) throw new DerError('ASN.1 element longer than its container');
  const content = buffer.subarray(position, end);
  const children: Asn1[] = [];
  if (constructed) {
    for (let cursor = position; cursor < end; ) {
      const [child, next] = parseOne(buffer, cursor);
      children.push(child);
      cursor = next;
    }
  }
  return [{ tag, constructed, content, children }, end];
}

export function child(node: Asn1, index: number, what: string): Asn1 {
  const found = node.children[index];
  if (found === undefined) throw new DerError(`missing ${what}`);
  return found;
}

/** The bytes of an OCTET STRING, joined if it was sent in constructed pieces (BER). */
export function octets(node: Asn1): Buffer {
  // No tag check: PKCS#7's encryptedContent is an IMPLICIT [0] OCTET STRING.
  if (!node.constructed) return node.content;
  return Buffer.concat(node.children.map(octets));
}

export function oid(node: Asn1): string {
  if (node.tag !== TAG.OID) throw new DerError('expected an OBJECT IDENTIFIER');
  const bytes = node.content;
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  const head = parts.shift() ?? 0;
  const firstArc = head < 80 ? Math.floor(head / 40) : 2;
  return [firstArc, head - firstArc * 40, ...parts].join('.');
}

export function integer(node: Asn1): number {
  if (node.tag !== TAG.INTEGER) throw new DerError('expected an INTEGER');
  let value = 0;
  for (const byte of node.content) value = value * 256 + byte;
  return value;
}

/** Re-encodes an element as DER (definite lengths) — used to hand a key bag to node:crypto. */
export function encodeDer(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), content]);
}

/** The DER of a node as parsed (rebuilt, so BER input becomes DER for constructed children too). */
export function toDer(node: Asn1): Buffer {
  if (!node.constructed) return encodeDer(node.tag, node.content);
  if ((node.tag & 0x1f) === TAG.OCTET_STRING && (node.tag & 0xc0) === 0) return encodeDer(node.tag & ~0x20, octets(node));
  return encodeDer(node.tag, Buffer.concat(node.children.map(toDer)));
}
