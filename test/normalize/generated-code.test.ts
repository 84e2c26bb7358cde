import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { useGeneratedCode } from '../../src/normalize/ecs/codegen.js';
import { normalizeLine } from '../../src/normalize/index.js';
import type { NormalizeOptions } from '../../src/normalize/types.js';
import { eventLinesFromSeed } from '../../src/simulator/generate/index.js';

/**
 * The generated per-layout code (ecs/column-layout.ts, ecs/promotion-code.ts) must give the
 * documents of the general path, byte for byte and key order included. Both run here over the
 * generator's records, which have the column orders the generated code is compiled for, and over
 * mutated copies: columns removed, emptied, of the wrong type, reordered, integers beyond 2^53,
 * `__proto__` keys. deepStrictEqual on top of the text comparison catches any property left
 * undefined, which JSON.stringify would hide.
 */
const OPTION_SETS: readonly NormalizeOptions[] = [
  { preserveOriginal: false, preserveDuplicateCustomFields: false },
  { preserveOriginal: true, preserveDuplicateCustomFields: true },
];

let seed = 20261123;
function random(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const ODD_VALUES: readonly unknown[] = [
  null, '', ' ', '-', [], {}, [null], [''], ['a', 'a', 'B'], 0, -1, 1.5, true, 'TRUE', '1', 'x', '__proto__',
  { a: null }, '[1,2]', '{"direction":"In","x":1}', '{"direction":""}', '{"ProcessPosixSessionId":1}',
  '::1', '10.0.0.1', 'C:\\a\\b.dll', '"C:\\x\\a b.exe" -k', '{31D7-AA}', 'Valid', 'Unsigned', 'In', 'Out',
  '2024-02-29T23:59:59Z', '2024-13-01T00:00:00Z', 'yesterday', '[{"UserName":"a"},{"UserName":"a"}]',
];
const ACTION_TYPES = ['DnsConnectionInspected', 'ConnectionSuccess', 'ProcessCreated', 'FileCreated', 'RegistryValueSet', 'OpenProcessApiCall', 'LogonFailed', ''];

function mutated(line: string): string {
  const json = JSON.parse(line) as { properties: Record<string, unknown> };
  let properties = json.properties;
  const keys = Object.keys(properties);
  for (let i = 1 + Math.floor(random() * 4); i > 0; i--) {
    const r = random();
    const key = pick(keys);
    if (r < 0.2) delete properties[key];
    else if (r < 0.3) properties.ActionType = pick(ACTION_TYPES);
    else if (r < 0.4) {
      // Another column order: the general path, or another generated layout.
      const entries = Object.entries(properties);
      entries.push(entries.splice(Math.floor(random() * entries.length), 1)[0]!);
      properties = Object.fromEntries(entries);
    } else properties[key] = pick(ODD_VALUES);
  }
  json.properties = properties;
  let text = JSON.stringify(json);
  if (random() < 0.05) text = text.replace(/"(ReportId|ProcessId|LocalPort|FileSize)":\d+/, '"$1":123456789012345678901');
  if (random() < 0.03) text = text.replace(/"DeviceId":/, '"__proto__":{"polluted":1},"DeviceId":');
  return text;
}

function normalizeAll(lines: readonly string[], generated: boolean, options: NormalizeOptions): unknown[] {
  useGeneratedCode(generated);
  return lines.map((line) => normalizeLine('event', line, options));
}

describe('generated code: the same documents as the general path', () => {
  after(() => useGeneratedCode(true));
  const records = eventLinesFromSeed('generated-code', 3000);
  const inputs = [...records, ...records.map(mutated)];

  for (const options of OPTION_SETS) {
    test(`${inputs.length} records, ${JSON.stringify(options)}`, () => {
      const general = normalizeAll(inputs, false, options);
      const generated = normalizeAll(inputs, true, options);
      for (let i = 0; i < inputs.length; i++) {
        assert.equal(JSON.stringify(generated[i]), JSON.stringify(general[i]), inputs[i]);
        assert.deepStrictEqual(generated[i], general[i], inputs[i]);
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  }
});
