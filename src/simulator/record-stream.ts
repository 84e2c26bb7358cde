import { generateEvents } from './generate/ah/index.js';
import type { AhRecord } from './generate/ah/record.js';
import { createRng, type Rng } from './generate/rng.js';
import type { Tenant } from './generate/tenant.js';
import { STREAMED_MIX, truthLine, type StorageTruthLine } from './storage/record-line.js';

/** Records per generator call; also the unit the truth is regenerated in. */
const CHUNK = 256;
/** Defender exports an event a minute or two after it happened: record times trail the clock by that. */
const EXPORT_LAG_MS = 120_000;

export interface RecordStreamOptions {
  /** Records are drawn from these tenants, a chunk of records per tenant in turn. */
  readonly tenants: readonly Tenant[];
  readonly seed: string;
  /** Which of the simulator's streams (`eventhub`, `storage`): each draws its own records from the seed. */
  readonly name: string;
  /** Sets the records' mean time gap, so that their times keep up with the clock. */
  readonly eventsPerSecond: number;
  readonly events: number;
  /** Clock time the stream starts at; the first record's time trails it by the export lag. */
  readonly startMs: number;
}

/**
 * The Advanced Hunting records one of the simulator's Streaming API destinations receives, in
 * order. Chunk n is a pure function of (seed, name, n, tenant), which is what lets the truth be
 * recomputed on demand instead of being kept.
 */
export class RecordStream {
  readonly #options: RecordStreamOptions;
  readonly #root: Rng;
  #chunk: { index: number; records: AhRecord[] } | undefined;

  constructor(options: RecordStreamOptions) {
    if (options.tenants.length === 0) throw new RangeError('a record stream needs at least one tenant');
    if (!(options.eventsPerSecond > 0) || !Number.isFinite(options.eventsPerSecond)) throw new RangeError(`eventsPerSecond must be > 0, got ${options.eventsPerSecond}`);
    if (!Number.isSafeInteger(options.events) || options.events < 0) throw new RangeError(`events must be a whole number ≥ 0, got ${options.events}`);
    this.#options = options;
    this.#root = createRng(`${options.seed}/${options.name}`);
  }

  /** The record at a position (0-based) and the index of its tenant. */
  recordAt(position: number): { record: AhRecord; tenant: number } {
    const index = Math.floor(position / CHUNK);
    if (this.#chunk?.index !== index) this.#chunk = { index, records: this.#chunkOf(index) };
    return { record: this.#chunk.records[position - index * CHUNK]!, tenant: index % this.#options.tenants.length };
  }

  /** What the collection of the first `count` records must yield, regenerated from the seed. */
  *truth(count: number): Generator<StorageTruthLine> {
    for (let index = 0; index * CHUNK < count; index++) {
      for (const record of this.#chunkOf(index).slice(0, count - index * CHUNK)) yield truthLine(record);
    }
  }

  #chunkOf(index: number): AhRecord[] {
    const { tenants, events, eventsPerSecond, startMs } = this.#options;
    const meanGapMs = 1000 / eventsPerSecond;
    return generateEvents(tenants[index % tenants.length]!, Math.min(CHUNK, events - index * CHUNK), this.#root.fork(`chunk-${index}`), {
      mix: STREAMED_MIX,
      startMs: Math.floor(startMs - EXPORT_LAG_MS + index * CHUNK * meanGapMs),
      meanGapMs,
      // The first chunk carries every streamed table at least once, so short runs cover them all.
      everyTable: index === 0,
    });
  }
}
