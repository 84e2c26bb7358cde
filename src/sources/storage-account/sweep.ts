import type { BlobServiceClient } from '@azure/storage-blob';
import type { SourceBatch } from '../../core/source.js';
import type { Logger } from '../../telemetry/log.js';
import { floorHour, HOUR_MS, parseBlobName } from './blob-path.js';
import { readAppendedLines } from './blob-reader.js';
import { listContainers, listHourlyBlobs, type ContainerChoice, type ListedBlob } from './listing.js';
import { blobKey, doneMs, type OpenBlob, type StorageAccountPosition } from './position.js';

export interface SweepSettings {
  readonly source: string;
  readonly service: BlobServiceClient;
  readonly containers: ContainerChoice;
  readonly log: Logger;
  /** How long after its end an hour's blob may still be appended to (export lag). */
  readonly closeAfterMs: number;
  readonly batchMaxRecords: number;
  readonly chunkBytes: number;
}

/**
 * One poll: lists the blobs of every hour not yet done, reads what was appended to each since its
 * committed offset (oldest hour first) and yields it in batches, each carrying the whole position
 * with that blob's new offset. Hours that are now closed and fully read move behind `done` in a
 * last, empty batch, which drops their entries from the position.
 */
export async function* sweepStorage(settings: SweepSettings, from: StorageAccountPosition, nowMs: number, signal: AbortSignal, remember: (position: StorageAccountPosition) => void): AsyncIterable<SourceBatch> {
  const { service, log } = settings;
  const done = doneMs(from);
  // Hours before this one are closed: nothing more will be appended, an unterminated last line is whole.
  const closedBefore = floorHour(nowMs - HOUR_MS - settings.closeAfterMs) + HOUR_MS;
  const open: Record<string, OpenBlob> = { ...from.open };
  const blobs: ListedBlob[] = [];
  for (const container of await listContainers(service, settings.containers, signal)) {
    blobs.push(...(await listHourlyBlobs(service, container, done, nowMs, signal)));
  }
  blobs.sort((a, b) => a.hourMs - b.hourMs || compare(a.container, b.container) || compare(a.name, b.name));

  for (const blob of blobs) {
    const key = blobKey(blob.container, blob.name);
    const entry = open[key];
    const final = blob.hourMs < closedBefore;
    // Same etag: not one byte appended since the committed read (a closed hour is read once more
    // for a last line that never got its newline).
    if (entry !== undefined && entry[0] === blob.etag && !final) continue;
    let offset = entry?.[1] ?? 0;
    if (blob.size < offset) {
      log.warn({ source: settings.source, container: blob.container, blob: blob.name, committed_offset: offset, size: blob.size }, 'blob replaced (new etag, smaller than the committed offset): reading it again from the start');
      offset = 0;
    }
    const client = service.getContainerClient(blob.container).getBlobClient(blob.name);
    for await (const chunk of readAppendedLines(client, { from: offset, to: blob.size, final }, { chunkBytes: settings.chunkBytes, maxRecords: settings.batchMaxRecords, signal })) {
      // No etag while the blob is read part way: a restart must not take the listed etag as
      // "nothing new" and skip the rest.
      offset = chunk.end;
      open[key] = [READING, offset];
      const position: StorageAccountPosition = { v: 1, done: from.done, open: { ...open } };
      remember(position);
      yield { stream: 'event', records: chunk.records, position, tenantId: blob.tenantId };
    }
    if (signal.aborted) return;
    // Read up to the listed size (a partial last line held back): this etag means "nothing new".
    // Committed with the next batch; lost in a crash before it, the blob's tail is read once more.
    open[key] = [blob.etag, offset];
    remember({ v: 1, done: from.done, open: { ...open } });
  }
  if (signal.aborted) return;

  const nextDone = Math.max(done, closedBefore);
  if (nextDone > done) {
    for (const key of Object.keys(open)) if (hourOfKey(key) < nextDone) delete open[key];
    const position: StorageAccountPosition = { v: 1, done: new Date(nextDone).toISOString(), open };
    remember(position);
    yield { stream: 'event', records: [], position };
  }
}

/** The etag of a blob being read: never equal to a listed one. */
const READING = '';

function hourOfKey(key: string): number {
  return parseBlobName(key.slice(key.indexOf('/') + 1))?.hourMs ?? Number.NEGATIVE_INFINITY;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
