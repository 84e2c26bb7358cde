import { Command } from 'commander';
import { runPipeline } from '../pipeline/pipeline.js';
import { createLogger } from '../telemetry/log.js';
import { Metrics } from '../telemetry/metrics.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { loadConfigOrReport } from './config-errors.js';
import { formatSummary, summarize } from './run-summary.js';

interface RunFlags {
  readonly config: string;
  readonly exitWhenDone: boolean;
}

/**
 * `defender-siem run --config FILE [--exit-when-done]`: runs the pipeline until SIGTERM/SIGINT
 * (stop reading, commit, deliver what is buffered, exit 0), or with --exit-when-done until every
 * source is exhausted and every buffer drained; then prints a summary.
 */
export function runCommand(): Command {
  return new Command('run')
    .description('collect, normalize and deliver Defender data as the configuration says')
    .requiredOption('--config <file>', 'the YAML configuration file')
    .exitOverride()
    .option('--exit-when-done', 'stop once every source is exhausted and every buffer drained (replays)', false)
    .action(async (flags: RunFlags) => {
      process.exitCode = await run(flags);
      // Everything is committed, delivered or buffered, and closed by now. A library may still
      // hold a timer: @azure/event-hubs 6.0.0 leaks a token-renewal loop (every 45 min, forever)
      // when a partition receiver is closed while it connects (a rebalance, a shutdown), which
      // would keep a stopped connector alive. Logs are written synchronously: nothing is lost.
      process.exit();
    });
}

export async function run(flags: RunFlags): Promise<number> {
  const loaded = loadConfigOrReport('run', flags.config);
  if ('exitCode' in loaded) return loaded.exitCode;
  const { config } = loaded;
  const log = createLogger(config.log);
  const metrics = new Metrics();
  const stop = new AbortController();
  const abandon = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop.signal.aborted) {
      log.info({ signal }, 'stopping: no more reading; committing and delivering what is buffered');
      stop.abort();
    } else {
      log.warn({ signal }, 'second signal: stopping delivery now; undelivered documents stay buffered');
      abandon.abort();
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const started = performance.now();
  try {
    const report = await runPipeline({ config, log, metrics, exitWhenDone: flags.exitWhenDone, stop: stop.signal, abandon: abandon.signal });
    const summary = await summarize(report, metrics, (performance.now() - started) / 1000, stop.signal.aborted ? 'stopped by signal' : undefined);
    log.info({ summary }, 'finished');
    // Standard output may be a sink; the summary must not end up among the documents.
    const out = config.sinks.some((sink) => sink.type === 'stdout') ? process.stderr : process.stdout;
    out.write(formatSummary(summary));
    return report.sources.some((source) => source.outcome === 'failed') ? EXIT_FAILURE : EXIT_OK;
  } catch (error) {
    log.fatal({ err: error }, 'the pipeline failed; everything not acknowledged stays buffered for the next run');
    process.stderr.write(`defender-siem run: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
