import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { errorMessage } from '../core/errors.js';
import { resetDemoOutput, writeDemoConfig } from '../demo/demo-config.js';
import { formatProgress } from '../demo/progress.js';
import { runUntilCaughtUp } from '../demo/run-until-caught-up.js';
import { parseFaults } from '../simulator/faults.js';
import { startSimulator } from '../simulator/simulator.js';
import { createLogger } from '../telemetry/log.js';
import { Metrics } from '../telemetry/metrics.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { formatSummary, summarize } from './run-summary.js';

export interface DemoFlags {
  readonly out: string;
  readonly seed: number;
  readonly incidents: number;
  readonly faults?: string;
  readonly exitWhenCaughtUp: boolean;
  readonly truth?: string;
  readonly progressMs: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly eventhubPartitions: number;
  readonly eventhubPort: number;
}

/** Every stream: incidents and alerts (Graph, MDE), vulnerabilities (MDE), events (Event Hubs). */
const DEMO_STREAMS = ['incident', 'alert', 'vulnerability', 'event'];

/** `defender-siem demo`: see demoCommand. */
export async function demo(flags: DemoFlags): Promise<number> {
  if (flags.eventhubPartitions < 1 || flags.eventhubPartitions > 32) {
    process.stderr.write('defender-siem demo: --eventhub-partitions must be from 1 to 32 (an Event Hubs limit)\n');
    return EXIT_USAGE;
  }
  let faults;
  try {
    faults = parseFaults(flags.faults ?? '');
  } catch (error) {
    process.stderr.write(`defender-siem demo: --faults: ${errorMessage(error)}\n`);
    return EXIT_USAGE;
  }
  const outDir = resolve(flags.out);
  mkdirSync(outDir, { recursive: true });
  resetDemoOutput(outDir);
  let simulator;
  try {
    const eventHub = flags.events > 0 ? { eventHub: { port: flags.eventhubPort, partitions: flags.eventhubPartitions, eventsPerSecond: Math.max(1, flags.eventsPerSecond), events: flags.events } } : {};
    simulator = await startSimulator({ port: 0, seed: flags.seed, incidents: flags.incidents, faults, ...eventHub });
  } catch (error) {
    process.stderr.write(`defender-siem demo: cannot start the simulator: ${errorMessage(error)}\n`);
    return EXIT_FAILURE;
  }
  const stop = new AbortController();
  const abandon = new AbortController();
  const onSignal = () => (stop.signal.aborted ? abandon.abort() : stop.abort());
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const started = performance.now();
  const metrics = new Metrics();
  try {
    const streams = simulator.eventHub === undefined ? DEMO_STREAMS.filter((stream) => stream !== 'event') : DEMO_STREAMS;
    const configFile = writeDemoConfig({ outDir, baseUrl: simulator.baseUrl, caCertificatePem: simulator.caCertificatePem, tenants: simulator.tenants, streams, eventHubConnectionString: simulator.eventHub?.connectionString });
    const config = loadConfig(configFile);
    const log = createLogger(config.log);
    const hub = simulator.eventHub === undefined ? '' : ` and an Event Hubs emulator (${simulator.eventHub.partitions} partitions)`;
    process.stdout.write(`simulator at ${simulator.baseUrl}${hub}; writing ${streams.map((stream) => `${stream}.ndjson`).join(', ')} into ${outDir}\n(config: ${configFile}, log: ${config.log.path})\n`);
    let lastPrinted = 0;
    let announced = false;
    const report = await runUntilCaughtUp({
      config,
      log,
      metrics,
      world: simulator,
      exitWhenCaughtUp: flags.exitWhenCaughtUp,
      stop,
      abandon: abandon.signal,
      checkEveryMs: 250,
      onProgress: (snapshot, done) => {
        const now = performance.now();
        if (announced || (now - lastPrinted < flags.progressMs && !done)) return;
        lastPrinted = now;
        process.stdout.write(formatProgress(snapshot, (now - started) / 1000));
        if (done && flags.exitWhenCaughtUp) {
          announced = true;
          process.stdout.write('caught up: every record the simulator holds is delivered; finishing\n');
        }
      },
    });
    const summary = await summarize(report, metrics, (performance.now() - started) / 1000, announced ? 'caught up with the simulator' : 'stopped by signal');
    process.stdout.write(formatSummary(summary, 'demo'));
    if (flags.truth !== undefined) {
      await simulator.writeTruth(resolve(flags.truth));
      process.stdout.write(`truth written to ${resolve(flags.truth)}\n`);
    }
    return report.sources.some((source) => source.outcome === 'failed') ? EXIT_FAILURE : EXIT_OK;
  } catch (error) {
    process.stderr.write(`defender-siem demo: ${errorMessage(error)}\n`);
    return EXIT_FAILURE;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await simulator.close();
  }
}
