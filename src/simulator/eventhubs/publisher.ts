import { systemClock, type Clock } from '../../core/clock.js';
import { generateEvents } from '../generate/ah/index.js';
import type { AhRecord } from '../generate/ah/record.js';
import { DEFAULT_EVENT_MIX, type EventMix, type EventTable } from '../generate/ah/tables.js';
import { createRng } from '../generate/rng.js';
import type { Tenant } from '../generate/tenant.js';
import { normalizedTime } from '../time-format.js';

/** The tables the Streaming API delivers (§4.4); the generator writes more (IdentityInfo, Behavior*, Cloud*, Message*). */
export const STREAMABLE_TABLES = [
  'AlertEvidence', 'AlertInfo', 'CloudAppEvents', 'DeviceEvents', 'DeviceFileCertificateInfo', 'DeviceFileEvents',
  'DeviceImageLoadEvents', 'DeviceInfo', 'DeviceLogonEvents', 'DeviceNetworkEvents', 'DeviceNetworkInfo', 'DeviceProcessEvents',
  'DeviceRegistryEvents', 'EmailAttachmentInfo', 'EmailEvents', 'EmailPostDeliveryEvents', 'EmailUrlInfo', 'IdentityLogonEvents',
  'IdentityQueryEvents', 'IdentityDirectoryEvents', 'UrlClickEvents',
] as const satisfies readonly EventTable[];

const STREAMABLE_MIX: EventMix = Object.fromEntries(STREAMABLE_TABLES.map((table) => [table, DEFAULT_EVENT_MIX[table]]));

/**
 * One line per published record: what the normalized document must carry. `report_id` is the
 * record's own ReportId (a number for Device* tables, text elsewhere); AlertInfo and
 * AlertEvidence rows have none and say null (their documents are found by table and timestamp).
 */
export interface EventTruthLine {
  readonly stream: 'event';
  readonly table: string;
  readonly report_id: string | number | null;
  /** The normalizer's `@timestamp`: properties.Timestamp at millisecond precision (truncated). */
  readonly timestamp: string;
}

export interface PublisherOptions {
  /** Where messages go: the emulator's publish (or anything with its shape). */
  readonly publish: (hub: string, bodies: readonly string[]) => unknown;
  readonly hub: string;
  /** Records are drawn from these tenants, a chunk of records per tenant in turn. */
  readonly tenants: readonly Tenant[];
  readonly seed: string;
  readonly eventsPerSecond: number;
  /** Total records; the publisher stops after the last. */
  readonly events: number;
  /** Pacing and record times (default the system clock). */
  readonly clock?: Clock;
  /** Largest message body (default 1 MB less room for the AMQP framing). */
  readonly maxMessageBytes?: number;
  readonly maxRecordsPerMessage?: number;
}

export interface RunningPublisher {
  /** Records published so far. */
  published(): number;
  done(): boolean;
  /** Why publishing stopped early, if it did. */
  failure(): Error | undefined;
  readonly whenDone: Promise<void>;
  /** Truth for the records published so far, regenerated from the seed (nothing is kept). */
  publishedTruth(): Generator<EventTruthLine>;
  stop(): void;
}

/** Records per generator call; also the unit the truth is regenerated in. */
const CHUNK = 256;
const TICK_MS = 100;
/** Defender exports an event a minute or two after it happened: record times trail the clock by that. */
const EXPORT_LAG_MS = 120_000;
const BODY_OVERHEAD = '{"records":[]}'.length;

/**
 * Streams generated Advanced Hunting records into an event hub the way Defender's Streaming API
 * does: `{"records":[…]}` bodies holding several records of mixed tables, each at most ~1 MB,
 * at `eventsPerSecond` (on the given clock) until `events` have gone out. Chunk n of records is
 * a pure function of (seed, n, tenant), which is what lets the truth be recomputed on demand.
 */
