import type { Source, SourceBatch, SourcePosition } from '../../core/source.js';
import type { ApiClient } from '../../microsoft/api.js';
import { pollUpdates, type UpdatePollSettings } from '../poll/poll-updates.js';
import { asRecords, sweepUpdates, type UpdateCollection } from '../poll/update-sweep.js';
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
  private readonly collection: UpdateCollection;

  constructor(private readonly options: GraphAlertsOptions) {
    this.name = options.name;
    this.collection = { client: options.graph, stream: 'alert', tenantId: options.tenantId, status: options.status, ordered: true, changedField: 'lastUpdateDateTime', toRecords: async (fresh) => asRecords(fresh) };
  }

  read(from: SourcePosition | undefined, signal: AbortSignal): AsyncIterable<SourceBatch> {
    return pollUpdates({ ...this.options, ordered: true }, from, signal, (tracker, fromMs, remember) =>
      sweepUpdates(this.collection, { tracker, onPosition: remember }, changedSinceQuery('security/alerts_v2', fromMs, this.options.pageSize, false), signal),
    );
  }
}
