/**
 * JSON.parse turns an integer beyond 2^53 into the nearest double (123456789012345678 becomes
 * …680), while Elasticsearch keeps every digit, so a keyword made from such a number must be
 * read from the raw text: the number after `"<key>":` whose value equals the parsed one. A
 * linear scan with indexOf; undefined when the key is absent or its occurrences disagree.
 */
export function exactIntegerText(original: string, key: string, parsed: number): string | undefined {
  const needle = JSON.stringify(key);
  let found: string | undefined;
  for (let at = original.indexOf(needle); at >= 0; at = original.indexOf(needle, at + 1)) {
    const digits = integerAfterColon(original, at + needle.length);
    if (digits === undefined || Number(digits) !== parsed) continue;
    if (found !== undefined && found !== digits) return undefined;
    found = digits;
  }
  return found;
}

function integerAfterColon(text: string, start: number): string | undefined {
  let position = skipSpace(text, start);
  if (text[position] !== ':') return undefined;
  position = skipSpace(text, position + 1);
  const begin = position;
  if (text[position] === '-') position++;
  while (position < text.length && isDigit(text[position]!)) position++;
  const next = text[position];
  if (position === begin || next === '.' || next === 'e' || next === 'E') return undefined;
  return text.slice(begin, position);
}

function skipSpace(text: string, position: number): number {
  let at = position;
  while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r')) at++;
  return at;
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}
