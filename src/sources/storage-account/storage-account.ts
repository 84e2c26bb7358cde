import type { BlobServiceClient } from '@azure/storage-blob';
import type { Clock } from '../../core/clock.js';
import type { Source, SourceBatch, SourcePosition } from '../../core/source.js';
import type { Logger } from '../../telemetry/log.js';
import type { SourceStatus } from '../../telemetry/source-status.js';
import { pollLoop } from '../poll/poll-loop.js';
import { floorHour, HOUR_MS } from './blob-path.js';
import type { ContainerChoice } from './listing.js';
import { readPosition, type StorageAccountPosition } from './position.js';
import { sweepStorage } from './sweep.js';

export interface StorageAccountOptions {
  readonly name: string;
  readonly service: BlobServiceClient;
  readonly containers: ContainerChoice;
  readonly clock: Clock;
  readonly status: SourceStatus;
  readonly log: Logger;
  readonly pollIntervalMs: number;
  /** A first run (no position) starts this many hours back. */
  readonly lookbackHours: number;
  readonly closeAfterMs: number;
  readonly batchMaxRecords: number;
  readonly chunkBytes: number;
}

/**
 * Advanced Hunting events from the Streaming API's export to Azure Storage: one append blob per
 * table (container) and hour, one JSON record per line, growing during the hour. Each poll reads
 * the bytes appended since the committed offsets; see position.ts for what is committed.
 */
export class StorageAccountSource implements Source {
  readonly name: string;

  constructor(private readonly options: StorageAccountOptions) {
    this.name = options.name;
  }

  async *read(from: SourcePosition | undefined, signal: AbortSignal): AsyncIterable<SourceBatch> {
    const { options } = this;
    let position = readPosition(from);
    if (position === undefined) {
      if (from !== undefined) options.log.warn({ source: this.name }, `the stored position is not a storage_account position: starting ${options.lookbackHours} h back`);
      position = { v: 1, done: new Date(floorHour(options.clock.now() - options.lookbackHours * HOUR_MS)).toISOString(), open: {} };
    }
    const settings = { ...options, source: options.name };
    yield* pollLoop({
      intervalMs: options.pollIntervalMs,
      clock: options.clock,
      status: options.status,
      signal,
      sweep: (startedMs) => this.sweep(settings, position!, startedMs, signal, (next) => (position = next)),
    });
  }

  private async *sweep(settings: Parameters<typeof sweepStorage>[0], from: StorageAccountPosition, startedMs: number, signal: AbortSignal, remember: (position: StorageAccountPosition) => void): AsyncIterable<SourceBatch> {
    yield* sweepStorage(settings, from, startedMs, signal, remember);
    // Everything appended before this poll started is committed now.
    if (!signal.aborted) this.options.status.cursorMoved(startedMs);
  }
}
