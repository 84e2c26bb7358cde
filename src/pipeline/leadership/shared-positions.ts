/**
 * The positions of the leader-only sources, as the leader mirrors them into the lease blob:
 *
 *   { "v": 1, "instance": "<id of the writer>", "written_at": "…", "positions": { "source:<name>": <position>, … } }
 *
 * Only the lease holder can write the blob (uploads carry the lease id), so a deposed leader can
 * never overwrite its successor's positions.
 */
export interface SharedPositions {
  readonly v: 1;
  readonly instance: string;
  readonly written_at: string;
  readonly positions: Readonly<Record<string, unknown>>;
}

export function parseShared(text: string | undefined): SharedPositions | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { v, instance, written_at: writtenAt, positions } = value as Record<string, unknown>;
  if (v !== 1 || typeof instance !== 'string' || typeof writtenAt !== 'string' || typeof positions !== 'object' || positions === null) return undefined;
  return { v: 1, instance, written_at: writtenAt, positions: positions as Record<string, unknown> };
}

export function serializeShared(instance: string, positions: Record<string, unknown>, now: Date = new Date()): string {
  const shared: SharedPositions = { v: 1, instance, written_at: now.toISOString(), positions };
  return JSON.stringify(shared);
}
