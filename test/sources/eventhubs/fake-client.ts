import type { PartitionContext, ReceivedEventData, SubscribeOptions, Subscription, SubscriptionEventHandlers } from '@azure/event-hubs';
import type { ConsumerClient } from '../../../src/sources/eventhubs/source.js';
import { until as waitUntil } from '../../support/until.js';

/** A stand-in for EventHubConsumerClient: the test plays the SDK, calling the handlers itself. */
export class FakeConsumerClient implements ConsumerClient {
  handlers: SubscriptionEventHandlers | undefined;
  options: SubscribeOptions | undefined;
  readonly calls: string[] = [];

  subscribe(handlers: SubscriptionEventHandlers, options?: SubscribeOptions): Subscription {
    this.handlers = handlers;
    this.options = options;
    this.calls.push('subscribe');
    return {
      isRunning: true,
      close: async () => {
        this.calls.push('subscription.close');
      },
    };
  }

  async close(): Promise<void> {
    this.calls.push('client.close');
  }
}

export function partition(partitionId: string): PartitionContext {
  return { fullyQualifiedNamespace: 'ns.servicebus.windows.net', eventHubName: 'defender', consumerGroup: 'siem', partitionId, updateCheckpoint: async () => undefined };
}

/** Events as the SDK hands them with skipParsingBodyAsJson: bodies are bytes. */
export function events(firstSequenceNumber: number, ...bodies: string[]): ReceivedEventData[] {
  return bodies.map(
    (body, index) =>
      ({
        body: Buffer.from(body),
        sequenceNumber: firstSequenceNumber + index,
        offset: String((firstSequenceNumber + index) * 100),
        enqueuedTimeUtc: new Date(0),
        properties: {},
        systemProperties: {},
        getRawAmqpMessage: () => {
          throw new Error('not in tests');
        },
      }) as unknown as ReceivedEventData,
  );
}

export function until(condition: () => boolean, timeoutMs = 5_000, intervalMs = 2): Promise<void> {
  return waitUntil(condition, timeoutMs, intervalMs);
}
