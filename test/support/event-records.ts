/**
 * Distinct Advanced Hunting records as the Streaming API sends them (one DeviceProcessEvents row
 * each): `serial` makes the text, hence the document id, unique. `LogonId` is beyond 2^53 on
 * purpose: the record's text must travel unchanged.
 */
export function deviceProcessRecord(serial: number): string {
  return `{"time":"2026-01-05T07:39:41.5127731Z","tenantId":"t","category":"AdvancedHunting-DeviceProcessEvents","properties":{"Timestamp":"2026-01-05T07:38:44.912Z","DeviceId":"d${serial}","ReportId":${serial},"LogonId":123456789012345678,"ActionType":"ProcessCreated"}}`;
}

/** An Event Hubs message body of the Streaming API: `{"records":[…]}`. */
export function recordsBody(records: readonly string[]): string {
  return `{"records":[${records.join(',')}]}`;
}
