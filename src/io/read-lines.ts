import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * Lines of an NDJSON input (a file, a `.gz` file streamed through gunzip, or a stream such as
 * stdin), without the line terminator (`\n` or `\r\n`). Never loads the whole input in memory.
 */
export function readLines(input: Readable): AsyncIterable<string> {
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

export function openInput(path: string): Readable {
  const file = createReadStream(path);
  if (!path.endsWith('.gz')) return file;
  const gunzip = createGunzip();
  // pipe() does not forward errors: a read error must reach whoever consumes the gunzip stream.
  file.on('error', (error) => gunzip.destroy(error));
  return file.pipe(gunzip);
}
