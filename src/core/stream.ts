/** The four data streams of Elastic's m365_defender integration, which this connector reproduces. */
export const STREAMS = ['alert', 'incident', 'event', 'vulnerability'] as const;
export type Stream = (typeof STREAMS)[number];

export function isStream(value: unknown): value is Stream {
  return typeof value === 'string' && (STREAMS as readonly string[]).includes(value);
}
