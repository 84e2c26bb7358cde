/**
 * The Event Hubs side of the simulator: an AMQP 1.0 emulator the real @azure/event-hubs SDK
 * talks to, and a publisher streaming generated Advanced Hunting records into it.
 *
 *   const emulator = await startEventHubEmulator({ hubs: [{ name: 'insights-logs-advancedhunting', partitions: 4 }] });
 *   const client = new EventHubConsumerClient('$Default', emulator.connectionString('insights-logs-advancedhunting'));
 */
export { startEventHubEmulator, type EventHubEmulatorOptions, type PartitionInfo, type PublishResult, type RunningEventHubEmulator } from './server.js';
export { startPublisher, STREAMABLE_TABLES, type EventTruthLine, type PublisherOptions, type RunningPublisher } from './publisher.js';
