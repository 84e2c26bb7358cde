import type { Writable } from 'node:stream';
import { ACCEPTED_ALL, type Sink, type SinkDocument, type WriteResult } from '../core/sink.js';
import { ndjsonLines } from './ndjson-line.js';

/** Documents as NDJSON on standard output (logs go to standard error, so the two never mix). */
export class StdoutSink implements Sink {
  readonly destination = 'stdout';

  constructor(
    readonly name: string,
    private readonly out: Writable = process.stdout,
  ) {
    // A closed pipe (EPIPE) reaches write()'s callback; without a listener it would also be an
    // uncaught 'error' event that kills the process while documents sit unacknowledged.
    out.on('error', () => {});
  }

  write(docs: readonly SinkDocument[], signal: AbortSignal): Promise<WriteResult> {
    signal.throwIfAborted();
    // Accepted once the stream took the bytes: the write callback waits for them to be flushed.
    return new Promise((resolve, reject) => {
      this.out.write(ndjsonLines(docs), (error) => (error ? reject(error) : resolve(ACCEPTED_ALL)));
    });
  }

  async close(): Promise<void> {}
}
