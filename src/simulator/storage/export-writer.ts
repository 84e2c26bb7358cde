import { BlobServiceClient, type AppendBlobClient } from '@azure/storage-blob';
import { sleep } from '../../core/retry.js';
import { blobName, floorHour } from '../../sources/storage-account/blob-path.js';
import { createRng, createTenant, generateEvents, type AhRecord, type EventMix, type Rng, type Seed, type Tenant, type TenantOptions } from '../generate/index.js';
import { DEFAULT_START_MS } from '../generate/time.js';
import { containerOf, STREAMED_MIX, storageLine, tableOf, truthLine, type StorageTruthLine } from './record-line.js';

export interface StorageExportOptions {
  /** The blob service to write to (an Azurite connection string). */
  readonly connectionString: string;
  readonly seed?: Seed;
  readonly tenant?: TenantOptions;
  /** Table weights; default the generator's mix restricted to the streamed tables. */
  readonly mix?: EventMix;
  /** Event time of the first record (epoch ms); default the generator's fixed date. */
  readonly startMs?: number;
  /** Mean gap between consecutive events' times (default 3 s). */
  readonly meanGapMs?: number;
}

/** An append blob takes blocks of at most 4 MiB (older service versions; Azurite included). */
const MAX_BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * Writes the Streaming API's Storage export as Defender does: one container per table, one append
 * blob per tenant and hour (of the record's `time`), CRLF-terminated JSON lines appended as events
 * arrive. Same seed, same records, in the same blobs.
 */
export class StorageExportWriter {
  readonly service: BlobServiceClient;
  readonly tenant: Tenant;
  readonly #rng: Rng;
  readonly #mix: EventMix;
  readonly #meanGapMs: number;
  readonly #created = new Set<string>();
  #nextStartMs: number;

  constructor(options: StorageExportOptions) {
    const seed = options.seed ?? 'storage-export';
    this.service = BlobServiceClient.fromConnectionString(options.connectionString);
    this.tenant = createTenant(seed, options.tenant ?? { devices: 20, users: 30 });
    this.#rng = createRng(seed).fork('storage-events');
    this.#mix = options.mix ?? STREAMED_MIX;
    this.#meanGapMs = options.meanGapMs ?? 3_000;
    this.#nextStartMs = options.startMs ?? DEFAULT_START_MS;
  }

  /** Generates the next `count` records, appends them, and returns what their collection must yield. */
  async append(count: number): Promise<StorageTruthLine[]> {
    const records = generateEvents(this.tenant, count, this.#rng, { mix: this.#mix, startMs: this.#nextStartMs, meanGapMs: this.#meanGapMs, everyTable: false });
    const last = records.at(-1);
    if (last !== undefined) this.#nextStartMs = Date.parse(String(last.properties.Timestamp));
    await this.appendRecords(records);
    return records.map(truthLine);
  }

  /** Appends records to the blobs of their table, tenant and hour, one append per blob. */
  async appendRecords(records: readonly AhRecord[]): Promise<void> {
    const texts = new Map<string, { table: string; tenantId: string; hourMs: number; text: string }>();
    for (const record of records) {
      const table = tableOf(record);
      const hourMs = floorHour(Date.parse(record.time));
      const key = `${table}|${record.tenantId}|${hourMs}`;
      const entry = texts.get(key) ?? { table, tenantId: record.tenantId, hourMs, text: '' };
      entry.text += `${storageLine(record)}\r\n`;
      texts.set(key, entry);
    }
    for (const { table, tenantId, hourMs, text } of texts.values()) await this.appendText(table, hourMs, text, tenantId);
  }

  /** Appends raw text to a table's blob of an hour (tests: half lines, garbage). */
  appendText(table: string, hourMs: number, text: string, tenantId = this.tenant.id): Promise<void> {
    return this.appendBytes(table, hourMs, Buffer.from(text, 'utf8'), tenantId);
  }

  /** Appends bytes as they are (tests: a cut inside a multi-byte character). */
  async appendBytes(table: string, hourMs: number, bytes: Buffer, tenantId = this.tenant.id): Promise<void> {
    const blob = await this.#blob(table, hourMs, tenantId);
    for (let start = 0; start < bytes.length; start += MAX_BLOCK_BYTES) {
      const block = bytes.subarray(start, start + MAX_BLOCK_BYTES);
      await blob.appendBlock(block, block.length);
    }
  }

  /** The append blob of a table's hour, created (with its container) on first use. */
  blobClient(table: string, hourMs: number, tenantId = this.tenant.id): AppendBlobClient {
    return this.service.getContainerClient(containerOf(table)).getAppendBlobClient(blobName(tenantId, hourMs));
  }

  /**
   * Grows the export over time: `eventsPerSecond` records each second until `events` are written
   * or `signal` aborts. Truth lines go to `onTruth` as their records are appended.
   */
  async run(options: { events: number; eventsPerSecond: number; signal: AbortSignal; onTruth?: (lines: StorageTruthLine[]) => void }): Promise<number> {
    let written = 0;
    const tickMs = 1_000;
    while (written < options.events && !options.signal.aborted) {
      const started = Date.now();
      const count = Math.min(options.eventsPerSecond, options.events - written);
      const truth = await this.append(count);
      written += count;
      options.onTruth?.(truth);
      const waitMs = started + tickMs - Date.now();
      if (waitMs > 0 && written < options.events) await sleep(waitMs, options.signal);
    }
    return written;
  }

  async #blob(table: string, hourMs: number, tenantId: string): Promise<AppendBlobClient> {
    const blob = this.blobClient(table, hourMs, tenantId);
    const key = `${containerOf(table)}/${blob.name}`;
    if (!this.#created.has(key)) {
      await this.service.getContainerClient(containerOf(table)).createIfNotExists();
      await blob.createIfNotExists();
      this.#created.add(key);
    }
    return blob;
  }
}
