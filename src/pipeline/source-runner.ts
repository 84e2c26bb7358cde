import type { DurableBuffer, NewDocument } from '../buffer/durable-buffer.js';
import { errorMessage, isPermanent } from '../core/errors.js';
import { backoffDelayMs, sleep, type BackoffPolicy } from '../core/retry.js';
import type { Source, SourceBatch } from '../core/source.js';
import type { Stream } from '../core/stream.js';
import { normalizeLine } from '../normalize/index.js';
import { getPath, setPath } from '../normalize/ecs/object.js';
import type { EcsDocument, NormalizeOptions } from '../normalize/types.js';
import type { StateStore } from '../state/state-store.js';
import type { Logger } from '../telemetry/log.js';
import { componentLabels, type ComponentRef, type Metrics } from '../telemetry/metrics.js';

export interface SourceRunnerContext {
  readonly source: Source;
  readonly component: ComponentRef;
  /** The names of the sinks whose buffers receive documents of a stream. */
  readonly sinksFor: (stream: Stream) => readonly string[];
  readonly buffer: DurableBuffer;
  readonly state: StateStore;
  readonly normalize: NormalizeOptions;
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
      for await (const batch of source.read(context.state.get(key), signal)) {
        await commit(context, key, batch, signal);
        attempt = 0;
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

async function commit(context: SourceRunnerContext, key: string, batch: SourceBatch, signal: AbortSignal): Promise<void> {
  const { metrics, component } = context;
  const labels = componentLabels(component);
  metrics.received.inc(labels, batch.records.length);
  const docs = normalizeBatch(batch, context);
  const sinks = context.sinksFor(batch.stream);
  // Backpressure: wait while a target buffer is full. On shutdown the batch is committed anyway:
  // it has been read, and the overshoot is one batch.
  for (const sink of sinks) await context.buffer.waitForRoom(sink, signal);
  const stateKey = batch.partition === undefined ? key : partitionPositionKey(context.source.name, batch.partition);
  context.buffer.append(
    sinks.map((sink) => ({ sink, docs })),
    () => context.state.set(stateKey, batch.position),
  );
  metrics.sent.inc(labels, docs.length);
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

function normalizeBatch(batch: SourceBatch, context: SourceRunnerContext): NewDocument[] {
  const docs: NewDocument[] = [];
  let failed = 0;
  for (const record of batch.records) {
    for (const { id, doc } of normalizeLine(batch.stream, record, context.normalize)) {
      if ((doc.event as { kind?: unknown } | undefined)?.kind === 'pipeline_error') failed += 1;
      if (batch.tenantId !== undefined) stampTenant(doc, batch.tenantId);
      docs.push({ id, stream: batch.stream, body: JSON.stringify(doc) });
    }
  }
  if (docs.length > failed) context.metrics.normalized.inc({ stream: batch.stream, outcome: 'ok' }, docs.length - failed);
  if (failed > 0) context.metrics.normalized.inc({ stream: batch.stream, outcome: 'pipeline_error' }, failed);
  return docs;
}

/** Gives a document the tenant it came from, unless the record itself said (alerts, incidents). */
function stampTenant(doc: EcsDocument, tenantId: string): void {
  if (getPath(doc, 'cloud.account.id') === undefined) setPath(doc, 'cloud.account.id', tenantId);
}
