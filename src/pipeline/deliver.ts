import type { BufferedDocument } from '../buffer/durable-buffer.js';
import { errorMessage, isPermanent } from '../core/errors.js';
import { backoffDelayMs, sleep, type BackoffPolicy } from '../core/retry.js';
import type { Sink, WriteResult } from '../core/sink.js';
import { componentLabels } from '../telemetry/metrics.js';
import { deadLetter, type DeadLetterContext } from './dead-letter.js';

export interface DeliveryContext extends DeadLetterContext {
  readonly sink: Sink;
  readonly backoff: BackoffPolicy;
  readonly timeoutMs: number;
}

interface Outcome {
  readonly accepted: BufferedDocument[];
  readonly rejected: Array<{ doc: BufferedDocument; reason: string }>;
  readonly retry: Array<{ doc: BufferedDocument; reason: string }>;
  readonly error?: unknown;
}

/**
 * The one delivery helper every sink gets (OpenTelemetry Collector style): push the batch, ack
 * what the sink accepted, dead-letter what it rejected for good, and push the retryable rest
 * again after exponential backoff with jitter, until accepted, `maxElapsedMs` passes (then
 * dead-letter) or `signal` aborts (then the rest stays buffered for the next run).
 */
export async function deliver(context: DeliveryContext, batch: readonly BufferedDocument[], signal: AbortSignal): Promise<void> {
  const { buffer, component, metrics, log, backoff } = context;
  const labels = componentLabels(component);
  const started = Date.now();
  let pending = batch;
  for (let attempt = 0; ; attempt += 1) {
    const outcome = await push(context, pending, signal);
    if (signal.aborted && outcome.error !== undefined) break;
    buffer.ack(component.id, outcome.accepted);
    metrics.sent.inc(labels, outcome.accepted.length);
    deadLetter(context, outcome.rejected);
    if (outcome.retry.length === 0) return;
    pending = outcome.retry.map((entry) => entry.doc);
    const reason = outcome.retry[0]!.reason;
    metrics.errors.inc({ ...labels, error_type: 'retryable' });
    if (backoff.maxElapsedMs > 0 && Date.now() - started >= backoff.maxElapsedMs) {
      deadLetter(context, outcome.retry.map(({ doc, reason: why }) => ({ doc, reason: `gave up after ${backoff.maxElapsedMs} ms of retries: ${why}` })));
      return;
    }
    const delay = backoffDelayMs(backoff, attempt, outcome.error);
    log.warn({ sink: component.id, documents: pending.length, attempt: attempt + 1, retry_in_ms: delay }, `delivery failed, will retry: ${reason}`);
    if (!(await sleep(delay, signal))) break;
  }
  // Stopped: whatever is still pending stays in the buffer and goes first next time.
  buffer.nack(component.id, pending);
}

async function push(context: DeliveryContext, docs: readonly BufferedDocument[], signal: AbortSignal): Promise<Outcome> {
  let result: WriteResult;
  const deadline = new AbortController();
  const abort = () => deadline.abort(signal.reason);
  signal.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(() => deadline.abort(new Error(`the sink did not answer within ${context.timeoutMs} ms`)), context.timeoutMs);
  try {
    // A controller per write rather than AbortSignal.any(), whose dependents a long-lived signal
    // would keep accumulating over days of batches.
    result = await context.sink.write(docs, deadline.signal);
  } catch (error) {
    const reason = errorMessage(error);
    if (isPermanent(error)) return { accepted: [], rejected: docs.map((doc) => ({ doc, reason })), retry: [], error };
    return { accepted: [], rejected: [], retry: docs.map((doc) => ({ doc, reason })), error };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
  return split(context, docs, result);
}

/** Sorts a batch by the sink's per-item verdicts; an index outside the batch is a sink bug, logged. */
function split(context: DeliveryContext, docs: readonly BufferedDocument[], result: WriteResult): Outcome {
  const verdicts = new Map<number, { reason: string; retryable: boolean }>();
  for (const rejection of result.rejected) {
    if (Number.isInteger(rejection.index) && rejection.index >= 0 && rejection.index < docs.length) verdicts.set(rejection.index, rejection);
    else context.log.error({ sink: context.component.id, index: rejection.index, batch: docs.length }, 'sink rejected a document index outside the batch');
  }
  const outcome: Outcome = { accepted: [], rejected: [], retry: [] };
  docs.forEach((doc, index) => {
    const verdict = verdicts.get(index);
    if (!verdict) outcome.accepted.push(doc);
    else (verdict.retryable ? outcome.retry : outcome.rejected).push({ doc, reason: verdict.reason });
  });
  return outcome;
}
