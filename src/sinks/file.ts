import { mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ACCEPTED_ALL, type Sink, type SinkDocument, type WriteResult } from '../core/sink.js';
import type { Logger } from '../telemetry/log.js';
import { compress, leftovers, rotate, syncDirectory } from './file-rotation.js';
import { ndjsonParts } from './ndjson-line.js';
import { writeAll } from './write-all.js';

export interface FileSinkOptions {
  readonly name: string;
  readonly path: string;
  /** Rotate before a write once the file holds this much; 0 never rotates. */
  readonly rotateMaxBytes: number;
  readonly rotateGzip: boolean;
  /** fdatasync before acknowledging, so that an acknowledged document survives a power cut. */
  readonly fsync: boolean;
}

/**
 * NDJSON documents appended to a file, rotated by size. A batch is written with one write call and
 * acknowledged only after it (and, with `fsync`, the disk) took it. A crash in the middle of a
 * write leaves a partial last line, which `openFileSink` cuts: those documents were not
 * acknowledged and will be written again.
 */
export class FileSink implements Sink {
  readonly name: string;
  readonly destination: string;
  private compressing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: FileSinkOptions,
    private readonly log: Logger,
    private handle: FileHandle,
    private size: number,
  ) {
    this.name = options.name;
    this.destination = options.path;
  }

  static async open(options: FileSinkOptions, log: Logger): Promise<FileSink> {
    await mkdir(dirname(options.path), { recursive: true });
    const handle = await open(options.path, 'a+');
    if (options.fsync) await syncDirectory(dirname(options.path));
    const size = await cutPartialLine(handle, options.path, log);
    const sink = new FileSink(options, log, handle, size);
    if (options.rotateGzip) sink.finishInterruptedCompressions();
    return sink;
  }

  async write(docs: readonly SinkDocument[], signal: AbortSignal): Promise<WriteResult> {
    signal.throwIfAborted();
    const { parts, bytes } = ndjsonParts(docs);
    if (this.options.rotateMaxBytes > 0 && this.size > 0 && this.size + bytes > this.options.rotateMaxBytes) await this.rotate();
    await writeAll(this.handle, parts);
    this.size += bytes;
    if (this.options.fsync) await this.handle.datasync();
    return ACCEPTED_ALL;
  }

  async close(): Promise<void> {
    await this.handle.close();
    await this.compressing;
  }

  private async rotate(): Promise<void> {
    // One compression at a time: a sink rotating faster than gzip keeps up waits here.
    await this.compressing;
    await this.handle.close();
    let rotated: string;
    try {
      rotated = await rotate(this.options.path, new Date());
    } finally {
      // Reopened even if the rename failed, so the next write (a retry) has a live handle.
      this.handle = await open(this.options.path, 'a+');
      this.size = (await this.handle.stat()).size;
    }
    // The rename and the new file's name, durable before anything written to it is acknowledged.
    if (this.options.fsync) await syncDirectory(dirname(this.options.path));
    this.log.info({ sink: this.name, rotated }, 'rotated the output file');
    if (this.options.rotateGzip) this.compressing = this.compressQuietly(rotated);
  }

  private finishInterruptedCompressions(): void {
    this.compressing = (async () => {
      const { uncompressed, temporary } = await leftovers(this.options.path);
      await Promise.all(temporary.map((file) => unlink(file).catch(() => undefined)));
      for (const file of uncompressed) await this.compressQuietly(file);
    })().catch((error: unknown) => this.log.error({ sink: this.name, err: error }, 'cannot list rotated files'));
  }

  /** A failed compression loses nothing (the plain rotated file stays): log it, do not fail writes. */
  private async compressQuietly(file: string): Promise<void> {
    try {
      await compress(file);
    } catch (error) {
      this.log.error({ sink: this.name, file, err: error }, 'cannot gzip a rotated file; it stays uncompressed');
    }
  }
}

const TAIL_CHUNK = 64 * 1024;

/** Truncates the file after its last newline and returns the new size. */
async function cutPartialLine(handle: FileHandle, path: string, log: Logger): Promise<number> {
  const { size } = await handle.stat();
  const chunk = Buffer.alloc(TAIL_CHUNK);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - TAIL_CHUNK);
    const { bytesRead } = await handle.read(chunk, 0, end - start, start);
    const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (newline !== -1) {
      end = start + newline + 1;
      break;
    }
    end = start;
  }
  if (end < size) {
    await handle.truncate(end);
    log.warn({ path, removed_bytes: size - end }, 'cut a partial last line left by an interrupted write; its documents will be written again');
  }
  return end;
}
