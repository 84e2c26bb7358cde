/**
 * The position of an update-aware collection (Graph incidents/alerts_v2, MDE alerts): how far the
 * change timestamp has been read, and which record versions near that boundary were already
 * committed. Polls re-read from `since - overlap` (updates can land late, and several records can
 * share one timestamp); a version already in `seen` is skipped, so a tie is never dropped and a
 * version never doubled.
 */
export interface UpdateCursor {
  /** The greatest change time committed, as a sortable key (see timeKey); '' before any. */
  readonly since: string;
  /** `<timeKey>|<id>` of the versions committed whose time is within the overlap window. */
  readonly seen: readonly string[];
}

const EPOCH_KEY = '';

/**
 * A change time as a fixed-width, lexicographically sortable key: ISO 8601 UTC with a 7-digit
 * fraction (Graph's own precision: `2026-01-05T08:12:30.4566667Z`). Graph and MDE vary the
 * number of fraction digits, so raw strings do not sort; epoch ms would lose the 100 ns ticks
 * that tell two versions apart. Undefined for anything that is not such a time.
 */
export function timeKey(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]00:00)$/.exec(value);
  if (match === null) return undefined;
  if (Number.isNaN(Date.parse(`${match[1]}Z`))) return undefined;
  const fraction = (match[2] ?? '').slice(0, 7).padEnd(7, '0');
  return `${match[1]}.${fraction}Z`;
}

/** Epoch ms of a key (sub-millisecond digits dropped). */
export function keyToMs(key: string): number {
  return key === EPOCH_KEY ? 0 : Date.parse(key.slice(0, 23) + 'Z');
}

export function msToKey(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000Z`;
}

export function initialCursor(startMs: number): UpdateCursor {
  return { since: msToKey(startMs), seen: [] };
}

/** A stored position, or undefined when it is not one (then the source starts afresh). */
export function readCursor(position: unknown): UpdateCursor | undefined {
  if (typeof position !== 'object' || position === null) return undefined;
  const { since, seen } = position as { since?: unknown; seen?: unknown };
  if (typeof since !== 'string' || !Array.isArray(seen) || !seen.every((entry) => typeof entry === 'string')) return undefined;
  return { since, seen };
}

/** The lower bound of the next poll's filter (ms): the cursor minus the overlap. */
export function pollFromMs(cursor: UpdateCursor, overlapMs: number): number {
  return Math.max(0, keyToMs(cursor.since) - overlapMs);
}

/**
 * Tracks one poll: which versions are new, and the cursor after each committed page. With
 * `ordered` (the server sorts by change time ascending), the cursor may move after every page; an
 * unordered collection moves it only when the whole sweep is read, since a later page may still
 * hold an older change.
 */
export class CursorTracker {
  private since: string;
  private readonly seen: Set<string>;
  private sweepMax: string;

  constructor(
    cursor: UpdateCursor,
    private readonly overlapMs: number,
    private readonly ordered: boolean,
  ) {
    this.since = cursor.since;
    this.sweepMax = cursor.since;
    this.seen = new Set(cursor.seen);
  }

  /**
   * True when this version was not committed before (and remembers it). A record without a
   * usable id or change time is always new: kept rather than dropped, it cannot move the cursor.
   */
  admit(id: unknown, changed: unknown): boolean {
    const key = timeKey(changed);
    if (key === undefined || (typeof id !== 'string' && typeof id !== 'number')) return true;
    const versionKey = `${key}|${String(id)}`;
    if (this.seen.has(versionKey)) return false;
    this.seen.add(versionKey);
    if (key > this.sweepMax) this.sweepMax = key;
    return true;
  }

  /** The cursor to commit with the page just admitted. */
  afterPage(): UpdateCursor {
    if (this.ordered) this.since = this.sweepMax;
    return this.snapshot();
  }

  /** The cursor to commit once the whole sweep is read. */
  afterSweep(): UpdateCursor {
    this.since = this.sweepMax;
    return this.snapshot();
  }

  cursorMs(): number {
    return keyToMs(this.since);
  }

  private snapshot(): UpdateCursor {
    // Versions older than the overlap window can never be returned again by a poll: forget them.
    const floor = msToKey(pollFromMs({ since: this.since, seen: [] }, this.overlapMs));
    for (const versionKey of this.seen) if (versionKey < floor) this.seen.delete(versionKey);
    return { since: this.since, seen: [...this.seen] };
  }
}
