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

  constructor(db: SqliteDatabase) {
    db.exec(SCHEMA);
    this.select = db.prepare('SELECT value FROM state WHERE key = ?');
    this.upsert = db.prepare('INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at');
  }

  get(key: string): unknown {
    const row = this.select.get(key) as { value: string } | undefined;
    return row === undefined ? undefined : JSON.parse(row.value);
  }

  set(key: string, value: unknown, now: Date = new Date()): void {
    this.upsert.run(key, JSON.stringify(value), now.toISOString());
  }
}
