import { createGunzip } from 'node:zlib';
import type { Clock } from '../../core/clock.js';
import { DefenderSiemError } from '../../core/errors.js';
import type { SourceBatch } from '../../core/source.js';
import { readLines } from '../../io/read-lines.js';
import type { ApiClient } from '../../microsoft/api.js';
import type { Logger } from '../../telemetry/log.js';
import { isComplete, type SnapshotPosition } from './snapshot-position.js';

export interface ExportReadOptions {
  readonly mde: ApiClient;
  readonly tenantId: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly source: string;
  readonly batchMaxRecords: number;
  readonly sasValidHours: number;
}

interface ExportListing {
  readonly files: readonly string[];
  readonly generatedTime: string;
}

/** How often one snapshot may ask for fresh links before the source gives up this sweep. */
const MAX_LINK_REFRESHES = 5;

/**
 * One full snapshot through `SoftwareVulnerabilitiesExport`: the API lists pre-signed links to
 * gzip JSON-lines files; each file is streamed (never whole in memory) and its lines are yielded
 * in batches with the (snapshot, file, line) reached. Links expire (`sasValidHours`): an expired
 * one makes the source ask for fresh links and carry on at the same line if the snapshot is the
 * same, or start the new snapshot over if Microsoft generated one meanwhile.
 */
export async function* readExportSnapshot(options: ExportReadOptions, from: SnapshotPosition | undefined, signal: AbortSignal): AsyncIterable<SourceBatch> {
  let listing = await listExport(options, signal);
  if (isComplete(from) && from.snapshot === listing.generatedTime) {
    options.log.info({ source: options.source, snapshot: listing.generatedTime }, 'the vulnerability export has not been regenerated since the last complete snapshot; nothing new to send');
    return;
  }
  let file = 0;
  let line = 0;
  if (from !== undefined && !isComplete(from) && from.snapshot === listing.generatedTime) ({ file, line } = from);
  let refreshes = 0;
  while (file < listing.files.length) {
    let body;
    try {
      body = await options.mde.download(listing.files[file]!, signal);
    } catch (error) {
      if (!isLinkExpired(error) || refreshes >= MAX_LINK_REFRESHES) throw error;
      refreshes += 1;
      const fresh = await listExport(options, signal);
      options.log.info({ source: options.source, file, snapshot: fresh.generatedTime }, 'export links expired; asked Microsoft for fresh ones');
      if (fresh.generatedTime !== listing.generatedTime) ({ file, line } = { file: 0, line: 0 });
      listing = fresh;
      continue;
    }
    const gunzip = createGunzip();
    body.on('error', (error) => gunzip.destroy(error));
    let records: string[] = [];
    let seen = 0;
    for await (const text of readLines(body.pipe(gunzip))) {
      seen += 1;
      if (seen <= line || text.trim() === '') continue;
      records.push(text);
      if (records.length >= options.batchMaxRecords) {
        yield batch(options, records, { snapshot: listing.generatedTime, file, line: seen });
        records = [];
      }
    }
    file += 1;
    line = 0;
    yield batch(options, records, { snapshot: listing.generatedTime, file, line: 0 });
  }
  yield batch(options, [], { snapshot: listing.generatedTime, completedMs: options.clock.now() });
}

function batch(options: ExportReadOptions, records: string[], position: SnapshotPosition): SourceBatch {
  return { stream: 'vulnerability', records, position, tenantId: options.tenantId };
}

async function listExport(options: ExportReadOptions, signal: AbortSignal): Promise<ExportListing> {
  const response = await options.mde.getJson(`machines/SoftwareVulnerabilitiesExport?sasValidHours=${options.sasValidHours}`, signal, { budget: 'mde:export' });
  const { exportFiles, generatedTime } = (response ?? {}) as { exportFiles?: unknown; generatedTime?: unknown };
  if (!Array.isArray(exportFiles) || !exportFiles.every((url) => typeof url === 'string') || typeof generatedTime !== 'string') {
    throw new DefenderSiemError('ERR_EXPORT_SHAPE', 'SoftwareVulnerabilitiesExport answered without exportFiles/generatedTime; retrying later (if this persists, check mde_host points at the Defender for Endpoint API)');
  }
  return { files: exportFiles as string[], generatedTime };
}

function isLinkExpired(error: unknown): boolean {
  return error instanceof DefenderSiemError && error.code === 'ERR_LINK_EXPIRED';
}
