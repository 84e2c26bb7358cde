import type { Worker } from 'node:worker_threads';
import { DefenderSiemError } from '../core/errors.js';
import { startThread } from '../core/heap-growth.js';
import { openGeoDirectory } from '../enrich/maxmind-geo.js';
import type { NormalizeOptions } from '../normalize/types.js';
import type { Logger } from '../telemetry/log.js';
import type { NormalizedBatch, RawBatch } from './normalize-batch.js';

/** The normalization settings as plain data: what a normalizer thread is started with. */
export interface NormalizerSettings {
  readonly preserveOriginal: boolean;
  readonly preserveDuplicateCustomFields: boolean;
  readonly incidentOutput?: 'per_alert' | 'per_incident' | undefined;
  readonly geoipDir?: string | undefined;
}

/** The options normalizeLine takes; the GeoIP databases are opened by each thread that normalizes. */
export function normalizeOptionsOf(settings: NormalizerSettings): NormalizeOptions {
  return {
    preserveOriginal: settings.preserveOriginal,
    preserveDuplicateCustomFields: settings.preserveDuplicateCustomFields,
    incidentOutput: settings.incidentOutput,
    geo: settings.geoipDir === undefined ? undefined : openGeoDirectory(settings.geoipDir),
  };
}

export interface NormalizerJob {
  readonly id: number;
  readonly batch: Omit<RawBatch, 'messageBodies'>;
  /** The message bodies end to end in one buffer, moved to the thread rather than copied. */
  readonly bodies?: { readonly bytes: Uint8Array; readonly lengths: readonly number[] } | undefined;
}

/**
 * The normalized batch comes back as it is: its documents are one byte array, moved rather than
 * copied. `spent` is the job's bodies buffer, moved back to be reused for a later job.
 */
export type NormalizerReply = ({ readonly id: number; readonly batch: NormalizedBatch } | { readonly id: number; readonly error: string }) & { readonly spent?: ArrayBuffer | undefined };

/** What a thread transfers with its reply: the documents' bytes (DocumentBatch.ndjson owns its ArrayBuffer). */
export function replyTransfers(batch: NormalizedBatch): ArrayBuffer[] {
  return [batch.docs.ndjson.buffer as ArrayBuffer];
}

/** A normalizer thread failed or died: the batch was not normalized (reading starts again from the committed position). */
export class NormalizerError extends DefenderSiemError {
  constructor(message: string) {
    super('ERR_NORMALIZER', message);
  }
}

interface Thread {
  readonly worker: Worker;
  /** Jobs sent and not answered yet, oldest first (a thread answers in order). */
  readonly pending: Map<number, { resolve: (batch: NormalizedBatch) => void; reject: (error: Error) => void }>;
}

const WORKER_FILE = new URL('./normalizer-worker.js', import.meta.url);

/** A bodies buffer larger than this (a burst of huge batches) is not kept for reuse once it comes back. */
const MAX_SPARE_BYTES = 16 * 1024 * 1024;

/**
 * A normalizer thread's semi-spaces, in MiB (its young generation is two of them and as much for
 * large new objects; V8's default grows them to 16 MiB). Records are parsed one at a time as they
 * are mapped, so what a young collection finds alive is one record's values and little else:
 * 2 MiB semi-spaces collect as cheaply as 8 MiB ones (the same CPU within noise) for ~30 MiB less
 * per thread (BENCHMARKS.md, streaming). When a message body was parsed whole, small young
 * generations cost 6–12% more CPU.
 * Only the old generation can run out, and it is left unlimited: a thread out of memory would fail
 * its batches.
 */
const THREAD_SEMI_SPACE_MB = 2;

/**
 * Normalizer threads, so that normalization (JSON parsing, the ECS mapping, serialization: the
 * bulk of the per-record CPU) runs beside the thread that receives, buffers and delivers. Threads
 * start on first use. A thread that dies (a crash, out of memory) fails its pending batches with
 * a NormalizerError and is replaced by the next batch; the process goes on.
 */
export class NormalizerPool {
  readonly #threads: Array<Thread | undefined>;
  /** Bodies buffers the threads moved back, for the next jobs (at most one per job in flight, none huge). */
  readonly #spares: ArrayBuffer[] = [];
  #nextId = 0;
  #closed = false;

