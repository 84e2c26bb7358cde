/**
 * Where a storage_account source stands, kept small whatever the account's age:
 *
 *   { "v": 1, "done": "2026-01-05T06:00:00.000Z",
 *     "open": { "<container>/<blob name>": ["<etag>", <offset>], … } }
 *
 * `done`: every blob of an hour before it is read to its end and never listed again. `open`: the
 * blobs of later hours (the current and previous hour, give or take `close_after_ms`) with the
 * etag seen and the byte offset just after the last complete line committed. A blob of an open
 * hour that is not in the map has not been read at all (it starts at 0).
 */
export interface StorageAccountPosition {
  readonly v: 1;
  readonly done: string;
  readonly open: Readonly<Record<string, OpenBlob>>;
}

/** `[etag, offset]`: a tuple, because there are many of them in every committed position. */
export type OpenBlob = readonly [etag: string, offset: number];

export function readPosition(value: unknown): StorageAccountPosition | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { v, done, open } = value as Record<string, unknown>;
  if (v !== 1 || typeof done !== 'string' || Number.isNaN(Date.parse(done))) return undefined;
  if (typeof open !== 'object' || open === null) return undefined;
  const blobs: Record<string, OpenBlob> = {};
  for (const [key, entry] of Object.entries(open)) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Number.isSafeInteger(entry[1]) || (entry[1] as number) < 0) return undefined;
    blobs[key] = [entry[0], entry[1] as number];
  }
  return { v: 1, done, open: blobs };
}

export function doneMs(position: StorageAccountPosition): number {
  return Date.parse(position.done);
}

export function blobKey(container: string, blob: string): string {
  return `${container}/${blob}`;
}
