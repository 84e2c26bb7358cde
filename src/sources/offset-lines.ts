const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** A line without its terminator, and the byte offset just past that terminator. */
export interface OffsetLine {
  readonly text: string;
  readonly end: number;
}

/**
 * Splits a byte stream into UTF-8 lines (`\n` or `\r\n`) and tells where each ends, so that a
 * reader can commit "everything before byte N is done" and later resume exactly there. `base` is
 * the offset of the stream's first byte. A last line without a terminator is still a line.
 */
export async function* linesWithOffsets(chunks: AsyncIterable<Buffer>, base: number): AsyncGenerator<OffsetLine> {
  let partial: Buffer[] = [];
  let offset = base;
  for await (const chunk of chunks) {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE, start); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, newline);
      const bytes = partial.length === 0 ? piece : Buffer.concat([...partial, piece]);
      partial = [];
      offset += bytes.length + 1;
      yield { text: decode(bytes), end: offset };
      start = newline + 1;
    }
    if (start < chunk.length) partial.push(chunk.subarray(start));
  }
  if (partial.length > 0) {
    const bytes = Buffer.concat(partial);
    offset += bytes.length;
    yield { text: decode(bytes), end: offset };
  }
}

function decode(bytes: Buffer): string {
  const length = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
  return bytes.toString('utf8', 0, length);
}
