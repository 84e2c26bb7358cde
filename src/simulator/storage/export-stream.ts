import { systemClock, type Clock } from '../../core/clock.js';
import { sleep } from '../../core/retry.js';
import type { Tenant } from '../generate/tenant.js';
import { RecordStream } from '../record-stream.js';
import { StorageExportWriter } from './export-writer.js';
import type { StorageTruthLine } from './record-line.js';

export interface StorageStreamOptions {
  /** The account to write to (Azurite, or a real account's connection string). */
  readonly connectionString: string;
  /** Records are drawn from these tenants, a chunk per tenant in turn, each into its own blobs. */
  readonly tenants: readonly Tenant[];
  readonly seed: string;
  readonly eventsPerSecond: number;
  readonly events: number;
  /** Pacing and record times (default the system clock). */
  readonly clock?: Clock;
}

export interface RunningStorageStream {
  /** The blob endpoint written to (no credentials). */
  readonly url: string;
  /** Records appended so far. */
  written(): number;
  done(): boolean;
  /** Why writing stopped early (the account refused an append even after the SDK's retries). */
  failure(): Error | undefined;
  readonly whenDone: Promise<void>;
  /** Truth for the records written so far, regenerated from the seed (nothing is kept). */
  writtenTruth(): Generator<StorageTruthLine>;
  /** Stops writing and waits for the append in flight, at most a few seconds (an unreachable account retries for longer). */
  stop(): Promise<void>;
}

const TICK_MS = 200;
const STOP_WAIT_MS = 5_000;
/** Records per round of appends: bounds memory when the account falls behind. */
const MAX_RECORDS_PER_ROUND = 5_000;

/**
 * The Streaming API's export to a Storage account, growing over time: the records due at
 * `eventsPerSecond` (on the clock) are appended every tick to the hourly append blobs of their
 * table and tenant, as Defender does, until `events` are written.
 */
export function startStorageStream(options: StorageStreamOptions): RunningStorageStream {
  const clock = options.clock ?? systemClock;
  const startMs = clock.now();
  const stream = new RecordStream({ ...options, name: 'storage', startMs });
  const writer = new StorageExportWriter({ connectionString: options.connectionString });
  const stopping = new AbortController();
  let written = 0;
  let failure: Error | undefined;

  const loop = async (): Promise<void> => {
    while (written < options.events && !stopping.signal.aborted) {
      const due = Math.min(options.events, Math.floor(((clock.now() - startMs) * options.eventsPerSecond) / 1000), written + MAX_RECORDS_PER_ROUND);
      if (due <= written) {
        await sleep(TICK_MS, stopping.signal);
        continue;
      }
      const records = [];
      for (let position = written; position < due; position++) records.push(stream.recordAt(position).record);
      try {
        await writer.appendRecords(records);
      } catch (error) {
        // A retry could append some blobs twice (they are appended one by one): writing ends here.
        failure = error as Error;
        return;
      }
      written = due;
    }
  };
  const whenDone = loop();

  const url = new URL(writer.service.url);
  return {
    // A SAS connection string puts its token in the URL's query: never shown.
    url: `${url.origin}${url.pathname}`,
    written: () => written,
    done: () => written >= options.events,
    failure: () => failure,
    whenDone,
    writtenTruth: () => stream.truth(written),
    stop: async () => {
      stopping.abort();
      const timeout = new AbortController();
      await Promise.race([whenDone, sleep(STOP_WAIT_MS, timeout.signal)]);
      // The timer must not keep the process alive once the writer has stopped.
      timeout.abort();
    },
  };
}
