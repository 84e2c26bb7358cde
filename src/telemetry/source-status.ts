import type { Registry } from 'prom-client';
import { componentGauge, seconds } from './component-gauge.js';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';

/**
 * What a polling source tells operators about itself: when its last poll fully succeeded, how far
 * behind its cursor is, and its last error. Exposed as gauges (collected on scrape, never stale);
 * `run`'s summary and `demo`'s progress read the same object.
 */
export class SourceStatus {
  /** Start time (clock ms) of the latest poll that read everything there was. */
  lastSuccessMs: number | undefined;
  /** The source's cursor (clock ms): data up to here is committed. */
  cursorMs: number | undefined;
  lastErrorMs: number | undefined;
  lastError: string | undefined;
  /** Polls completed with everything read, since start. */
  completedPolls = 0;

  constructor(
    readonly source: string,
    private readonly clock: Clock,
  ) {}

  pollSucceeded(startedMs: number): void {
    this.lastSuccessMs = startedMs;
    this.completedPolls += 1;
  }

  cursorMoved(cursorMs: number): void {
    this.cursorMs = cursorMs;
  }

  failed(error: unknown): void {
    this.lastErrorMs = this.clock.now();
    this.lastError = errorMessage(error);
  }

  cursorAgeSeconds(): number | undefined {
    return this.cursorMs === undefined ? undefined : Math.max(0, (this.clock.now() - this.cursorMs) / 1000);
  }
}

/** Registers the status gauges of every source in `statuses` (read on each scrape). */
export function registerSourceStatusGauges(registry: Registry, statuses: () => Iterable<SourceStatus>): void {
  const gauge = (name: string, help: string, read: (status: SourceStatus) => number | undefined) => componentGauge(registry, name, help, statuses, (status) => status.source, read);
  gauge('defender_siem_source_last_success_timestamp_seconds', 'Start time of the latest poll that read everything (Unix seconds)', (s) => seconds(s.lastSuccessMs));
  gauge('defender_siem_source_cursor_age_seconds', 'How far the committed cursor is behind now', (s) => s.cursorAgeSeconds());
  gauge('defender_siem_source_last_error_timestamp_seconds', 'Time of the latest failed poll or request (Unix seconds)', (s) => seconds(s.lastErrorMs));
}
