import type { DurableBuffer } from '../buffer/durable-buffer.js';
import { errorMessage, isPermanent } from '../core/errors.js';
import { backoffDelayMs, sleep, type BackoffPolicy } from '../core/retry.js';
import type { Source, SourceBatch } from '../core/source.js';
import type { Stream } from '../core/stream.js';
import type { NormalizeOptions } from '../normalize/types.js';
import type { StateStore } from '../state/state-store.js';
import type { Logger } from '../telemetry/log.js';
import { componentLabels, type ComponentRef, type Metrics } from '../telemetry/metrics.js';
import { normalizeBatch, type NormalizedBatch, type RawBatch } from './normalize-batch.js';
import type { NormalizerPool } from './normalizer-pool.js';
import { OrderedQueue } from './ordered-queue.js';

export interface SourceRunnerContext {
  readonly source: Source;
  readonly component: ComponentRef;
  /** The names of the sinks whose buffers receive documents of a stream. */
  readonly sinksFor: (stream: Stream) => readonly string[];
  readonly buffer: DurableBuffer;
  readonly state: StateStore;
  readonly normalize: NormalizeOptions;
  /** Normalizer threads, used for sources that read ahead; without them, normalization runs here. */
  readonly normalizers?: NormalizerPool | undefined;
  readonly backoff: BackoffPolicy;
  readonly metrics: Metrics;
  readonly log: Logger;
}

/** `exhausted`: the source ended by itself. `stopped`: by the signal. `failed`: a permanent error. */
export type SourceOutcome = 'exhausted' | 'stopped' | 'failed';

/**
 * Reads a source from its committed position, normalizes each batch and commits the documents to
 * every target sink's buffer together with the position after them, in one transaction. A
 * transient error restarts reading from the committed position after backoff.
 */
export async function runSource(context: SourceRunnerContext, signal: AbortSignal): Promise<SourceOutcome> {
  const { source, log } = context;
  const key = positionKey(source.name);
  for (let attempt = 0; !signal.aborted; ) {
    try {
      if (source.readsAhead === true && context.normalizers !== undefined) {
        await readAhead(context, context.normalizers, key, signal, () => (attempt = 0));
      } else {
        for await (const batch of source.read(context.state.get(key), signal)) {
          await commit(context, key, batch, normalizeBatch(batch, context.normalize), signal);
          attempt = 0;
        }
      }
      return signal.aborted ? 'stopped' : 'exhausted';
    } catch (error) {
      context.metrics.errors.inc({ ...componentLabels(context.component), error_type: isPermanent(error) ? 'permanent' : 'read' });
      if (isPermanent(error)) {
        log.error({ source: source.name, err: error }, `source stopped: ${errorMessage(error)}`);
        return 'failed';
      }
      const delay = backoffDelayMs(context.backoff, attempt++, error);
      log.warn({ source: source.name, err: error, retry_in_ms: delay }, `source failed, reading again from the committed position: ${errorMessage(error)}`);
      await sleep(delay, signal);
    }
  }
  return 'stopped';
}

/** The key of a source's position in the state table. */
export function positionKey(source: string): string {
  return `source:${source}`;
}

/**
 * The key of one partition's position (`SourceBatch.partition`). Source names cannot contain
 * `/`, so `source:<name>/` prefixes exactly that source's partitions.
 */
export function partitionPositionKey(source: string, partition: string): string {
  return `${partitionPositionPrefix(source)}${partition}`;
}

export function partitionPositionPrefix(source: string): string {
  return `${positionKey(source)}/`;
}

/**
 * The read-ahead of a source that allows it (Source.readsAhead): batches go to the normalizer
 * threads as they are read, up to one more than there are threads, and are committed strictly in
 * the order read, each with its position, as the sequential path does. A failed commit stops the
 * reading; a failed read still commits every batch before it; a batch a thread failed is
 * normalized on this thread.
 */
async function readAhead(context: SourceRunnerContext, normalizers: NormalizerPool, key: string, signal: AbortSignal, onCommitted: () => void): Promise<void> {
  const reading = new AbortController();
  const queue = new OrderedQueue<{ batch: SourceBatch; normalized: Promise<NormalizedBatch> }>(normalizers.size + 1);
  const reader = (async () => {
    try {
      for await (const batch of context.source.read(context.state.get(key), AbortSignal.any([signal, reading.signal]))) {
        const raw: RawBatch = { stream: batch.stream, records: batch.records, messageBodies: batch.messageBodies, tenantId: batch.tenantId };
        // A thread that dies on a batch (out of memory, a bug) must not stall the partition by
        // failing the same batch again at every read: that batch is normalized here instead.
        const normalized = normalizers.normalize(raw).catch((error: unknown) => normalizeHere(context, raw, error));
        if (!(await queue.put({ batch, normalized }, reading.signal))) return;
      }
    } finally {
      queue.end();
    }
  })();
  let failure: { error: unknown } | undefined;
  try {
    for (let item = await queue.take(); item !== undefined; item = await queue.take()) {
      await commit(context, key, item.batch, await item.normalized, signal);
      onCommitted();
    }
  } catch (error) {
    failure = { error };
    reading.abort();
    queue.clear();
  }
  // The reader's end closes the source (its subscription) before anything is read again.
  try {
    await reader;
  } catch (error) {
    failure ??= { error };
  }
  if (failure !== undefined) throw failure.error;
}

/** The fallback when a normalizer thread failed a batch: normalizeBatch never throws. */
function normalizeHere(context: SourceRunnerContext, raw: RawBatch, error: unknown): NormalizedBatch {
  context.metrics.errors.inc({ ...componentLabels(context.component), error_type: 'normalizer' });
  context.log.warn({ source: context.source.name, err: error }, `a normalizer thread failed a batch; normalizing it on the main thread: ${errorMessage(error)}`);
  return normalizeBatch(raw, context.normalize);
}

async function commit(context: SourceRunnerContext, key: string, batch: SourceBatch, normalized: NormalizedBatch, signal: AbortSignal): Promise<void> {
  const { metrics, component } = context;
  const labels = componentLabels(component);
  const { docs, failed } = normalized;
  const count = docs.ids.length;
  metrics.received.inc(labels, normalized.records);
  if (count > failed) metrics.normalized.inc({ stream: batch.stream, outcome: 'ok' }, count - failed);
  if (failed > 0) metrics.normalized.inc({ stream: batch.stream, outcome: 'pipeline_error' }, failed);
  const sinks = context.sinksFor(batch.stream);
  // Backpressure: wait while a target buffer is full. On shutdown the batch is committed anyway:
  // it has been read, and the overshoot is one batch.
  for (const sink of sinks) await context.buffer.waitForRoom(sink, signal);
  const stateKey = batch.partition === undefined ? key : partitionPositionKey(context.source.name, batch.partition);
  context.buffer.append(
    sinks.map((sink) => ({ sink, docs })),
    () => context.state.set(stateKey, batch.position),
  );
  metrics.sent.inc(labels, count);
  if (batch.afterCommit !== undefined) await afterCommit(context, batch.afterCommit);
}

/**
 * The documents are durable whatever happens here: a failed external acknowledgement (a blob
 * checkpoint) only means a replay after a restart, so it is reported and reading goes on.
 */
async function afterCommit(context: SourceRunnerContext, hook: () => Promise<void>): Promise<void> {
  try {
    await hook();
  } catch (error) {
    context.metrics.errors.inc({ ...componentLabels(context.component), error_type: 'after_commit' });
    context.log.warn({ source: context.source.name, err: error }, `the batch is buffered but its acknowledgement failed (it may be read again after a restart): ${errorMessage(error)}`);
  }
}
