import { lazyImport } from '../core/lazy-import.js';
import { createLogger } from '../telemetry/log.js';
import { Metrics } from '../telemetry/metrics.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { loadConfigOrReport } from './config-errors.js';
import { formatSummary, summarize } from './run-summary.js';

export interface RunFlags {
  readonly config: string;
  readonly exitWhenDone: boolean;
}

/** `defender-siem run`: see runCommand. The pipeline is loaded once the configuration is known to be valid. */
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
    const { runPipeline } = await lazyImport('the pipeline', () => import('../pipeline/pipeline.js'));
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
