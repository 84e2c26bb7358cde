import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/load.js';
import { normalizerThreads } from '../src/pipeline/pipeline.js';
import { prefetchCount } from '../src/sources/eventhubs/build.js';
import { emitReport, peakRssMb } from './result.js';
import { stopChild, vmHwmMb } from './support/child-process.js';
import { MAX_WAIT_MS, writeConnectorConfig } from './support/connector-config.js';
import { GrowingFileLines } from './support/line-counter.js';
import { startSimulatorProcess } from './support/simulator-process.js';

/**
 * Advanced Hunting records streamed from a standing backlog in the Event Hubs emulator (its own
 * process) through `defender-siem run` (its own process: eventhub source with SQLite checkpoints,
 * normalization, SQLite buffer, file sink), beside the bare SDK receive rate of the same backlog
 * measured in the same run (bench/support/bare-receiver.ts, also its own process, before and
 * after the connector). Each rate is records / seconds from spawning the process until the last
 * record is counted (received for the baseline, written to the file for the connector). The
 * connector's peak RSS is its VmHWM once it has written the last document.
 *
 * Environment: STREAMING_BENCH_EVENTS (default 1,000,000), STREAMING_BENCH_CPU_PROF (a directory:
 * the connector runs with --cpu-prof there), STREAMING_BENCH_KEEP (keep the work directory),
 * STREAMING_BENCH_MAX_BATCH_SIZE / _PREFETCH / _WORKER_THREADS (instead of the connector's defaults).
 */
const EVENTS = Number(process.env.STREAMING_BENCH_EVENTS ?? 1_000_000);
const PARTITIONS = 4;
const TARGET_RATIO = 0.7;
const TARGET_EVENTS_PER_SECOND = 25_000;
const TARGET_RSS_MB = 256;
/** Any one side taking longer than this is a failed bench, not a slow figure. */
const SIDE_TIMEOUT_MS = 15 * 60_000;

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '..', 'src', 'cli.js');

interface Drain {
  readonly seconds: number;
  readonly rate: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-streaming-'));
  process.stderr.write(`streaming: publishing ${EVENTS.toLocaleString('en-US')} records into the emulator …\n`);
  const simulator = await startSimulatorProcess([
    '--seed', 'streaming', '--incidents', '0', '--changes', '0',
    '--eventhub-port', '0', '--eventhub-partitions', String(PARTITIONS), '--events-per-second', '1000000', '--events', String(EVENTS),
  ]);
  try {
    const published = await simulator.eventHubBacklog();
    if (published !== EVENTS) throw new Error(`the emulator published ${published} records, expected ${EVENTS}`);
    const config = writeConnectorConfig(dir, simulator.eventHubConnectionString!);
    // The baseline subscribes exactly as the connector's source will (its defaults unless overridden).
    const source = loadConfig(config).sources[0]!;
    if (source.type !== 'eventhub') throw new Error('expected the eventhub source');
    const subscribe = { connectionString: simulator.eventHubConnectionString!, maxBatchSize: source.max_batch_size, prefetch: prefetchCount(source) };
    const settings = `max_batch_size ${subscribe.maxBatchSize}, prefetch ${subscribe.prefetch}, ${normalizerThreads(loadConfig(config))} normalizer thread(s)`;
    process.stderr.write(`streaming: ${settings}\n`);
    // The emulator's CPU time during each side says whether it is what limits that side.
    const emulatorCpu = cpuMeter(simulator.pid);
    const bareBefore = await bareReceive(subscribe, 'bench-bare-before');
    process.stderr.write(`streaming: bare SDK ${Math.round(bareBefore.rate)} records/s in ${bareBefore.seconds.toFixed(1)} s, emulator CPU ${emulatorCpu().toFixed(1)} s\n`);
    const connector = await connectorDrain(config, join(dir, 'event.ndjson'));
    process.stderr.write(`streaming: connector ${Math.round(connector.rate)} records/s in ${connector.seconds.toFixed(1)} s (its CPU ${connector.cpuSeconds.toFixed(1)} s), emulator CPU ${emulatorCpu().toFixed(1)} s, connector peak RSS ${connector.peakRssMb} MiB\n`);
    const bareAfter = await bareReceive(subscribe, 'bench-bare-after');
    process.stderr.write(`streaming: bare SDK ${Math.round(bareAfter.rate)} records/s in ${bareAfter.seconds.toFixed(1)} s, emulator CPU ${emulatorCpu().toFixed(1)} s\n`);
    // The faster of the two baselines: noise on this shared machine only ever slows a side down.
    const bare = bareBefore.rate >= bareAfter.rate ? bareBefore : bareAfter;
    const count = EVENTS.toLocaleString('en-US');
    emitReport({
      bench: 'streaming',
      figures: [
        {
          name: `${count} records: emulator → eventhub source → normalize → buffer → file (${settings})`,
          value: connector.rate,
          unit: 'records/s',
          baseline: { label: `bare SDK receive, best of ${Math.round(bareBefore.rate)} / ${Math.round(bareAfter.rate)}`, value: bare.rate },
          target: { ratioAtLeast: TARGET_RATIO, atLeast: TARGET_EVENTS_PER_SECOND },
        },
        { name: `connector peak RSS draining ${count} records`, value: connector.peakRssMb, unit: 'MiB', target: { atMost: TARGET_RSS_MB } },
      ],
      peakRssMb: peakRssMb(),
    });
  } finally {
    await simulator.stop().catch(() => undefined);
    if (process.env.STREAMING_BENCH_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`streaming: kept ${dir}\n`);
  }
}

