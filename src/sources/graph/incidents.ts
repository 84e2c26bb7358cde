import type { Source, SourceBatch, SourcePosition } from '../../core/source.js';
import { errorMessage } from '../../core/errors.js';
import type { ApiClient } from '../../microsoft/api.js';
import type { Logger } from '../../telemetry/log.js';
import { pollUpdates, type UpdatePollSettings } from '../poll/poll-updates.js';
import type { CursorTracker, UpdateCursor } from '../poll/update-cursor.js';
import { asRecords, isRecord, sweepUpdates, type SweepState, type UpdateCollection } from '../poll/update-sweep.js';
import { changedSinceQuery, incidentAlertsQuery } from './query.js';

export interface GraphIncidentsOptions extends Omit<UpdatePollSettings, 'ordered'> {
  readonly name: string;
  readonly tenantId: string;
  readonly graph: ApiClient;
  readonly log: Logger;
  readonly pageSize: number;
  /** Failed `$expand=alerts` sweeps (each already retried by the client) before the fallback. */
  readonly expandFailuresBeforeFallback: number;
}

/** An expanded page failing with 5xx is tried twice, not for a minute: the fallback is cheaper. */
const EXPANDED_PAGE_REQUESTS = { serverErrorAttempts: 2 } as const;

/** alerts_v2 allows larger pages than incidents; an incident rarely has more alerts than this. */
const ALERTS_PAGE_SIZE = 100;

/**
 * Graph incidents with their alerts (`$expand=alerts`), update-aware. Graph is known to fail
 * incident pages with `$expand=alerts` persistently (5xx) when incidents hold many alerts — the
 * stall Elastic's users reported. After `expandFailuresBeforeFallback` such failures the source
 * reads on without the expansion and fetches each incident's alerts from alerts_v2, so
 * collection never stalls; the next poll tries the expansion again.
 */
export class GraphIncidentsSource implements Source {
  readonly name: string;
  private expandFailures = 0;

  constructor(private readonly options: GraphIncidentsOptions) {
    this.name = options.name;
  }

  read(from: SourcePosition | undefined, signal: AbortSignal): AsyncIterable<SourceBatch> {
    return pollUpdates({ ...this.options, ordered: true }, from, signal, (tracker, fromMs, remember) => this.sweep(tracker, fromMs, remember, signal));
  }

  private async *sweep(tracker: CursorTracker, fromMs: number, remember: (cursor: UpdateCursor) => void, signal: AbortSignal): AsyncIterable<SourceBatch> {
    const { options } = this;
    let committed: UpdateCursor | undefined;
    const state: SweepState = {
      tracker,
      onPosition: (cursor) => {
        committed = cursor;
        remember(cursor);
      },
    };
    const collection = (toRecords: UpdateCollection['toRecords']): UpdateCollection => ({
      client: options.graph,
      stream: 'incident',
      tenantId: options.tenantId,
      status: options.status,
      ordered: true,
      changedField: 'lastUpdateDateTime',
      toRecords,
    });
    try {
      yield* sweepUpdates(collection(async (fresh) => asRecords(fresh)), state, changedSinceQuery('security/incidents', fromMs, options.pageSize, true), signal, EXPANDED_PAGE_REQUESTS);
      this.expandFailures = 0;
      return;
    } catch (error) {
      if (signal.aborted || !isServerError(error)) throw error;
      this.expandFailures += 1;
      if (this.expandFailures < options.expandFailuresBeforeFallback) throw error;
      options.log.warn(
        { source: this.name, failures: this.expandFailures, err: error },
        `incidents with $expand=alerts keep failing (${errorMessage(error)}); reading on without the expansion and fetching each incident's alerts from alerts_v2`,
      );
    }
    // The tracker holds exactly what was committed, so the fallback resumes where the sweep broke.
    const resumeMs = committed === undefined ? fromMs : Math.max(0, tracker.cursorMs() - options.overlapMs);
    yield* sweepUpdates(collection((fresh, innerSignal) => this.withAlerts(fresh, innerSignal)), state, changedSinceQuery('security/incidents', resumeMs, options.pageSize, false), signal);
    this.expandFailures = 0;
  }

  /** Each incident with its alerts fetched from alerts_v2, as `$expand=alerts` would give it. */
  private async withAlerts(incidents: readonly unknown[], signal: AbortSignal): Promise<string[]> {
    const records: string[] = [];
    for (const incident of incidents) {
      if (!isRecord(incident) || (typeof incident.id !== 'string' && typeof incident.id !== 'number')) {
        records.push(JSON.stringify(incident));
        continue;
      }
      const alerts: unknown[] = [];
      for await (const page of this.options.graph.pages(incidentAlertsQuery(String(incident.id), ALERTS_PAGE_SIZE), signal)) alerts.push(...page.items);
      records.push(JSON.stringify({ ...incident, alerts }));
    }
    return records;
  }
}

/** A 5xx (after the client's own retries): what a failing `$expand` looks like. */
function isServerError(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 500;
}
