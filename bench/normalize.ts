import { normalizeLine } from '../src/normalize/index.js';
import type { NormalizeOptions } from '../src/normalize/types.js';
import { eventLinesFromSeed } from '../src/simulator/generate/index.js';
import { emitReport, peakRssMb } from './result.js';

/**
 * Normalization throughput on a realistic generated mix of Advanced Hunting records (the default
 * event mix: Device process/network/file events dominate, as in real tenants), beside bare
 * JSON.parse + JSON.stringify of the same lines in the same process. Both sides parse every line
 * and serialise every output, so the ratio is what the ECS mapping itself costs.
 */
const RECORDS = 120_000;
const ROUNDS = 3;
const OPTIONS: NormalizeOptions = { preserveOriginal: false, preserveDuplicateCustomFields: false };

const lines = eventLinesFromSeed('bench', RECORDS);
const megabytes = lines.reduce((sum, line) => sum + line.length, 0) / 1e6;
let sink = 0; // consumed so the work cannot be optimised away

function bare(): number {
  const started = process.hrtime.bigint();
  for (const line of lines) sink += JSON.stringify(JSON.parse(line)).length;
  return RECORDS / (Number(process.hrtime.bigint() - started) / 1e9);
}

function normalize(): number {
  const started = process.hrtime.bigint();
  for (const line of lines) {
    for (const { doc } of normalizeLine('event', line, OPTIONS)) sink += JSON.stringify(doc).length;
  }
  return RECORDS / (Number(process.hrtime.bigint() - started) / 1e9);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
bare();
normalize(); // warm-up: JIT, inline caches
const bareRates: number[] = [];
const normalizeRates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  collect();
  bareRates.push(bare());
  collect();
  normalizeRates.push(normalize());
}
if (sink === 0) throw new Error('nothing was produced');

emitReport({
  bench: 'normalize',
  figures: [
    {
      name: `event stream, ${RECORDS.toLocaleString('en-US')} generated records (${megabytes.toFixed(0)} MB), median of ${ROUNDS}`,
      value: median(normalizeRates),
      unit: 'records/s',
      baseline: { label: 'JSON.parse + JSON.stringify', value: median(bareRates) },
      target: { ratioAtLeast: 0.5 },
    },
  ],
  peakRssMb: peakRssMb(),
});