  constructor(
    readonly size: number,
    private readonly settings: NormalizerSettings,
    private readonly log: Logger,
    /** The thread's code (tests substitute one that fails). */
    private readonly workerFile: URL = WORKER_FILE,
  ) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`a normalizer pool needs at least one thread, got ${size}`);
    this.#threads = Array.from({ length: size }, () => undefined);
  }

  /** Normalizes on the least busy thread. */
  normalize(batch: RawBatch): Promise<NormalizedBatch> {
    if (this.#closed) return Promise.reject(new NormalizerError('the normalizer threads are closed'));
    const thread = this.#leastBusy();
    const id = this.#nextId++;
    return new Promise<NormalizedBatch>((resolve, reject) => {
      if (thread.pending.size === 0) thread.worker.ref();
      thread.pending.set(id, { resolve, reject });
      const { messageBodies, ...rest } = batch;
      const bodies = messageBodies === undefined ? undefined : packBodies(messageBodies, this.#spares);
      thread.worker.postMessage({ id, batch: rest, bodies } satisfies NormalizerJob, bodies === undefined ? [] : [bodies.bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const running = this.#threads.filter((thread): thread is Thread => thread !== undefined);
    this.#threads.fill(undefined);
    await Promise.all(running.map((thread) => thread.worker.terminate()));
  }

  #leastBusy(): Thread {
    let best = 0;
    for (let index = 0; index < this.#threads.length; index += 1) {
      const thread = this.#threads[index];
      if (thread === undefined) {
        best = index;
        break;
      }
      if (thread.pending.size < this.#threads[best]!.pending.size) best = index;
    }
    return (this.#threads[best] ??= this.#start(best));
  }

  #start(slot: number): Thread {
    const worker = startThread(this.workerFile, THREAD_SEMI_SPACE_MB, { workerData: this.settings });
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (reply: NormalizerReply) => {
      if (reply.spent !== undefined && reply.spent.byteLength <= MAX_SPARE_BYTES && this.#spares.length <= this.size) this.#spares.push(reply.spent);
      const job = thread.pending.get(reply.id);
      if (job === undefined) return;
      thread.pending.delete(reply.id);
      if (thread.pending.size === 0) thread.worker.unref();
      if ('error' in reply) job.reject(new NormalizerError(`a normalizer thread failed: ${reply.error}`));
      else job.resolve(reply.batch);
    });
    let failure = 'it exited';
    worker.on('error', (error) => {
      failure = `it crashed: ${error.message}`;
      this.log.error({ err: error, thread: slot }, 'a normalizer thread crashed; it is replaced');
    });
    worker.on('exit', (code) => {
      if (this.#threads[slot] === thread) this.#threads[slot] = undefined;
      const error = new NormalizerError(`a normalizer thread stopped before answering (${failure}, exit code ${code})`);
      for (const job of thread.pending.values()) job.reject(error);
      thread.pending.clear();
    });
    // Only a thread with work keeps the process alive (ref/unref as jobs come and go).
    worker.unref();
    return thread;
  }
}

/**
 * One buffer holding every body: posting a Uint8Array copies its whole underlying ArrayBuffer,
 * and a received body is a view into a larger one, so each is copied once here and the result
 * is transferred. The buffer is a spare a thread moved back, if it is large enough: a fresh
 * ~0.5 MB allocation per batch, freed by a thread only at one of its full collections, would
 * keep the process's malloc handing out new pages (BENCHMARKS.md, streaming). A spare too small
 * is dropped, so that the spares follow the batches' size; new buffers get a quarter more room,
 * so that a later, slightly larger batch still fits.
 */
function packBodies(bodies: readonly Uint8Array[], spares: ArrayBuffer[]): { bytes: Uint8Array; lengths: number[] } {
  const total = bodies.reduce((sum, body) => sum + body.length, 0);
  const spare = spares.pop();
  const buffer = spare !== undefined && spare.byteLength >= total ? spare : new ArrayBuffer(Math.ceil(total * 1.25));
  const bytes = new Uint8Array(buffer, 0, total);
  let at = 0;
  for (const body of bodies) {
    bytes.set(body, at);
    at += body.length;
  }
  return { bytes, lengths: bodies.map((body) => body.length) };
}

/** The bodies packBodies packed, as views into its buffer. */
export function unpackBodies(packed: NonNullable<NormalizerJob['bodies']>): Uint8Array[] {
  let at = 0;
  return packed.lengths.map((length) => packed.bytes.subarray(at, (at += length)));
}
