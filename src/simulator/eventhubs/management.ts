import { amqpTypes, CONDITION, type Typed } from './amqp.js';
import type { EventHub } from './hub.js';
import type { Reply, Request } from './request-response.js';

/** 0xb1 is str32: the element type of the `partition_ids` array. */
const STRING_ARRAY_TYPECODE = 0xb1;

/**
 * `$management` READ requests, answering with the map keys and AMQP types the SDK's
 * ManagementClient reads (managementClient.js): `com.microsoft:eventhub` for the hub's
 * properties, `com.microsoft:partition` for one partition's.
 */
export function handleManagement(request: Request, hubs: ReadonlyMap<string, EventHub>): Reply {
  const { operation, name, type, partition, security_token: token } = request.properties;
  if (operation !== 'READ') return { status: 400, description: `The operation '${String(operation)}' is not supported.`, condition: CONDITION.notImplemented };
  if (typeof token !== 'string' || token.length === 0) return { status: 401, description: 'The management request carries no security_token.', condition: CONDITION.unauthorized };
  const hub = typeof name === 'string' ? hubs.get(name.toLowerCase()) : undefined;
  if (!hub) return { status: 404, description: `The messaging entity '${String(name).slice(0, 200)}' could not be found.`, condition: CONDITION.notFound };
  if (type === 'com.microsoft:eventhub') return { status: 200, description: 'OK', body: hubProperties(hub) };
  if (type === 'com.microsoft:partition') {
    const log = typeof partition === 'string' ? hub.partition(partition) : undefined;
    if (!log) {
      return { status: 400, description: `The partition '${String(partition).slice(0, 40)}' does not exist; valid ids are 0 to ${hub.partitions.length - 1}.`, condition: CONDITION.argumentOutOfRange };
    }
    const state = log.snapshot();
    return {
      status: 200,
      description: 'OK',
      body: map([
        ['name', amqpTypes.wrap_string(hub.name)],
        ['type', amqpTypes.wrap_string('com.microsoft:partition')],
        ['partition', amqpTypes.wrap_string(log.id)],
        ['begin_sequence_number', amqpTypes.wrap_long(state.beginSequenceNumber)],
        ['last_enqueued_sequence_number', amqpTypes.wrap_long(state.lastSequenceNumber)],
        ['last_enqueued_offset', amqpTypes.wrap_string(state.lastOffset)],
        ['last_enqueued_time_utc', amqpTypes.wrap_timestamp(state.lastEnqueuedTimeMs)],
        ['is_partition_empty', amqpTypes.wrap_boolean(state.isEmpty)],
      ]),
    };
  }
  return { status: 400, description: `The entity type '${String(type).slice(0, 100)}' is not supported.`, condition: CONDITION.argumentError };
}

function hubProperties(hub: EventHub): Typed {
  const ids = hub.partitions.map((log) => log.id);
  return map([
    ['name', amqpTypes.wrap_string(hub.name)],
    ['type', amqpTypes.wrap_string('com.microsoft:eventhub')],
    ['created_at', amqpTypes.wrap_timestamp(hub.createdAtMs)],
    ['partition_count', amqpTypes.wrap_int(ids.length)],
    ['partition_ids', amqpTypes.wrap_array(ids, STRING_ARRAY_TYPECODE, undefined)],
  ]);
}

function map(entries: readonly (readonly [string, Typed])[]): Typed {
  const typed = amqpTypes.wrap_map({});
  typed.value = entries.flatMap(([key, value]) => [amqpTypes.wrap_string(key), value]);
  return typed;
}
