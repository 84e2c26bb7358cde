import type { SqliteDatabase } from '../buffer/database.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * Source positions (file offsets, API cursors, checkpoints) as JSON, keyed by name, in the same
 * database as the buffer: `set` is meant to run inside `DurableBuffer.append`'s transaction.
 */
export class StateStore {
  private readonly select;
  private readonly upsert;
  private readonly selectPrefix;

  constructor(db: SqliteDatabase) {
    db.exec(SCHEMA);
    this.select = db.prepare('SELECT value FROM state WHERE key = ?');
    this.upsert = db.prepare('INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at');
    // A range on the primary key rather than LIKE, whose wildcards (_ %) may appear in names.
    this.selectPrefix = db.prepare("SELECT key, value FROM state WHERE key >= ? AND key < ? || char(1114111) ORDER BY key");
  }

  get(key: string): unknown {
    const row = this.select.get(key) as { value: string } | undefined;
    return row === undefined ? undefined : JSON.parse(row.value);
  }

  /** Every entry whose key starts with `prefix` (the per-partition positions of a source), by key. */
  entries(prefix: string): Array<{ key: string; value: unknown }> {
    const rows = this.selectPrefix.all(prefix, prefix) as Array<{ key: string; value: string }>;
    return rows.map((row) => ({ key: row.key, value: JSON.parse(row.value) }));
  }

  set(key: string, value: unknown, now: Date = new Date()): void {
    this.upsert.run(key, JSON.stringify(value), now.toISOString());
  }
}
