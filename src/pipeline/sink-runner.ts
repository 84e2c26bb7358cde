import type { PullLimits } from '../buffer/durable-buffer.js';
import { componentLabels } from '../telemetry/metrics.js';
import { deliver, type DeliveryContext } from './deliver.js';

export interface SinkRunnerContext extends DeliveryContext {
  readonly limits: PullLimits;
}

/**
 * Feeds one sink from its buffer, one batch at a time, oldest first. Runs until `stop` aborts,
 * or, once `drain` has aborted (no more documents will arrive), until the buffer is empty.
 */
export async function runSink(context: SinkRunnerContext, signals: { stop: AbortSignal; drain: AbortSignal }): Promise<void> {
  const { buffer, component, metrics } = context;
  const idle = AbortSignal.any([signals.stop, signals.drain]);
  while (!signals.stop.aborted) {
    const batch = buffer.pull(component.id, context.limits);
    if (batch.length === 0) {
      if (signals.drain.aborted) return;
      await buffer.waitForData(component.id, idle);
      continue;
    }
    metrics.received.inc(componentLabels(component), batch.length);
    await deliver(context, batch, signals.stop);
  }
}
