import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { meetsTarget, type BenchReport } from './result.js';

/**
 * `npm run bench`: runs each benchmark in its own process (so peak RSS is its own) and prints every
 * figure beside its same-run baseline. Usage: node dist/bench/run.js [bench name …]
 */
const BENCHES = ['normalize', 'buffer', 'backfill', 'vulnerability-export', 'streaming', 'startup'] as const;

const here = dirname(fileURLToPath(import.meta.url));
const selected = process.argv.slice(2);
const reports: BenchReport[] = [];
let failed = false;

for (const bench of BENCHES.filter((name) => selected.length === 0 || selected.includes(name))) {
  process.stderr.write(`running ${bench} …\n`);
  const child = spawnSync(process.execPath, ['--expose-gc', join(here, `${bench}.js`)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const line = child.stdout.split('\n').find((text) => text.startsWith('BENCH_REPORT '));
  if (child.status !== 0 || !line) {
    process.stderr.write(`bench ${bench} failed (exit ${child.status})\n${child.stdout}`);
    failed = true;
    continue;
  }
  reports.push(JSON.parse(line.slice('BENCH_REPORT '.length)) as BenchReport);
}

const rows: string[][] = [['bench', 'figure', 'value', 'baseline (same run)', 'ratio', 'target', 'met']];
for (const report of reports) {
  for (const figure of report.figures) {
    const ratio = figure.baseline ? (figure.value / figure.baseline.value).toFixed(2) : '';
    const target = figure.target
      ? [
          figure.target.ratioAtLeast !== undefined ? `ratio ≥ ${figure.target.ratioAtLeast}` : '',
          figure.target.atLeast !== undefined ? `≥ ${figure.target.atLeast} ${figure.unit}` : '',
          figure.target.atMost !== undefined ? `≤ ${figure.target.atMost} ${figure.unit}` : '',
        ].filter(Boolean).join(', ')
      : '';
    const met = meetsTarget(figure);
    rows.push([
      report.bench,
      figure.name,
      `${format(figure.value)} ${figure.unit}`,
      figure.baseline ? `${format(figure.baseline.value)} ${figure.unit} (${figure.baseline.label})` : '',
      ratio,
      target,
      met === undefined ? '' : met ? 'yes' : 'NO',
    ]);
  }
  rows.push([report.bench, 'peak RSS', `${report.peakRssMb} MiB`, '', '', '', '']);
}
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ').trimEnd());
process.exitCode = failed ? 1 : 0;

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}