export function startPublisher(options: PublisherOptions): RunningPublisher {
  if (options.tenants.length === 0) throw new RangeError('the publisher needs at least one tenant');
  if (!(options.eventsPerSecond > 0) || !Number.isFinite(options.eventsPerSecond)) throw new RangeError(`eventsPerSecond must be > 0, got ${options.eventsPerSecond}`);
  if (!Number.isSafeInteger(options.events) || options.events < 0) throw new RangeError(`events must be a whole number ≥ 0, got ${options.events}`);
  const clock = options.clock ?? systemClock;
  const maxBodyBytes = (options.maxMessageBytes ?? 1_048_576) - 4_096;
  const maxRecords = options.maxRecordsPerMessage ?? 100;
  const startMs = clock.now();
  const chunkOf = chunkGenerator(options, startMs);

  let published = 0;
  let chunk: { index: number; records: AhRecord[] } | undefined;
  const recordAt = (position: number): { record: AhRecord; tenant: number } => {
    const index = Math.floor(position / CHUNK);
    if (chunk?.index !== index) chunk = { index, records: chunkOf(index) };
    return { record: chunk.records[position - index * CHUNK]!, tenant: index % options.tenants.length };
  };

  let resolveDone: () => void = () => undefined;
  const whenDone = new Promise<void>((resolve) => (resolveDone = resolve));
  let timer: NodeJS.Timeout | undefined;
  let failure: Error | undefined;
  const finish = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    resolveDone();
  };

  const tick = () => {
    const due = Math.min(options.events, Math.floor(((clock.now() - startMs) * options.eventsPerSecond) / 1000));
    let body: string[] = [];
    let bytes = BODY_OVERHEAD;
    let tenant = -1;
    const flush = () => {
      if (body.length === 0) return;
      options.publish(options.hub, [`{"records":[${body.join(',')}]}`]);
      published += body.length;
      body = [];
      bytes = BODY_OVERHEAD;
    };
    for (let position = published + body.length; position < due; position = published + body.length) {
      const next = recordAt(position);
      const line = JSON.stringify(next.record);
      const lineBytes = Buffer.byteLength(line) + 1;
      // A message holds one tenant's records (each tenant streams its own), within both limits.
      if (body.length > 0 && (next.tenant !== tenant || body.length >= maxRecords || bytes + lineBytes > maxBodyBytes)) flush();
      tenant = next.tenant;
      body.push(line);
      bytes += lineBytes;
    }
    flush();
    if (published >= options.events) finish();
  };
  if (options.events === 0) finish();
  else {
    timer = setInterval(() => {
      try {
        tick();
      } catch (error) {
        // The emulator refused a message (closed, or over its limit): publishing ends there.
        failure = error as Error;
        finish();
      }
    }, TICK_MS);
  }

  return {
    published: () => published,
    done: () => published >= options.events,
    failure: () => failure,
    whenDone,
    *publishedTruth() {
      const count = published;
      for (let index = 0; index * CHUNK < count; index++) {
        const records = chunkOf(index);
        for (const record of records.slice(0, count - index * CHUNK)) yield truthOf(record);
      }
    },
    stop: finish,
  };
}

function chunkGenerator(options: PublisherOptions, startMs: number): (index: number) => AhRecord[] {
  const meanGapMs = 1000 / options.eventsPerSecond;
  const root = createRng(`${options.seed}/eventhub`);
  return (index) =>
    generateEvents(options.tenants[index % options.tenants.length]!, Math.min(CHUNK, options.events - index * CHUNK), root.fork(`chunk-${index}`), {
      mix: STREAMABLE_MIX,
      startMs: Math.floor(startMs - EXPORT_LAG_MS + index * CHUNK * meanGapMs),
      meanGapMs,
      // The first chunk carries every streamable table at least once, so short runs cover them all.
      everyTable: index === 0,
    });
}

function truthOf(record: AhRecord): EventTruthLine {
  const reportId = record.properties.ReportId;
  return {
    stream: 'event',
    table: record.category.slice('AdvancedHunting-'.length),
    report_id: typeof reportId === 'string' || typeof reportId === 'number' ? reportId : null,
    timestamp: normalizedTime(String(record.properties.Timestamp)),
  };
}
