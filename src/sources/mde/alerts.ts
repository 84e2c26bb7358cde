import type { Source, SourceBatch, SourcePosition } from '../../core/source.js';
import type { ApiClient } from '../../microsoft/api.js';
import { pollUpdates, type UpdatePollSettings } from '../poll/poll-updates.js';
import { isRecord, sweepUpdates } from '../poll/update-sweep.js';
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

  constructor(private readonly options: MdeAlertsOptions) {
    this.name = options.name;
  }

  read(from: SourcePosition | undefined, signal: AbortSignal): AsyncIterable<SourceBatch> {
    const { options } = this;
    return pollUpdates({ ...options, ordered: false }, from, signal, (tracker, fromMs, remember) =>
      sweepUpdates(
        {
          client: options.mde,
          stream: 'alert',
          tenantId: options.tenantId,
          tracker,
          status: options.status,
          ordered: false,
          idOf: (item) => item.id,
          changedOf: (item) => item.lastUpdateTime,
          toRecords: async (fresh) => fresh.map((item) => JSON.stringify(isRecord(item) ? mdeAlertAsGraphAlert(item) : item)),
          onPosition: remember,
        },
        `alerts?$filter=${encodeURIComponent(`lastUpdateTime ge ${new Date(fromMs).toISOString()}`)}&$expand=evidence&$top=${options.pageSize}`,
        signal,
      ),
    );
  }
}
