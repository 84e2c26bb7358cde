import { parseEventHubConnectionString } from '@azure/event-hubs';
import type { z } from 'zod';
import type { Secret } from '../redact.js';

interface EventHubReaderView {
  readonly name: string;
  readonly type: string;
  readonly connection_string?: Secret | undefined;
  readonly fully_qualified_namespace?: string | undefined;
  readonly event_hub_name?: string | undefined;
  readonly consumer_group?: string | undefined;
}

/**
 * Two eventhub sources of one configuration that read the same event hub through the same
 * consumer group would each receive every event (each is its own reader: the events reach the
 * sinks twice) and the checkpoints of one would be overwritten by the other's. Namespace, hub and
 * consumer group names are case-insensitive in Event Hubs, so they are compared in lower case.
 */
export function checkEventHubReaders(sources: readonly EventHubReaderView[], ctx: z.RefinementCtx): void {
  const readers = new Map<string, { index: number; name: string }>();
  sources.forEach((source, index) => {
    if (source.type !== 'eventhub') return;
    const hub = hubOf(source);
    if (hub === undefined) return;
    const consumerGroup = source.consumer_group ?? '$Default';
    const key = `${hub.namespace}/${hub.name}/${consumerGroup}`.toLowerCase();
    const first = readers.get(key);
    if (first === undefined) {
      readers.set(key, { index, name: source.name });
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: ['sources', index, 'consumer_group'],
      message:
        `sources "${first.name}" (sources[${first.index}]) and "${source.name}" both read event hub ${hub.name} of ${hub.namespace} with consumer group "${consumerGroup}": ` +
        'each would receive every event (delivered twice into the sinks) and their checkpoints would overwrite each other; ' +
        'give each its own consumer_group (create it on the event hub), or keep one of the two sources',
    });
  });
}

/** The namespace host (with a port, if any) and hub a source reads; undefined if it cannot be told (other checks report why). */
function hubOf(source: EventHubReaderView): { namespace: string; name: string } | undefined {
  if (source.connection_string === undefined) {
    if (source.fully_qualified_namespace === undefined || source.event_hub_name === undefined) return undefined;
    return { namespace: source.fully_qualified_namespace, name: source.event_hub_name };
  }
  let parsed: ReturnType<typeof parseEventHubConnectionString>;
  try {
    parsed = parseEventHubConnectionString(source.connection_string.reveal());
  } catch {
    return undefined;
  }
  const name = source.event_hub_name ?? parsed.eventHubName;
  if (name === undefined) return undefined;
  return { namespace: parsed.fullyQualifiedNamespace, name };
}
