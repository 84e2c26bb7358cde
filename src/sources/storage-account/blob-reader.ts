import type { BlobClient } from '@azure/storage-blob';
import { LineSplitter, type LineChunk } from './line-chunks.js';

export interface BlobRange {
  readonly from: number;
  /** The size the listing reported: bytes up to here exist (append blobs only grow). */
  readonly to: number;
  /** The blob's hour is closed: an unterminated last line is complete. */
  readonly final: boolean;
}

export interface BlobReadOptions {
  readonly chunkBytes: number;
  readonly maxRecords: number;
  readonly signal: AbortSignal;
}

/**
 * Reads the bytes appended to a blob since `from` with ranged downloads of at most `chunkBytes`
 * (memory stays bounded whatever the blob's size), yielding complete lines with the offset after
 * them. Reads stop at the listed size, not at the live end: the bytes beyond are picked up by the
 * next poll, together with the etag that describes them.
 */
export async function* readAppendedLines(blob: BlobClient, range: BlobRange, options: BlobReadOptions): AsyncIterable<LineChunk> {
  const splitter = new LineSplitter(range.from, options.maxRecords);
  for (let next = range.from; next < range.to; ) {
    const count = Math.min(options.chunkBytes, range.to - next);
    const bytes = await blob.downloadToBuffer(next, count, { abortSignal: options.signal, concurrency: 1 });
    if (bytes.length === 0) break;
    next += bytes.length;
    yield* splitter.push(bytes);
  }
  if (range.final) {
    const last = splitter.finish();
    if (last !== undefined) yield last;
  }
}
