import { isAscii } from 'node:buffer';
import { recordsArraySpans } from './json-spans.js';

const utf8 = new TextDecoder('utf-8');

/**
 * The records of one Event Hubs message body, `{"records":[…]}`: their number, and each one's
 * exact text, cut out only when asked for. An element need not be JSON yet: the body then is not
 * JSON either, and the caller turns it into one record, `wholeBodyRecord(body)`.
 */
export interface MessageRecords {
  readonly count: number;
  text(index: number): string;
  /**
   * Records of the same Advanced Hunting table share a group, read from the text (not parsed):
   * a hint for mapping a table's records together, which is faster; any grouping gives the same
   * documents.
   */
  group(index: number): number;
}

/**
 * The records of a well-formed message body (see recordsArraySpans), or undefined: then the body
 * as a whole is one record (wholeBodyRecord), which the event normalizer turns into a
 * pipeline_error document keeping that text (not JSON, no `records` array), or maps if it is a
 * single record (it has a `category`). So a bad message is visible in the SIEM, never dropped,
 * and never stops the partition; and splitting here or in the normalizer yields the same
 * documents.
 */
export function messageRecords(body: unknown): MessageRecords | undefined {
  if (body instanceof Uint8Array) return byteRecords(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  const text = bodyText(body);
  const spans = recordsArraySpans(text);
  if (spans === undefined) return undefined;
  return spannedRecords(spans, tableGroups(text, spans), (start, end) => text.slice(start, end));
}

/**
 * The records of a body received as bytes (the usual case). The body is scanned as Latin-1, a
 * character per byte, so that indexes are byte offsets: JSON's structure is ASCII and no byte of
 * a multi-byte UTF-8 character is, so the structure read, and whether it is valid, are those of
 * the UTF-8 text. Each record is then decoded from its own bytes, a string of its own: slices of
 * the body's text would keep the whole text alive, and the garbage collector copying it, as long
 * as any of its records is. (Decoding a record alone gives the same text as decoding the body:
 * records begin and end with ASCII characters.) A UTF-8 byte order mark is skipped, as decoding
 * the whole body does.
 */
function byteRecords(bytes: Buffer): MessageRecords | undefined {
  const from = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const text = bytes.toString('latin1', from);
  const spans = recordsArraySpans(text);
  if (spans === undefined) return undefined;
  const groups = tableGroups(text, spans);
  if (isAscii(bytes)) return spannedRecords(spans, groups, (start, end) => bytes.toString('latin1', from + start, from + end));
  return spannedRecords(spans, groups, (start, end) => utf8.decode(bytes.subarray(from + start, from + end)));
}

function spannedRecords(spans: readonly number[], groups: readonly number[], cut: (start: number, end: number) => string): MessageRecords {
  return { count: groups.length, text: (index) => cut(spans[2 * index]!, spans[2 * index + 1]!), group: (index) => groups[index]! };
}

/**
 * The text of a body that is not a well-formed message, as one record. The normalizer skips blank
 * lines (they hold no record); an empty message is still a message someone sent, so it is passed
 * as a JSON string, which becomes a pipeline_error document.
 */
export function wholeBodyRecord(body: unknown): string {
  const text = bodyText(body);
  return text.trim().length === 0 ? JSON.stringify(text) : text;
}

const CATEGORY = '"category":"';

/**
 * Each record's group: the same number for the same `"category":"…"` text (Defender writes it
 * without spaces), 0 where there is none. The next occurrence is remembered, so that records
 * without one do not each search the rest of the body.
 */
function tableGroups(text: string, spans: readonly number[]): number[] {
  const numbers = new Map<string, number>();
  const groups: number[] = [];
  let next = text.indexOf(CATEGORY);
  for (let index = 0; index < spans.length; index += 2) {
    if (next !== -1 && next < spans[index]!) next = text.indexOf(CATEGORY, spans[index]);
    if (next === -1 || next >= spans[index + 1]!) {
      groups.push(0);
      continue;
    }
    const from = next + CATEGORY.length;
    const table = text.slice(from, text.indexOf('"', from));
    let group = numbers.get(table);
    if (group === undefined) numbers.set(table, (group = numbers.size + 1));
    groups.push(group);
  }
  return groups;
}

/**
 * A body as bytes, for a normalizer thread: the bytes received (the usual case), or the UTF-8 of
 * the text `messageRecords` would read from an AMQP value, so that splitting them later yields
 * the same records.
 */
export function bodyBytes(body: unknown): Uint8Array {
  return body instanceof Uint8Array ? body : utf8Encoder.encode(bodyText(body));
}

const utf8Encoder = new TextEncoder();

/**
 * Bodies are received as bytes (`skipParsingBodyAsJson`: the SDK's own JSON.parse would lose the
 * original text). Invalid UTF-8 is replaced by U+FFFD: such a body is not JSON anyway and becomes
 * a pipeline_error whose text shows where it went wrong. A producer may also send an AMQP value
 * (a string, a map): a string is the text, anything else its JSON.
 */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined) return '';
  // Pure ASCII (the usual body) reads as Latin-1, a plain copy, several times faster than UTF-8
  // decoding, which gives the same text for such bytes.
  if (body instanceof Uint8Array) return isAscii(body) ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1') : utf8.decode(body);
  try {
    return JSON.stringify(body) ?? String(body);
  } catch {
    return String(body);
  }
}
