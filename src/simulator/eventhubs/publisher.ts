import { systemClock, type Clock } from '../../core/clock.js';
import type { Tenant } from '../generate/tenant.js';
import { RecordStream } from '../record-stream.js';
import { STREAMED_TABLES, type StorageTruthLine } from '../storage/record-line.js';

/** The tables the Streaming API delivers (§4.4); the generator writes more (IdentityInfo, Behavior*, Cloud*, Message*). */
export const STREAMABLE_TABLES = STREAMED_TABLES;

/**
 * One line per published record: what the normalized document must carry. `report_id` is the
 * record's own ReportId (a number for Device* tables, text elsewhere); AlertInfo and
 * AlertEvidence rows have none and say null (their documents are found by table and timestamp).
 */
export type EventTruthLine = StorageTruthLine;

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

const TICK_MS = 100;
const BODY_OVERHEAD = '{"records":[]}'.length;

/**
 * Streams generated Advanced Hunting records into an event hub the way Defender's Streaming API
 * does: `{"records":[…]}` bodies holding several records of mixed tables, each at most ~1 MB,
 * at `eventsPerSecond` (on the given clock) until `events` have gone out (the records of a
 * RecordStream, so the truth is recomputed on demand).
 */
export function startPublisher(options: PublisherOptions): RunningPublisher {
  const clock = options.clock ?? systemClock;
  const maxBodyBytes = (options.maxMessageBytes ?? 1_048_576) - 4_096;
  const maxRecords = options.maxRecordsPerMessage ?? 100;
  const startMs = clock.now();
  const stream = new RecordStream({ ...options, name: 'eventhub', startMs });

  let published = 0;

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
      const next = stream.recordAt(position);
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
    publishedTruth: () => stream.truth(published),
    stop: finish,
  };
}
