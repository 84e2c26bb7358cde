import { normalizeLine } from '../src/normalize/index.js';
import type { NormalizeOptions } from '../src/normalize/types.js';
import { eventLinesFromSeed } from '../src/simulator/generate/index.js';

/**
 * Not part of `npm run bench`: what the order of tables costs the normalize bench. The same
 * generated records as bench/normalize.ts (fewer of them), in the bench's order (the table
 * changes nearly every record) and regrouped into runs of 10 and of 1,000 records of one table
 * (the mix is kept). For each order, CPU microseconds per record of the bench's bare side
 * (JSON.parse + JSON.stringify), of normalizeLine alone, and of the bench's normalize side
 * (normalizeLine + JSON.stringify of the document); best of 3 rounds after a warm-up.
 *
 * Usage: node dist/bench/normalize-order.js [records]
 */
const RECORDS = Number(process.argv[2] ?? 60_000);
const ROUNDS = 3;
const OPTIONS: NormalizeOptions = { preserveOriginal: false, preserveDuplicateCustomFields: false };

const lines = eventLinesFromSeed('bench', RECORDS);
let sink = 0; // consumed so the work cannot be optimised away

/** The lines regrouped into runs of `run` records of one table, tables taking turns. */
function inRuns(run: number): string[] {
  const byTable = new Map<string, string[]>();
  for (const line of lines) {
    const table = String((JSON.parse(line) as { category?: unknown }).category);
    const group = byTable.get(table) ?? [];
    group.push(line);
    byTable.set(table, group);
  }
  const ordered: string[] = [];
  for (let start = 0; ordered.length < lines.length; start += run) {
    for (const group of byTable.values()) ordered.push(...group.slice(start, start + run));
  }
  return ordered;
}

function microsPerRecord(work: () => void): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / RECORDS;
}

function measure(order: readonly string[]): { bare: number; normalize: number; full: number } {
  const bare = () => { for (const line of order) sink += JSON.stringify(JSON.parse(line)).length; };
  const normalize = () => { for (const line of order) sink += normalizeLine('event', line, OPTIONS).length; };
  const full = () => {
    for (const line of order) for (const { doc } of normalizeLine('event', line, OPTIONS)) sink += JSON.stringify(doc).length;
  };
  const best = (work: () => void) => Math.min(...Array.from({ length: ROUNDS }, () => microsPerRecord(work)));
  return { bare: best(bare), normalize: best(normalize), full: best(full) };
}

const orders: [string, readonly string[]][] = [
  ['the bench order', lines],
  ['runs of 10', inRuns(10)],
  ['runs of 1,000', inRuns(1000)],
];
for (const [, order] of orders) measure(order); // warm-up: JIT, inline caches, layouts
console.log('order            bare µs  normalizeLine µs  normalize side µs  ratio');
for (const [name, order] of orders) {
  const { bare, normalize, full } = measure(order);
  console.log(`${name.padEnd(16)} ${bare.toFixed(2).padStart(7)}  ${normalize.toFixed(2).padStart(16)}  ${full.toFixed(2).padStart(17)}  ${(bare / full).toFixed(2)}`);
}
if (sink === 0) throw new Error('nothing was produced');
