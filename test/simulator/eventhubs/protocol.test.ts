import assert from 'node:assert/strict';
import { connect as netConnect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { EventHubProducerClient } from '@azure/event-hubs';
import type { EventContext, Message } from 'rhea';
import { startEventHubEmulator, type RunningEventHubEmulator } from '../../../src/simulator/eventhubs/index.js';
import { connect, outcome, selector, type RawClient } from './raw-amqp.js';
import { CLIENT_OPTIONS, sleep, until } from './support.js';

/** A well-sized AMQP frame (16 bytes, data offset 2, type 0, channel 0) whose body is no performative. */
const GARBAGE_FRAME = Buffer.from([0, 0, 0, 16, 2, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef]);

describe('Event Hubs emulator: the protocol edges', () => {
  let emulator: RunningEventHubEmulator;
  let client: RawClient;
  const hub = 'edges';
  const audience = () => `sb://127.0.0.1:${emulator.port}/${hub}`;

  before(async () => {
    emulator = await startEventHubEmulator({ hubs: [{ name: hub, partitions: 2 }, { name: 'short', partitions: 1 }], maxEventsPerPartition: 5 });
    client = await connect(emulator.port);
    const reply = await client.putToken(audience());
    assert.deepEqual(reply, { correlation: 'put-1', 'status-code': 200, 'status-description': 'OK' });
    await client.putToken(`sb://127.0.0.1:${emulator.port}/short`);
  });
  after(async () => {
    client.close();
    await emulator.close();
  });

  test('credit is honoured: nothing beyond what the receiver granted is pushed', async () => {
    const messages: Message[] = [];
    const receiver = client.connection.open_receiver({ source: { address: `${hub}/ConsumerGroups/$Default/Partitions/0`, filter: selector("amqp.annotation.x-opt-offset > '-1'") }, credit_window: 0 });
    receiver.on('message', (context: EventContext) => messages.push(context.message!));
    assert.deepEqual(await outcome(receiver), { open: true });
    for (let n = 0; n < 4; n++) emulator.publish(hub, [`event ${n}`], 'k0'); // one key: one partition
    const partition = emulator.partitionInfo(hub).find((info) => !info.isEmpty)!;
    assert.equal(partition.partitionId, '0', 'this key hashes to partition 0 (the receiver reads 0)');
    await sleep(200);
    assert.equal(messages.length, 0, 'no credit, no delivery');
    receiver.add_credit(3);
    await until(() => messages.length === 3);
    await sleep(200);
    assert.equal(messages.length, 3);
    receiver.add_credit(5);
    await until(() => messages.length === 4);
    const annotations = messages.map((message) => message.message_annotations!);
    assert.deepEqual(annotations.map((entry) => entry['x-opt-sequence-number']), [0, 1, 2, 3]);
    assert.ok(annotations.every((entry) => typeof entry['x-opt-offset'] === 'string' && entry['x-opt-enqueued-time'] instanceof Date && entry['x-opt-partition-key'] === 'k0'));
    assert.equal(Buffer.from((messages[2]!.body as { content: Buffer }).content).toString(), 'event 2');
    receiver.close();
  });

  test('a malformed batch detaches the sender with amqp:decode-error; the connection and emulator carry on', async () => {
    const sender = client.connection.open_sender({ target: { address: hub } });
    await new Promise((resolve) => sender.once('sendable', resolve));
    const rejected = new Promise<unknown>((resolve) => sender.once('rejected', (context: EventContext) => resolve(context.delivery?.remote_state)));
    const detached = new Promise<unknown>((resolve) => sender.once('sender_error', () => resolve(sender.error)));
    sender.send(Buffer.from([0x00, 0x53, 0x75, 0xb0, 0xff, 0xff, 0xff, 0xff, 0x01]), undefined, 0x80013700);
    assert.equal((await detached as { condition: string }).condition, 'amqp:decode-error');
    assert.match(JSON.stringify(await rejected), /decode-error/);
    const again = client.connection.open_sender({ target: { address: `${hub}/Partitions/1` } });
    await new Promise((resolve) => again.once('sendable', resolve));
    const accepted = new Promise((resolve) => again.once('accepted', resolve));
    const before = emulator.partitionInfo(hub)[1]!.lastEnqueuedSequenceNumber;
    again.send({ body: 'fine' });
    await accepted;
    assert.equal(emulator.partitionInfo(hub)[1]!.lastEnqueuedSequenceNumber, before + 1, 'a single (format 0) message lands in the partition named by the link');
    again.close();
  });

  test('garbage on the socket ends that connection only', async () => {
    await new Promise<void>((resolve) => {
      const socket = netConnect(emulator.port, '127.0.0.1', () => socket.write(Buffer.concat([Buffer.from('AMQP\x00\x01\x00\x00', 'latin1'), GARBAGE_FRAME])));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve());
      socket.resume();
    });
    const producer = new EventHubProducerClient(emulator.connectionString(hub), CLIENT_OPTIONS);
    try {
      assert.equal((await producer.getEventHubProperties()).name, hub);
    } finally {
      await producer.close();
    }
  });

  test('refusals: no token, unknown partition, unsupported filter, bad epoch, a 21st consumer group', async () => {
    const anonymous = await connect(emulator.port);
    try {
      const unauthorized = anonymous.connection.open_receiver({ source: { address: `${hub}/ConsumerGroups/$Default/Partitions/0` } });
      assert.equal(((await outcome(unauthorized)) as { error: { condition: string } }).error.condition, 'amqp:unauthorized-access');
    } finally {
      anonymous.close();
    }
    const refusal = async (options: Parameters<RawClient['connection']['open_receiver']>[0]) => {
      const result = await outcome(client.connection.open_receiver(options));
      return result.open ? 'open' : result.error.condition;
    };
    assert.equal(await refusal({ source: { address: `${hub}/ConsumerGroups/$Default/Partitions/9` } }), 'com.microsoft:argument-out-of-range');
    assert.equal(await refusal({ source: { address: `${hub}/ConsumerGroups/$Default/Partitions/0`, filter: selector("amqp.annotation.x-opt-owner = 'me'") } }), 'com.microsoft:argument-error');
    assert.equal(await refusal({ source: { address: `${hub}/ConsumerGroups/$Default/Partitions/0` }, properties: { 'com.microsoft:epoch': 'high' } }), 'com.microsoft:argument-error');
    for (let group = 1; group < 20; group++) assert.equal(await refusal({ source: { address: `${hub}/ConsumerGroups/group-${group}/Partitions/1` } }, ), 'open', `consumer group ${group + 1} of 20`);
    assert.equal(await refusal({ source: { address: `${hub}/ConsumerGroups/group-20/Partitions/1` } }), 'amqp:resource-limit-exceeded');
    assert.equal(await refusal({ source: { address: `${hub}/ConsumerGroups/GROUP-7/Partitions/0` } }), 'open', 'consumer group names ignore case');
  });

  test('retention keeps the newest events per partition; sequence numbers and offsets carry on', async () => {
    for (let n = 0; n < 8; n++) emulator.publish('short', [`r${n}`]);
    const [info] = emulator.partitionInfo('short');
    assert.deepEqual({ begin: info!.beginningSequenceNumber, last: info!.lastEnqueuedSequenceNumber, retained: info!.retained }, { begin: 3, last: 7, retained: 5 });
    const messages: Message[] = [];
    const receiver = client.connection.open_receiver({ source: { address: 'short/ConsumerGroups/$Default/Partitions/0' }, credit_window: 50 });
    receiver.on('message', (context: EventContext) => messages.push(context.message!));
    await until(() => messages.length === 5);
    assert.deepEqual(messages.map((message) => message.message_annotations!['x-opt-sequence-number']), [3, 4, 5, 6, 7]);
    receiver.close();
  });
});
