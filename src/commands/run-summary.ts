import { isAbsolute, relative } from 'node:path';
import { STREAMS } from '../core/stream.js';
import type { PipelineReport } from '../pipeline/pipeline.js';
import { total, type Metrics } from '../telemetry/metrics.js';

export interface RunSummary {
  readonly ended: string;
  readonly seconds: number;
  readonly recordsRead: number;
  readonly documentsByStream: Readonly<Record<string, number>>;
  readonly pipelineErrors: number;
  readonly delivered: number;
  readonly deadLettered: number;
  readonly errors: number;
  readonly stillBuffered: number;
  readonly outputs: readonly string[];
  readonly database: string;
}

/** `stoppedBecause`: why the run ended early (a signal, the demo caught up); undefined when it ran out of input. */
export async function summarize(report: PipelineReport, metrics: Metrics, seconds: number, stoppedBecause: string | undefined): Promise<RunSummary> {
  const documentsByStream: Record<string, number> = {};
  for (const stream of STREAMS) {
    const count = await total(metrics.normalized, { stream });
    if (count > 0) documentsByStream[stream] = count;
  }
  const failed = report.sources.filter((source) => source.outcome === 'failed').map((source) => source.name);
  const stillBuffered = report.sinks.reduce((sum, sink) => sum + sink.remaining.documents, 0);
  return {
    ended: failed.length > 0 ? `source(s) failed: ${failed.join(', ')}` : (stoppedBecause ?? 'every source exhausted, every buffer drained'),
    seconds,
    recordsRead: await total(metrics.received, { component_kind: 'source' }),
    documentsByStream,
    pipelineErrors: await total(metrics.normalized, { outcome: 'pipeline_error' }),
    delivered: await total(metrics.sent, { component_kind: 'sink' }),
    deadLettered: await total(metrics.deadLettered),
    errors: await total(metrics.errors),
    stillBuffered,
    outputs: report.sinks.map((sink) => sink.destination),
    database: report.database,
  };
}

/** The summary for people, printed when `run` ends. */
export function formatSummary(summary: RunSummary, command = 'run'): string {
  const number = (value: number) => value.toLocaleString('en-US');
  const streams = Object.entries(summary.documentsByStream).map(([stream, count]) => `${stream} ${number(count)}`).join(', ');
  const lines = [
    `defender-siem ${command}: ${summary.ended} after ${summary.seconds.toFixed(1)} s`,
    `  records read          ${number(summary.recordsRead)}`,
    `  documents             ${number(Object.values(summary.documentsByStream).reduce((a, b) => a + b, 0))}${streams ? ` (${streams})` : ''}`,
    `  normalization errors  ${number(summary.pipelineErrors)}${summary.pipelineErrors > 0 ? ' (delivered as event.kind: pipeline_error, with event.original)' : ''}`,
    `  delivered             ${number(summary.delivered)}`,
    `  dead-lettered         ${number(summary.deadLettered)}${summary.deadLettered > 0 ? ` (table dead_letter in ${summary.database})` : ''}`,
    `  errors                ${number(summary.errors)}${summary.errors > 0 ? ' (see the log)' : ''}`,
    `  still buffered        ${number(summary.stillBuffered)}${summary.stillBuffered > 0 ? ' (delivered by the next run)' : ''}`,
    `  output                ${summary.outputs.map(shortPath).join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** A path below the working folder is shown relative to it, as the user would type it. */
function shortPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const below = relative(process.cwd(), path);
  return below === '' || below.startsWith('..') || isAbsolute(below) ? path : below;
}
