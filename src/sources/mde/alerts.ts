import type { Source, SourceBatch, SourcePosition } from '../../core/source.js';
import type { ApiClient } from '../../microsoft/api.js';
import { pollUpdates, type UpdatePollSettings } from '../poll/poll-updates.js';
import { isRecord, sweepUpdates, type UpdateCollection } from '../poll/update-sweep.js';
import { mdeAlertAsGraphAlert } from './alert-shape.js';

export interface MdeAlertsOptions extends Omit<UpdatePollSettings, 'ordered'> {
  readonly name: string;
  readonly tenantId: string;
  readonly mde: ApiClient;
  readonly pageSize: number;
}

/**
 * Defender for Endpoint `/api/alerts?$expand=evidence`, update-aware on `lastUpdateTime`. The
 * MDE API does not document `$orderby`, so the sweep is treated as unordered: the cursor moves
 * only once the whole sweep is read. Records are reshaped to Graph alerts (see alert-shape.ts).
 */
export class MdeAlertsSource implements Source {
  readonly name: string;
  private readonly collection: UpdateCollection;

  constructor(private readonly options: MdeAlertsOptions) {
    this.name = options.name;
    this.collection = {
      client: options.mde,
      stream: 'alert',
      tenantId: options.tenantId,
      status: options.status,
      ordered: false,
      changedField: 'lastUpdateTime',
      toRecords: async (fresh) => fresh.map((item) => JSON.stringify(isRecord(item) ? mdeAlertAsGraphAlert(item) : item)),
    };
  }

  read(from: SourcePosition | undefined, signal: AbortSignal): AsyncIterable<SourceBatch> {
    return pollUpdates({ ...this.options, ordered: false }, from, signal, (tracker, fromMs, remember) =>
      sweepUpdates(
        this.collection,
        { tracker, onPosition: remember },
        `alerts?$filter=${encodeURIComponent(`lastUpdateTime ge ${new Date(fromMs).toISOString()}`)}&$expand=evidence&$top=${this.options.pageSize}`,
        signal,
      ),
    );
  }
}
