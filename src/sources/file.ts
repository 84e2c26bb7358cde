import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { PermanentError } from '../core/errors.js';
import type { Source, SourceBatch, SourcePosition } from '../core/source.js';
import type { Stream } from '../core/stream.js';
import type { Logger } from '../telemetry/log.js';
import { linesWithOffsets } from './offset-lines.js';

export interface FileSourceOptions {
  readonly name: string;
  readonly stream: Stream;
  readonly path: string;
  readonly batchMaxRecords: number;
}

/**
 * Where a file source has got to: `offset` counts bytes of the file (of its decompressed content
 * for `.gz`) up to the end of the last committed line; `line` is that line's number, for people.
 */
interface FilePosition {
  readonly path: string;
  readonly offset: number;
  readonly line: number;
}

/**
 * Replays an NDJSON file (or `.gz`, decompressed as a stream) of raw records of one stream, from
 * the last committed line to the end of the file, then ends.
 */
export class FileSource implements Source {
  readonly name: string;

  constructor(
    private readonly options: FileSourceOptions,
    private readonly log: Logger,
  ) {
    this.name = options.name;
  }

  async *read(from: SourcePosition | undefined, signal: AbortSignal): AsyncGenerator<SourceBatch> {
    const { path, stream, batchMaxRecords } = this.options;
    const start = this.startPosition(from);
    const gzip = path.endsWith('.gz');
    // A plain file is read from the offset; gzip cannot seek, so its prefix is decompressed and skipped.
    const input = openFile(path, gzip ? 0 : start.offset);
    let records: string[] = [];
    let position = start;
    let yielded = start;
    try {
      for await (const { text, end } of linesWithOffsets(input, gzip ? 0 : start.offset)) {
        if (end <= start.offset) continue;
        position = { path, offset: end, line: position.line + 1 };
        if (text.trim().length > 0) records.push(text);
        if (records.length >= batchMaxRecords) {
          yield { stream, records, position };
          records = [];
          yielded = position;
        }
        if (signal.aborted) break;
      }
    } catch (error) {
      throw fileError(path, error);
    } finally {
      input.destroy();
    }
    // The tail (or what was read before an abort) still commits, blank lines included.
    if (position !== yielded) yield { stream, records, position };
  }

  private startPosition(from: SourcePosition | undefined): FilePosition {
    const { path } = this.options;
    const beginning: FilePosition = { path, offset: 0, line: 0 };
    if (from === undefined) return beginning;
    if (!isFilePosition(from)) {
      this.log.warn({ source: this.name, position: from }, 'unreadable stored position: reading the file from the start');
      return beginning;
    }
    if (from.path !== path) {
      this.log.warn({ source: this.name, previous: from.path, path }, 'the source reads another file than before: reading it from the start');
      return beginning;
    }
    if (!path.endsWith('.gz') && fileSize(path) < from.offset) {
      this.log.warn({ source: this.name, path, offset: from.offset }, 'the file is shorter than the committed offset (truncated or replaced): reading it from the start');
      return beginning;
    }
    return from;
  }
}

function openFile(path: string, start: number): Readable {
  const file = createReadStream(path, { start, highWaterMark: 256 * 1024 });
  if (!path.endsWith('.gz')) return file;
  const gunzip = createGunzip();
  // pipe() does not forward errors: the reader must see a read error of the file.
  file.on('error', (error) => gunzip.destroy(error));
  gunzip.on('close', () => file.destroy());
  return file.pipe(gunzip);
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** A missing or unreadable file, or a corrupt gzip, will not fix itself: the source stops. */
function fileError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message;
  if (code === 'ENOENT') return new PermanentError(`cannot read ${path}: no such file`, { cause: error });
  if (code === 'EACCES' || code === 'EISDIR') return new PermanentError(`cannot read ${path}: ${code}`, { cause: error });
  if (code?.startsWith('Z_')) return new PermanentError(`corrupt gzip data in ${path}: ${message}`, { cause: error });
  return new Error(`cannot read ${path}: ${message}`, { cause: error });
}

function isFilePosition(value: unknown): value is FilePosition {
  const position = value as Partial<FilePosition> | null;
  return (
    typeof position === 'object' &&
    position !== null &&
    typeof position.path === 'string' &&
    Number.isSafeInteger(position.offset) &&
    Number.isSafeInteger(position.line)
  );
}
