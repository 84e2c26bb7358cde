import { isAscii } from 'node:buffer';
import { isPlainObject } from '../../normalize/ecs/object.js';
import { recordsArraySpans } from './json-spans.js';

const utf8 = new TextDecoder('utf-8');

/** A record's exact text and, when the body was parsed to find it, its value (`JSON.parse(text)`). */
export interface MessageRecord {
  readonly text: string;
  readonly json?: unknown;
}

/**
 * The raw records of one Event Hubs message. A Defender body is `{"records":[…]}`: each element
 * becomes one record, its exact text. Anything else becomes one record holding the whole body,
 * which the event normalizer turns into a pipeline_error document keeping that text (not JSON,
 * no `records` array) — or, for an element that is not an object, that element alone. So a bad
 * message is visible in the SIEM, never dropped, and never stops the partition.
 *
 * The rule for "is a message body" mirrors the event normalizer's (an object with a `records`
 * array and no `category`), so splitting here or there yields the same documents. A valid body
 * is parsed once: each record comes with its value, which the normalizer need not parse again.
 */
export function parsedMessageRecords(body: unknown): MessageRecord[] {
  const text = bodyText(body);
  // The normalizer skips blank lines (they hold no record); an empty message is still a message
  // someone sent, so it is passed as a JSON string, which becomes a pipeline_error document.
  if (text.trim().length === 0) return [{ text: JSON.stringify(text) }];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [{ text }];
  }
  if (!isPlainObject(json) || !Array.isArray(json.records) || json.category !== undefined) return [{ text }];
  const spans = recordsArraySpans(text);
  if (spans === undefined) return [{ text }];
  const values: unknown[] = json.records;
  // The spans are the elements of the very array JSON.parse read (the last `records` key, as in
  // JSON.parse), so element i is span i parsed; should they ever disagree, the text alone is kept.
  return spans.length === values.length ? spans.map((span, index) => ({ text: span, json: values[index] })) : spans.map((span) => ({ text: span }));
}

/**
 * A body as bytes, for a normalizer thread: the bytes received (the usual case), or the UTF-8 of
 * the text `parsedMessageRecords` would read from an AMQP value, so that splitting them later yields
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
