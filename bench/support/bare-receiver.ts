import { earliestEventPosition, EventHubConsumerClient } from '@azure/event-hubs';

/**
 * The streaming bench's baseline, in a process of its own like the connector: the same SDK call
 * the eventhub source makes (`EventHubConsumerClient.subscribe`, same batch size, prefetch and
 * wait, earliest position, bodies as bytes) on a consumer group of its own, counting the
 * Advanced Hunting records of each `{"records":[…]}` body and doing nothing else with them.
 *
 * Environment: BARE_CONNECTION_STRING, BARE_CONSUMER_GROUP, BARE_RECORDS (stop once counted),
 * BARE_MAX_BATCH_SIZE, BARE_PREFETCH, BARE_MAX_WAIT_MS. Prints `counted <records> <messages>`.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const wanted = Number(env('BARE_RECORDS'));
const client = new EventHubConsumerClient(env('BARE_CONSUMER_GROUP'), env('BARE_CONNECTION_STRING'));
let records = 0;
let messages = 0;
await new Promise<void>((resolve, reject) => {
  client.subscribe(
    {
      processEvents: async (events) => {
        for (const event of events) {
          messages += 1;
          records += (JSON.parse(Buffer.from(event.body as Uint8Array).toString('utf8')) as { records: unknown[] }).records.length;
        }
        if (records >= wanted) resolve();
      },
      processError: async (error) => reject(error),
    },
    {
      startPosition: earliestEventPosition,
      maxBatchSize: Number(env('BARE_MAX_BATCH_SIZE')),
      prefetchCount: Number(env('BARE_PREFETCH')),
      maxWaitTimeInSeconds: Number(env('BARE_MAX_WAIT_MS')) / 1000,
      skipParsingBodyAsJson: true,
    },
  );
});
process.stdout.write(`counted ${records} ${messages}\n`);
// Not waiting for close: @azure/event-hubs may keep a timer (see src/commands/run.ts).
process.exit(0);
