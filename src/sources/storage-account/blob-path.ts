/**
 * The Azure Monitor diagnostic-export layout the Streaming API writes (§4.3):
 * `tenantId=<guid>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json`, one append blob per table and hour.
 */
export const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const PATH = /^tenantId=([^/]+)\/y=(\d{4})\/m=(\d{2})\/d=(\d{2})\/h=(\d{2})\/m=00\/PT1H\.json$/;

export interface HourlyBlob {
  readonly tenantId: string;
  /** Start of the blob's hour, epoch ms (UTC). */
  readonly hourMs: number;
}

/** The tenant and hour of an export blob; undefined for any other name (left alone). */
export function parseBlobName(name: string): HourlyBlob | undefined {
  const match = PATH.exec(name);
  if (!match) return undefined;
  const [, tenantId, y, m, d, h] = match;
  const hourMs = Date.UTC(Number(y), Number(m) - 1, Number(d), Number(h));
  // Date.UTC rolls invalid dates over (d=32 → next month): such a name is not ours.
  if (Number.isNaN(hourMs) || blobName(tenantId!, hourMs) !== name) return undefined;
  return { tenantId: tenantId!, hourMs };
}

/** The blob of a tenant's hour (the simulator writes these; the reader parses them). */
export function blobName(tenantId: string, hourMs: number): string {
  return `${dayPrefix(tenantId, hourMs)}h=${pad(new Date(hourMs).getUTCHours())}/m=00/PT1H.json`;
}

/** The listing prefix of one tenant's day: 24 blobs per table at most, one request. */
export function dayPrefix(tenantId: string, dayMs: number): string {
  const date = new Date(dayMs);
  return `tenantId=${tenantId}/y=${date.getUTCFullYear()}/m=${pad(date.getUTCMonth() + 1)}/d=${pad(date.getUTCDate())}/`;
}

/** The days (their first ms) that hold hours from `fromMs` to `toMs`, inclusive. */
export function daysBetween(fromMs: number, toMs: number): number[] {
  const days: number[] = [];
  for (let day = floorTo(fromMs, DAY_MS); day <= toMs; day += DAY_MS) days.push(day);
  return days;
}

export function floorHour(ms: number): number {
  return floorTo(ms, HOUR_MS);
}

function floorTo(ms: number, unit: number): number {
  return Math.floor(ms / unit) * unit;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
