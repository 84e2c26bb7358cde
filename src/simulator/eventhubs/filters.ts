import { isRecord } from './amqp.js';
import type { PartitionLog, StoredEvent } from './partition-log.js';

export const SELECTOR_FILTER = 'apache.org:selector-filter:string';

/** Where a receiver starts, as the SDK's selector filter says it. */
export type StartPosition =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'offset'; readonly offset: number; readonly inclusive: boolean }
  | { readonly kind: 'sequence'; readonly sequenceNumber: number; readonly inclusive: boolean }
  | { readonly kind: 'enqueued'; readonly timeMs: number; readonly inclusive: boolean };

export class FilterError extends Error {
  override readonly name = 'FilterError';
}

const EXPRESSION = /^\s*amqp\.annotation\.(x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time)\s*(>=|>)\s*'([^']*)'\s*$/;

/**
 * The start position a receiver's source filter map asks for. No selector filter means the
 * start of the partition. The expressions are the ones the SDKs build (eventPosition.js):
 * `amqp.annotation.x-opt-offset > '-1'` (earliest), `… > '@latest'` (latest), `>`/`>=` on an
 * offset or sequence number, and `amqp.annotation.x-opt-enqueued-time > '<epoch ms>'`.
 */
export function parseStartPosition(filters: unknown): StartPosition {
  if (filters === undefined || filters === null) return { kind: 'earliest' };
  if (!isRecord(filters)) throw new FilterError('the source filter is not a map');
  const selector = filters[SELECTOR_FILTER];
  if (selector === undefined) return { kind: 'earliest' };
  // rhea hands an unknown described value over as { descriptor, value }; the string may also come bare.
  const text = typeof selector === 'string' ? selector : isRecord(selector) && typeof selector.value === 'string' ? selector.value : undefined;
  if (text === undefined) throw new FilterError('the selector filter is not a string');
  const match = EXPRESSION.exec(text);
  if (!match) throw new FilterError(`unsupported selector filter: ${text.slice(0, 200)}`);
  const [, annotation, operator, operand = ''] = match;
  const inclusive = operator === '>=';
  if (annotation === 'x-opt-offset') {
    if (operand === '@latest') return { kind: 'latest' };
    if (operand === '-1') return { kind: 'earliest' };
    return { kind: 'offset', offset: wholeNumber(operand, 'offset'), inclusive };
  }
  if (annotation === 'x-opt-sequence-number') return { kind: 'sequence', sequenceNumber: wholeNumber(operand, 'sequence number', -1), inclusive };
  return { kind: 'enqueued', timeMs: wholeNumber(operand, 'enqueued time', Number.MIN_SAFE_INTEGER), inclusive };
}

function wholeNumber(text: string, what: string, min = 0): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) throw new FilterError(`the ${what} '${text.slice(0, 40)}' is not a valid number`);
  return value;
}

/**
 * The sequence number of the first event to deliver. A position past the end waits for the next
 * event rather than for that exact number (a checkpoint from an earlier emulator run must not
 * stall a consumer); a position before the oldest retained event starts at the oldest.
 */
export function resolveStart(position: StartPosition, log: PartitionLog): number {
  const end = log.endSequenceNumber;
  const clamp = (sequenceNumber: number) => Math.min(Math.max(sequenceNumber, log.beginSequenceNumber), end);
  switch (position.kind) {
    case 'earliest':
      return log.beginSequenceNumber;
    case 'latest':
      return end;
    case 'sequence':
      return clamp(position.inclusive ? position.sequenceNumber : position.sequenceNumber + 1);
    case 'offset':
      return log.firstWhere(after(position.inclusive, position.offset, (event) => event.offset));
    case 'enqueued':
      return log.firstWhere(after(position.inclusive, position.timeMs, (event) => event.enqueuedTimeMs));
  }
}

function after(inclusive: boolean, bound: number, key: (event: StoredEvent) => number): (event: StoredEvent) => boolean {
  return inclusive ? (event) => key(event) >= bound : (event) => key(event) > bound;
}
