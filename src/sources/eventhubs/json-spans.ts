/**
 * Where each element of the top-level `records` array of a message body lies: `[start0, end0,
 * start1, end1, …]`, indexes into `text`. Undefined unless `text` is, around those elements, a
 * well-formed JSON object holding a `records` array and no `category` key (with a duplicated key
 * the last one counts, as in JSON.parse): every key and every other value is checked here with
 * JSON.parse, the elements are not. So `text` is valid JSON exactly when each element's text
 * parses, and then these are exactly the elements JSON.parse would read, each with its original
 * text (`event.original`, the document id, integers beyond 2^53 that JSON.parse would round).
 * Parsing the elements one by one, as they are mapped, keeps one record's values alive at a time
 * instead of a whole body's.
 */
export function recordsArraySpans(text: string): number[] | undefined {
  let at = skipSpace(text, 0);
  if (text.charCodeAt(at) !== OPEN_BRACE) return undefined;
  at = skipSpace(text, at + 1);
  let records: number[] | undefined;
  for (let more = text.charCodeAt(at) !== CLOSE_BRACE; more; ) {
    if (text.charCodeAt(at) !== QUOTE) return undefined;
    const keyEnd = skipString(text, at);
    const key = parsed(text.slice(at, keyEnd));
    // A `category` makes the object a record, not a message body (the event normalizer's rule).
    if (typeof key !== 'string' || key === 'category') return undefined;
    at = skipSpace(text, keyEnd);
    if (text.charCodeAt(at) !== COLON) return undefined;
    const valueStart = skipSpace(text, at + 1);
    let valueEnd: number;
    if (key === 'records' && text.charCodeAt(valueStart) === OPEN_BRACKET) {
      const elements = arrayElements(text, valueStart);
      if (elements === undefined) return undefined;
      // An earlier `records` array is overridden, but must be JSON all the same.
      if (records !== undefined && !areJson(text, records)) return undefined;
      records = elements.spans;
      valueEnd = elements.end;
    } else {
      valueEnd = skipValue(text, valueStart);
      if (parsed(text.slice(valueStart, valueEnd)) === NOT_JSON) return undefined;
      if (key === 'records') {
        // The last `records` is not an array: not a message body.
        if (records !== undefined && !areJson(text, records)) return undefined;
        records = undefined;
      }
    }
    at = skipSpace(text, valueEnd);
    more = text.charCodeAt(at) === COMMA;
    if (more) at = skipSpace(text, at + 1);
  }
  if (text.charCodeAt(at) !== CLOSE_BRACE || skipSpace(text, at + 1) !== text.length) return undefined;
  return records;
}

/** The elements of the array opening at `open`, and the index after its closing bracket; undefined if its commas and brackets are amiss. */
function arrayElements(text: string, open: number): { spans: number[]; end: number } | undefined {
  const spans: number[] = [];
  let at = skipSpace(text, open + 1);
  if (text.charCodeAt(at) === CLOSE_BRACKET) return { spans, end: at + 1 };
  for (;;) {
    const end = skipValue(text, at);
    if (end === at) return undefined;
    spans.push(at, end);
    at = skipSpace(text, end);
    const next = text.charCodeAt(at);
    if (next === CLOSE_BRACKET) return { spans, end: at + 1 };
    if (next !== COMMA) return undefined;
    at = skipSpace(text, at + 1);
  }
}

function areJson(text: string, spans: readonly number[]): boolean {
  for (let index = 0; index < spans.length; index += 2) if (parsed(text.slice(spans[index], spans[index + 1])) === NOT_JSON) return false;
  return true;
}

const NOT_JSON = Symbol('not JSON');

function parsed(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** The index just after the value starting at `start` (assuming it is JSON: the caller checks). */
function skipValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return skipString(text, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) return skipNested(text, start);
  // A number, true, false or null: up to the next delimiter.
  let at = start;
  while (at < text.length && !isDelimiter(text.charCodeAt(at))) at += 1;
  return at;
}

function skipNested(text: string, start: number): number {
  let depth = 0;
  for (let at = start; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) at = skipString(text, at) - 1;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth += 1;
    else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && --depth === 0) return at + 1;
  }
  return text.length;
}

/**
 * The index just after the string whose opening quote is at `start`: the first quote not escaped
 * (preceded by an even number of backslashes). indexOf finds quote candidates natively, much
 * faster than a loop over every character of the long strings records are made of.
 */
function skipString(text: string, start: number): number {
  for (let from = start + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let before = quote - 1;
    while (before > start && text.charCodeAt(before) === BACKSLASH) before -= 1;
    if ((quote - 1 - before) % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

function skipSpace(text: string, start: number): number {
  let at = start;
  while (at < text.length && isSpace(text.charCodeAt(at))) at += 1;
  return at;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function isDelimiter(code: number): boolean {
  return code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isSpace(code);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
