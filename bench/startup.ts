import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDemoConfig } from '../src/demo/demo-config.js';
import { emitReport, peakRssMb, type BenchFigure } from './result.js';
import { stopChild, vmHwmMb } from './support/child-process.js';
import { writeConnectorConfig } from './support/connector-config.js';
import { startSimulatorProcess, type SimulatorProcess } from './support/simulator-process.js';

/**
 * What a command costs before it does its work: peak RSS and wall time of `--help`, `normalize`
 * (a 1-line sample) and `check` (the two configurations below), each beside bare `node -e 0`
 * measured in the same run; and for `run`, the time from spawning it until its first document is
 * in the output, with its VmHWM at that moment, for (a) the streaming bench's configuration (an
 * eventhub source with a SAS connection string and SQLite checkpoints, a file sink) and (b) the
 * demo's (every source type of the simulator, two Microsoft tenants' worth of clients: Graph, MDE,
 * Event Hubs). Both read from a simulator in its own process. Each figure is the median of
 * STARTUP_BENCH_REPEATS runs (default 5). STARTUP_BENCH_CLI: another build's dist/src/cli.js,
 * to measure a before/after pair with the same bench.
 */
const REPEATS = Number(process.env.STARTUP_BENCH_REPEATS ?? 5);
const EVENTS = 1_000;
const FIRST_DOCUMENT_TIMEOUT_MS = 60_000;
const TIME = '/usr/bin/time';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = process.env.STARTUP_BENCH_CLI ?? join(here, '..', 'src', 'cli.js');
const SAMPLE_ALERT = join(here, '..', '..', 'samples', 'alert.ndjson');

interface Exited {
  readonly peakMb: number;
  readonly seconds: number;
}

async function main(): Promise<void> {
  if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed for the peak RSS of a process that has exited`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  const simulator = await startSimulatorProcess(['--seed', 'startup', '--incidents', '5', '--changes', '0', '--eventhub-port', '0', '--events-per-second', '1000000', '--events', String(EVENTS)]);
  try {
    await simulator.eventHubBacklog();
    const eventhubOnly = eventHubOnlyConfig(join(dir, 'eventhub-only'), simulator.eventHubConnectionString!);
    const demo = demoConfig(join(dir, 'demo'), simulator);
    const sample = join(dir, 'alert-1.ndjson');
    writeFileSync(sample, firstLineOf(SAMPLE_ALERT));

    const bare = await median(() => exited(['-e', '0']));
    const figures: BenchFigure[] = [];
    const command = async (label: string, args: readonly string[]) => {
      const result = await median(() => exited([CLI, ...args]));
      process.stderr.write(`startup: ${label}: ${result.peakMb} MiB, ${result.seconds.toFixed(3)} s\n`);
      figures.push({ name: `${label}: peak RSS`, value: result.peakMb, unit: 'MiB', baseline: { label: 'node -e 0', value: bare.peakMb } });
      figures.push({ name: `${label}: wall time`, value: result.seconds, unit: 's', baseline: { label: 'node -e 0', value: bare.seconds } });
    };
    await command('--help', ['--help']);
    await command('normalize (1 alert)', ['normalize', '--stream', 'alert', '--input', sample]);
    await command('check (eventhub only)', ['check', '--config', eventhubOnly.file]);
    await command('check (demo)', ['check', '--config', demo.file]);
    for (const [label, config] of [['run (eventhub only)', eventhubOnly], ['run (demo)', demo]] as const) {
      const result = await median(() => untilFirstDocument(config));
      process.stderr.write(`startup: ${label}: first document after ${result.seconds.toFixed(3)} s, VmHWM ${result.peakMb} MiB\n`);
      figures.push({ name: `${label}: VmHWM at its first document`, value: result.peakMb, unit: 'MiB', baseline: { label: 'node -e 0', value: bare.peakMb } });
      figures.push({ name: `${label}: spawn → first document`, value: result.seconds, unit: 's' });
    }
    emitReport({ bench: 'startup', figures, peakRssMb: peakRssMb() });
  } finally {
    await simulator.stop();
    if (!process.env.STARTUP_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `node ARGS` to its end under GNU time: its peak RSS (ru_maxrss) and wall time. */
function exited(args: readonly string[]): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TIME, ['-f', '%M', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const kib = /(\d+)\s*$/.exec(stderr)?.[1];
      if (code !== 0 || kib === undefined) reject(new Error(`node ${args.join(' ')} failed (${code}): ${stderr}`));
      else resolve({ peakMb: Math.round((Number(kib) / 1024) * 10) / 10, seconds });
    });
  });
}

interface RunConfig {
  readonly file: string;
  /** The output files; the first document is in one of them. */
  readonly outputs: readonly string[];
  /** Removed before each run (the database and its WAL files), so that each reads from the beginning. */
  readonly state: readonly string[];
}

/** `defender-siem run` from spawn until one of its outputs holds a document; its VmHWM then. */
async function untilFirstDocument(config: RunConfig): Promise<Exited> {
  for (const path of [...config.state, ...config.outputs]) rmSync(path, { recursive: true, force: true });
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'run', '--config', config.file], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const deadline = started + FIRST_DOCUMENT_TIMEOUT_MS;
    while (!config.outputs.some(hasContent)) {
      if (child.exitCode !== null) throw new Error(`defender-siem run exited (${child.exitCode}) before writing a document`);
      if (performance.now() > deadline) throw new Error(`no document within ${FIRST_DOCUMENT_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return { seconds: (performance.now() - started) / 1000, peakMb: vmHwmMb(child.pid!) };
  } finally {
    await stopChild(child);
  }
}

function hasContent(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

/** The streaming bench's configuration (its STREAMING_BENCH_* tuning variables apply here too). */
function eventHubOnlyConfig(dir: string, connectionString: string): RunConfig {
  mkdirSync(dir, { recursive: true });
  const file = writeConnectorConfig(dir, connectionString);
  return { file, outputs: [join(dir, 'event.ndjson')], state: databaseFiles(join(dir, 'state.db')) };
}

/** The configuration `defender-siem demo` writes and runs, aimed at the simulator process. */
function demoConfig(dir: string, simulator: SimulatorProcess): RunConfig {
  mkdirSync(dir, { recursive: true });
  const streams = ['incident', 'alert', 'vulnerability', 'event'];
  const file = writeDemoConfig({ outDir: dir, baseUrl: simulator.baseUrl, caCertificatePem: simulator.caCertificatePem, tenants: simulator.tenants, streams, eventHubConnectionString: simulator.eventHubConnectionString });
  return { file, outputs: streams.map((stream) => join(dir, `${stream}.ndjson`)), state: databaseFiles(join(dir, 'state.db')) };
}

/** A SQLite database and its WAL files. */
function databaseFiles(path: string): string[] {
  return ['', '-wal', '-shm'].map((suffix) => `${path}${suffix}`);
}

function firstLineOf(path: string): string {
  const text = readFileSync(path, 'utf8');
  return `${text.slice(0, text.indexOf('\n'))}\n`;
}

async function median(measure: () => Promise<Exited>): Promise<Exited> {
  const runs: Exited[] = [];
  for (let index = 0; index < REPEATS; index += 1) runs.push(await measure());
  const middle = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { peakMb: middle(runs.map((run) => run.peakMb)), seconds: middle(runs.map((run) => run.seconds)) };
}

await main();
