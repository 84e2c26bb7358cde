import type { BufferedDocument, DurableBuffer } from '../buffer/durable-buffer.js';
import type { Logger } from '../telemetry/log.js';
import { componentLabels, type ComponentRef, type Metrics } from '../telemetry/metrics.js';

export interface DeadLetterContext {
  readonly buffer: DurableBuffer;
  readonly component: ComponentRef;
  readonly metrics: Metrics;
  readonly log: Logger;
}

/**
 * Moves documents a sink will never accept to the `dead_letter` table with the reason, counts and
 * logs them (ids and reasons only: the body may be large). They leave the sink's buffer.
 */
export function deadLetter(context: DeadLetterContext, entries: ReadonlyArray<{ doc: BufferedDocument; reason: string }>): void {
  if (entries.length === 0) return;
  context.buffer.deadLetter(context.component.id, entries);
  context.metrics.deadLettered.inc(componentLabels(context.component), entries.length);
  for (const { doc, reason } of entries.slice(0, 10)) {
    context.log.warn({ sink: context.component.id, doc_id: doc.id, stream: doc.stream, reason }, 'document dead-lettered');
  }
  if (entries.length > 10) context.log.warn({ sink: context.component.id, more: entries.length - 10 }, 'more documents dead-lettered');
}
