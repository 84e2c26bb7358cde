import type { Source, SourceBatch, SourcePosition } from '../../core/source.js';
import type { ApiClient } from '../../microsoft/api.js';
import { pollUpdates, type UpdatePollSettings } from '../poll/poll-updates.js';
import { asRecords, sweepUpdates } from '../poll/update-sweep.js';
import { changedSinceQuery } from './query.js';

export interface GraphAlertsOptions extends Omit<UpdatePollSettings, 'ordered'> {
  readonly name: string;
  readonly tenantId: string;
  readonly graph: ApiClient;
  readonly pageSize: number;
}

/**
 * Graph `alerts_v2`, update-aware: every new version of an alert (status, classification,
 * assignment, new evidence) since the cursor, oldest change first.
 */
export class GraphAlertsSource implements Source {
  readonly name: string;

  constructor(private readonly options: GraphAlertsOptions) {
    this.name = options.name;
  }

  read(from: SourcePosition | undefined, signal: AbortSignal): AsyncIterable<SourceBatch> {
    const { options } = this;
    return pollUpdates({ ...options, ordered: true }, from, signal, (tracker, fromMs, remember) =>
      sweepUpdates(
        {
          client: options.graph,
          stream: 'alert',
          tenantId: options.tenantId,
          tracker,
          status: options.status,
          ordered: true,
          idOf: (item) => item.id,
          changedOf: (item) => item.lastUpdateDateTime,
          toRecords: async (fresh) => asRecords(fresh),
          onPosition: remember,
        },
        changedSinceQuery('security/alerts_v2', fromMs, options.pageSize, false),
        signal,
      ),
    );
  }
}
