import type { TestContext } from 'node:test';
import pino from 'pino';
import { BlobServiceClient } from '@azure/storage-blob';
import { StorageAccountSource } from '../../../src/sources/storage-account/storage-account.js';
import { StorageExportWriter, type StorageExportOptions } from '../../../src/simulator/storage/export-writer.js';
import { SourceStatus } from '../../../src/telemetry/source-status.js';
import { startAzurite } from '../../support/azurite.js';
import { manualClock, type ManualClock } from '../support/drive.js';

export const HOUR = 60 * 60 * 1000;
/** 12:10 UTC: the current hour is 12:00, the previous one 11:00. */
export const NOW = Date.parse('2026-01-05T12:10:00Z');

export interface Harness {
  readonly writer: StorageExportWriter;
  readonly service: BlobServiceClient;
  readonly clock: ManualClock;
  readonly warnings: string[];
  source(overrides?: { batchMaxRecords?: number; chunkBytes?: number; containers?: string[] }): { source: StorageAccountSource; status: SourceStatus };
}

export async function harness(t: TestContext, writerOptions: Omit<StorageExportOptions, 'connectionString'> = {}): Promise<Harness> {
  const azurite = await startAzurite(t);
  const writer = new StorageExportWriter({ connectionString: azurite.connectionString, startMs: NOW - 8 * 60 * 1000, meanGapMs: 500, ...writerOptions });
  const clock = manualClock(NOW);
  const warnings: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(String(JSON.parse(line).msg)) });
  return {
    writer,
    service: writer.service,
    clock,
    warnings,
    source: (overrides = {}) => {
      const status = new SourceStatus('sa', clock);
      const source = new StorageAccountSource({
        name: 'sa',
        service: BlobServiceClient.fromConnectionString(azurite.connectionString),
        containers: overrides.containers === undefined ? { prefix: 'insights-logs-advancedhunting-' } : { names: overrides.containers },
        clock,
        status,
        log,
        pollIntervalMs: 60_000,
        lookbackHours: 24,
        closeAfterMs: HOUR,
        batchMaxRecords: overrides.batchMaxRecords ?? 1_000,
        chunkBytes: overrides.chunkBytes ?? 4 * 1024 * 1024,
      });
      return { source, status };
    },
  };
}

/** The identity of a record for exactly-once checks: table, ReportId and event time. */
export function keyOf(record: Record<string, unknown>): string {
  const properties = record.properties as Record<string, unknown>;
  return `${String(record.category).slice('AdvancedHunting-'.length)}|${String(properties.ReportId ?? properties.AlertId)}|${String(properties.Timestamp)}|${String(properties.DeviceId ?? properties.EntityType ?? '')}`;
}
