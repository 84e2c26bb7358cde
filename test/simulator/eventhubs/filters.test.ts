import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FilterError, parseStartPosition, resolveStart, SELECTOR_FILTER } from '../../../src/simulator/eventhubs/filters.js';
import { encodeBody } from '../../../src/simulator/eventhubs/message-codec.js';
import { PartitionLog } from '../../../src/simulator/eventhubs/partition-log.js';

const filter = (expression: string) => ({ [SELECTOR_FILTER]: { descriptor: { value: 0x468c00000004 }, value: expression } });

test('selector filters: the forms the SDK builds', () => {
  assert.deepEqual(parseStartPosition(undefined), { kind: 'earliest' });
  assert.deepEqual(parseStartPosition(filter("amqp.annotation.x-opt-offset > '-1'")), { kind: 'earliest' });
  assert.deepEqual(parseStartPosition({ [SELECTOR_FILTER]: "amqp.annotation.x-opt-offset > '@latest'" }), { kind: 'latest' });
  assert.deepEqual(parseStartPosition(filter("amqp.annotation.x-opt-offset >= '@latest'")), { kind: 'latest' });
  assert.deepEqual(parseStartPosition(filter("amqp.annotation.x-opt-offset >= '1024'")), { kind: 'offset', offset: 1024, inclusive: true });
  assert.deepEqual(parseStartPosition(filter("amqp.annotation.x-opt-sequence-number > '41'")), { kind: 'sequence', sequenceNumber: 41, inclusive: false });
  assert.deepEqual(parseStartPosition(filter("amqp.annotation.x-opt-enqueued-time > '1767600000000'")), { kind: 'enqueued', timeMs: 1_767_600_000_000, inclusive: false });
  for (const bad of ["amqp.annotation.x-opt-offset > 'abc'", "amqp.annotation.x-opt-offset < '5'", "sys.x-opt-offset > '5'", "amqp.annotation.x-opt-sequence-number > '1e3'"]) {
    assert.throws(() => parseStartPosition(filter(bad)), FilterError, bad);
  }
  assert.throws(() => parseStartPosition({ [SELECTOR_FILTER]: 42 }), FilterError);
  assert.throws(() => parseStartPosition('not a map'), FilterError);
});

test('start positions resolve against the retained log (past the end waits for the next; before the oldest starts at the oldest)', () => {
  const log = new PartitionLog('0', 4);
  for (let n = 0; n < 6; n++) log.append([encodeBody(Buffer.from(`e${n}`), undefined)], undefined, 1_000 + n * 10);
  assert.equal(log.beginSequenceNumber, 2);
  const offsetOf = (sequenceNumber: number) => log.at(sequenceNumber)!.offset;
  assert.equal(resolveStart({ kind: 'earliest' }, log), 2);
  assert.equal(resolveStart({ kind: 'latest' }, log), 6);
  assert.equal(resolveStart({ kind: 'sequence', sequenceNumber: 0, inclusive: true }, log), 2);
  assert.equal(resolveStart({ kind: 'sequence', sequenceNumber: 3, inclusive: false }, log), 4);
  assert.equal(resolveStart({ kind: 'sequence', sequenceNumber: 99, inclusive: false }, log), 6);
  assert.equal(resolveStart({ kind: 'offset', offset: offsetOf(4), inclusive: true }, log), 4);
  assert.equal(resolveStart({ kind: 'offset', offset: offsetOf(4), inclusive: false }, log), 5);
  assert.equal(resolveStart({ kind: 'enqueued', timeMs: 1_030, inclusive: false }, log), 4);
  assert.equal(resolveStart({ kind: 'enqueued', timeMs: 1_030, inclusive: true }, log), 3);
});
