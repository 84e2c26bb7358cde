import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Counts the lines of a file that another process is appending to, reading only what was added
 * since the last call: the streaming bench's view of how many documents the file sink has written.
 */
export class GrowingFileLines {
  readonly #path: string;
  readonly #chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
  #fd: number | undefined;
  #offset = 0;
  #lines = 0;

  constructor(path: string) {
    this.#path = path;
  }

  /** Lines completed so far (0 while the file does not exist yet). */
  count(): number {
    if (this.#fd === undefined) {
      try {
        this.#fd = openSync(this.#path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
        throw error;
      }
    }
    for (;;) {
      const read = readSync(this.#fd, this.#chunk, 0, this.#chunk.length, this.#offset);
      if (read === 0) return this.#lines;
      this.#offset += read;
      for (let at = this.#chunk.indexOf(0x0a); at !== -1 && at < read; at = this.#chunk.indexOf(0x0a, at + 1)) this.#lines += 1;
    }
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