/** The baseline in its own process: spawn → every record counted. */
interface Subscribe {
  readonly connectionString: string;
  readonly maxBatchSize: number;
  readonly prefetch: number;
}

async function bareReceive(subscribe: Subscribe, consumerGroup: string): Promise<Drain> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(here, 'support', 'bare-receiver.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      BARE_CONNECTION_STRING: subscribe.connectionString,
      BARE_CONSUMER_GROUP: consumerGroup,
      BARE_RECORDS: String(EVENTS),
      BARE_MAX_BATCH_SIZE: String(subscribe.maxBatchSize),
      BARE_PREFETCH: String(subscribe.prefetch),
      BARE_MAX_WAIT_MS: String(MAX_WAIT_MS),
    },
  });
  try {
    const line = await withTimeout(firstLine(child, /^counted (\d+) \d+$/), 'the bare receiver');
    const seconds = (performance.now() - started) / 1000;
    if (Number(line[1]) < EVENTS) throw new Error(`the bare receiver counted ${line[1]} records, expected ${EVENTS}`);
    return { seconds, rate: EVENTS / seconds };
  } finally {
    await stopChild(child);
  }
}

/**
 * `defender-siem run` as users run it: spawn → the file holds a document per record. The bench
 * counts the file's lines as they grow (every 50 ms), then reads VmHWM before stopping it.
 */
async function connectorDrain(config: string, output: string): Promise<Drain & { peakRssMb: number; cpuSeconds: number }> {
  const profile = process.env.STREAMING_BENCH_CPU_PROF;
  const started = performance.now();
  const child = spawn(process.execPath, [...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []), CLI, 'run', '--config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  const lines = new GrowingFileLines(output);
  try {
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`defender-siem run exited (${code}) before writing every document`))));
    exited.catch(() => undefined); // it also exits when stopped below: that is not a failure
    await withTimeout(Promise.race([exited, until(() => lines.count() >= EVENTS, 50)]), 'the connector');
    const seconds = (performance.now() - started) / 1000;
    const peakRssMb = vmHwmMb(child.pid!);
    return { seconds, rate: EVENTS / seconds, peakRssMb, cpuSeconds: cpuMeter(child.pid!, 0)() };
  } finally {
    lines.close();
    await stopChild(child);
  }
}

/**
 * CPU seconds (user + system, all threads) another process has used since the call (or since it
 * started, with `since` 0), each time the returned function is called. /proc/PID/stat fields 14
 * and 15, in clock ticks (100 per second on Linux).
 */
function cpuMeter(pid: number, since?: number): () => number {
  const read = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  let last = since ?? read();
  return () => {
    const now = read();
    const used = now - last;
    last = now;
    return used;
  };
}

function firstLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (match) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) before printing ${pattern}`)));
  });
}

async function until(condition: () => boolean, everyMs: number): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, everyMs));
}

async function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${SIDE_TIMEOUT_MS / 60_000} min`)), SIDE_TIMEOUT_MS)))]);
  } finally {
    clearTimeout(timer);
  }
}

await main();
