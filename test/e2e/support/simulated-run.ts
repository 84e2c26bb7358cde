import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { loadConfig } from '../../../src/config/load.js';
import type { Clock } from '../../../src/core/clock.js';
import { writeDemoConfig } from '../../../src/demo/demo-config.js';
import { runUntilCaughtUp } from '../../../src/demo/run-until-caught-up.js';
import type { PipelineReport } from '../../../src/pipeline/pipeline.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../src/simulator/simulator.js';
import { createLogger } from '../../../src/telemetry/log.js';
import { Metrics } from '../../../src/telemetry/metrics.js';
import { tempDir } from '../../support/temp-dir.js';
import { readOutput, type OutputDocument } from './truth.js';

export interface SimulatedRun {
  /** The configuration file the run used (the CLI commands can use it too). */
  readonly configFile: string;
  readonly simulator: RunningSimulator;
  readonly dir: string;
  readonly metrics: Metrics;
  readonly report: PipelineReport;
  readonly caughtUp: boolean;
  readonly outputs: ReadonlyMap<string, readonly OutputDocument[]>;
  /** The connector's whole log file. */
  readonly log: string;
}

export interface SimulatedRunOptions {
  readonly simulator: SimulatorOptions;
  readonly sourceTypes: readonly string[];
  readonly streams: readonly string[];
  readonly timeoutMs: number;
  readonly clock?: Clock;
  readonly logLevel?: string;
  /** Authenticate with each tenant's certificate (the simulator registers one with tenantApps). */
  readonly useCertificates?: boolean;
}

/**
 * The real connector (config file, msal, undici, sources, SQLite buffer, file sinks) against a
 * simulator started for the test, in-process, until everything the simulator holds is delivered
 * or `timeoutMs` passes.
 */
export async function runAgainstSimulator(t: TestContext, options: SimulatedRunOptions): Promise<SimulatedRun> {
  const simulator = await startSimulator({ port: 0, ...options.simulator, ...(options.clock === undefined ? {} : { clock: options.clock }) });
  t.after(() => simulator.close());
  const dir = tempDir(t, 'defender-siem-e2e-');
  const configFile = writeDemoConfig({
    outDir: dir,
    baseUrl: simulator.baseUrl,
    caCertificatePem: simulator.caCertificatePem,
    tenants: options.useCertificates === true ? simulator.tenants : simulator.tenants.map(({ certificate: _certificate, ...tenant }) => tenant),
    streams: options.streams,
    sourceTypes: options.sourceTypes,
    logLevel: options.logLevel ?? 'debug',
    pollIntervalMs: 1_000,
  });
  const config = loadConfig(configFile);
  const log = createLogger(config.log);
  const metrics = new Metrics();
  const stop = new AbortController();
  let caughtUp = false;
  const timeout = setTimeout(() => stop.abort(), options.timeoutMs);
  try {
    const report = await runUntilCaughtUp({
      config,
      log,
      metrics,
      world: simulator,
      exitWhenCaughtUp: true,
      stop,
      abandon: new AbortController().signal,
      checkEveryMs: 100,
      onProgress: (_snapshot, done) => (caughtUp ||= done),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    const outputs = new Map(options.streams.map((stream) => [stream, readOutput(dir, stream)] as const));
    return { configFile, simulator, dir, metrics, report, caughtUp, outputs, log: readFileSync(config.log.path!, 'utf8') };
  } finally {
    clearTimeout(timeout);
  }
}
