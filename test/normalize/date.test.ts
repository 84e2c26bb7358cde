import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseTimestamp } from '../../src/normalize/ecs/date.js';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** What Elasticsearch's date processor writes for a UTC wall time, or undefined for an impossible one. */
function expected(year: number, month: number, day: number, hour: number, minute: number, second: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  return valid ? date.toISOString() : undefined;
}

test('the export form yyyy-MM-dd HH:mm:ss, the ISO form and the general path agree on every wall time, impossible days included', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), (year, month, day, hour, minute, second) => {
      const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
      const time = `${pad(hour)}:${pad(minute)}:${pad(second)}`;
      const want = expected(year, month, day, hour, minute, second);
      assert.equal(parseTimestamp(`${date} ${time}`), want, `${date} ${time}`);
      assert.equal(parseTimestamp(`${date}T${time}Z`), want);
      // With an explicit +00:00 zone only the general path answers: it must say the same.
      assert.equal(parseTimestamp(`${date}T${time}+00:00`), want);
    }),
    { numRuns: 3_000 },
  );
});

test('near misses of the export form are not taken for it', () => {
  for (const text of ['2026-01-06 06:00', '2026-01-06  06:00:00', '2026-01-06_06:00:00', '2026-02-30 06:00:00', '2026-01-06 24:00:00', '2026-01-06 06:00:0x']) {
    const result = parseTimestamp(text);
    assert.ok(result === undefined || result === '2026-01-06T06:00:00.000Z', `${text} → ${String(result)}`);
  }
  assert.equal(parseTimestamp('2026-02-30 06:00:00'), undefined);
  assert.equal(parseTimestamp('2024-02-29 23:59:59'), '2024-02-29T23:59:59.000Z');
});
