import { EventHubConsumerClient, type EventPosition, type MessagingError, type ReceivedEventData, type SubscribeOptions } from '@azure/event-hubs';
import { until as waitUntil } from '../../support/until.js';

/** Short SDK timeouts: a test that fails should fail in seconds, not after the SDK's 60 s retries. */
export const CLIENT_OPTIONS = { retryOptions: { maxRetries: 1, timeoutInMs: 5_000, retryDelayInMs: 100 } };

export interface Received {
  readonly partitionId: string;
  readonly event: ReceivedEventData;
}

export interface Reader {
  readonly received: Received[];
  readonly errors: MessagingError[];
  readonly closeReasons: string[];
  /** Resolves once `count` events arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/**
 * Subscribes with the real SDK (one partition, or all of them) and records what arrives. Without
 * a checkpoint store the SDK claims every partition for itself, which is what these tests want.
 */
export function read(connectionString: string, options: { partitionId?: string; startPosition?: EventPosition; ownerLevel?: number; consumerGroup?: string } & Omit<SubscribeOptions, 'startPosition'> = {}): Reader {
  const client = new EventHubConsumerClient(options.consumerGroup ?? '$Default', connectionString, CLIENT_OPTIONS);
  const received: Received[] = [];
  const errors: MessagingError[] = [];
  const closeReasons: string[] = [];
  const handlers = {
    processEvents: async (events: ReceivedEventData[], context: { partitionId: string }) => {
      for (const event of events) received.push({ partitionId: context.partitionId, event });
    },
    processError: async (error: Error) => {
      errors.push(error as MessagingError);
    },
    processClose: async (reason: string) => {
      closeReasons.push(reason);
    },
  };
  const subscribeOptions: SubscribeOptions = { maxWaitTimeInSeconds: 0.5, ...options };
  const subscription = options.partitionId === undefined ? client.subscribe(handlers, subscribeOptions) : client.subscribe(options.partitionId, handlers, subscribeOptions);
  return {
    received,
    errors,
    closeReasons,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`received ${received.length} of ${count} events before the timeout (errors: ${errors.map((error) => error.message).join('; ')})`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received;
    },
    async close() {
      await subscription.close();
      await client.close();
    },
  };
}

export function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  return waitUntil(condition, timeoutMs, 20);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
