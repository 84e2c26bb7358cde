import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * Names of rotated files: `alert.ndjson` becomes `alert-20261123T220151123Z.ndjson` (then `.gz`),
 * keeping the extension so that tools still recognise the format, and sorting in time order.
 */
export function rotatedPath(path: string, now: Date): string {
  const extension = extname(path);
  const stem = path.slice(0, path.length - extension.length);
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  let candidate = `${stem}-${stamp}${extension}`;
  for (let n = 1; existsSync(candidate) || existsSync(`${candidate}.gz`); n += 1) candidate = `${stem}-${stamp}-${n}${extension}`;
  return candidate;
}

/** Rotated files of `path` left uncompressed (a crash during compression), and temp leftovers. */
export async function leftovers(path: string): Promise<{ uncompressed: string[]; temporary: string[] }> {
  const extension = extname(path);
  const stem = basename(path, extension);
  const pattern = new RegExp(`^${escape(stem)}-\\d{8}T\\d{9}Z(-\\d+)?${escape(extension)}(\\.gz\\.tmp)?$`);
  const folder = dirname(path);
  const names = (await readdir(folder)).filter((name) => pattern.test(name));
  return {
    uncompressed: names.filter((name) => !name.endsWith('.tmp')).map((name) => join(folder, name)),
    temporary: names.filter((name) => name.endsWith('.tmp')).map((name) => join(folder, name)),
  };
}

/** Gzips a rotated file into `<file>.gz` (via a temporary name, so a crash never leaves half a .gz). */
export async function compress(file: string): Promise<void> {
  const temporary = `${file}.gz.tmp`;
  await pipeline(createReadStream(file), createGzip(), createWriteStream(temporary, { flush: true }));
  await rename(temporary, `${file}.gz`);
  // The .gz must be durably in the folder before the only other copy goes.
  await syncDirectory(dirname(file));
  await unlink(file);
}

export async function rotate(path: string, now: Date): Promise<string> {
  const target = rotatedPath(path, now);
  await rename(path, target);
  return target;
}

/**
 * Makes the folder's entries durable (renames, new files): fsync of a file covers its bytes, not
 * its name, so after a power cut a rotated or newly created file could be missing without this.
 */
export async function syncDirectory(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
