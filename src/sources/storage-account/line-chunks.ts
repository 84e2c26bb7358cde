/** Complete lines found in the bytes of a blob range, and the offset just after the last one. */
export interface LineChunk {
  readonly records: string[];
  /** Blob offset after the last `\n` consumed: the next read starts here. */
  readonly end: number;
}

/**
 * Splits appended bytes into lines on `\n` (a trailing `\r` is dropped: captures use CRLF),
 * counting offsets in bytes so multi-byte UTF-8 never shifts them. The bytes after the last
 * `\n` are held back (`carry`): a line being appended is never emitted half written. Blank
 * lines are skipped (their bytes still count).
 */
export class LineSplitter {
  #carry: Buffer = Buffer.alloc(0);
  #carryStart: number;

  constructor(
    from: number,
    private readonly maxRecords: number,
  ) {
    this.#carryStart = from;
  }

  /** Feeds the bytes that follow the previous ones; returns batches of at most maxRecords lines. */
  push(bytes: Buffer): LineChunk[] {
    const data = this.#carry.length === 0 ? bytes : Buffer.concat([this.#carry, bytes]);
    const base = this.#carryStart;
    const chunks: LineChunk[] = [];
    let records: string[] = [];
    let start = 0;
    for (let newline = data.indexOf(10, start); newline >= 0; newline = data.indexOf(10, start)) {
      const stop = newline > start && data[newline - 1] === 13 ? newline - 1 : newline;
      const line = data.toString('utf8', start, stop);
      start = newline + 1;
      if (line.trim() !== '') records.push(line);
      if (records.length >= this.maxRecords) {
        chunks.push({ records, end: base + start });
        records = [];
      }
    }
    if (records.length > 0) chunks.push({ records, end: base + start });
    this.#carry = data.subarray(start);
    this.#carryStart = base + start;
    return chunks;
  }

  /**
   * At the end of a blob that will grow no more (its hour is closed): the held-back bytes are a
   * complete last line whose terminator was never written.
   */
  finish(): LineChunk | undefined {
    const line = this.#carry.toString('utf8').replace(/\r$/, '');
    const end = this.#carryStart + this.#carry.length;
    this.#carry = Buffer.alloc(0);
    this.#carryStart = end;
    return line.trim() === '' ? undefined : { records: [line], end };
  }
}
