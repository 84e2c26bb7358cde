import { DEFAULT_EVENT_MIX, type AhRecord, type EventMix } from '../generate/index.js';
import { normalizedTime } from '../time-format.js';

/**
 * The Streaming API tables Microsoft exports (§4.4). The generator also builds tables that are
 * only in Advanced Hunting (BehaviorInfo, IdentityInfo, Cloud*, Message*): never written here.
 */
export const STREAMED_TABLES = [
  'AlertEvidence', 'AlertInfo', 'CloudAppEvents', 'DeviceEvents', 'DeviceFileCertificateInfo', 'DeviceFileEvents',
  'DeviceImageLoadEvents', 'DeviceInfo', 'DeviceLogonEvents', 'DeviceNetworkEvents', 'DeviceNetworkInfo',
  'DeviceProcessEvents', 'DeviceRegistryEvents', 'EmailAttachmentInfo', 'EmailEvents', 'EmailPostDeliveryEvents',
  'EmailUrlInfo', 'IdentityLogonEvents', 'IdentityQueryEvents', 'IdentityDirectoryEvents', 'UrlClickEvents',
] as const;

/** The generator's table weights, restricted to the streamed tables. */
export const STREAMED_MIX: EventMix = Object.fromEntries(STREAMED_TABLES.map((table) => [table, DEFAULT_EVENT_MIX[table]]));

/** The container of a table's export: `insights-logs-advancedhunting-<table lower case>`. */
export function containerOf(table: string): string {
  return `insights-logs-advancedhunting-${table.toLowerCase()}`;
}

/** The table of a record: its category without `AdvancedHunting-`. */
export function tableOf(record: AhRecord): string {
  return record.category.slice('AdvancedHunting-'.length);
}

/**
 * A record as one line of a `PT1H.json` blob (§4.3): the Event Hubs record fields in the captured
 * order plus `_TimeReceivedBySvc` (the event time to the second, 7 digits, no zone) and `Tenant`.
 */
export function storageLine(record: AhRecord): string {
  const timestamp = String(record.properties.Timestamp ?? record.time);
  return JSON.stringify({
    time: record.time,
    tenantId: record.tenantId,
    operationName: record.operationName,
    category: record.category,
    _TimeReceivedBySvc: `${new Date(Date.parse(timestamp)).toISOString().slice(0, 19)}.0000000`,
    properties: record.properties,
    Tenant: 'DefaultTenant',
  });
}

/** What the collection of a record must produce, computed from the record alone (not the normalizer). */
export interface StorageTruthLine {
  readonly stream: 'event';
  readonly table: string;
  /** `ReportId` (a number on Device* tables, a string elsewhere); null where the table has none (Alert*). */
  readonly report_id: string | number | null;
  /** The document's `@timestamp`: the event's `Timestamp`, truncated to milliseconds. */
  readonly timestamp: string;
}

export function truthLine(record: AhRecord): StorageTruthLine {
  const reportId = record.properties.ReportId;
  return {
    stream: 'event',
    table: tableOf(record),
    report_id: typeof reportId === 'string' || typeof reportId === 'number' ? reportId : null,
    timestamp: normalizedTime(String(record.properties.Timestamp)),
  };
}
