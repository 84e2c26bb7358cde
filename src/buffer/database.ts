import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DefenderSiemError } from '../core/errors.js';

export type SqliteDatabase = Database.Database;

/**
 * `normal`: WAL + synchronous=NORMAL. A commit survives a crash of the process (SIGKILL, OOM,
 * panic); a power cut or kernel crash may roll back the last commits, but each commit stores
 * documents and the source position together, so a rollback only makes the source read those
 * records again. `full` fsyncs every commit: needed only by a source that acknowledges to a sender
 * which cannot resend (a push receiver). See docs/components.md.
 */
export type Durability = 'normal' | 'full';

export interface DatabaseOptions {
  readonly durability: Durability;
}

/**
 * Opens (creating it and its folder if needed) the one SQLite file that holds the buffers and the
 * state, so "documents buffered" and "source position moved" commit in one transaction.
 */
export function openDatabase(path: string, options: DatabaseOptions): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: SqliteDatabase | undefined;
  try {
    db = new Database(path, { timeout: 1_000 });
    // One process owns the file: a second `run` on it would deliver the same documents twice
    // and race on positions. EXCLUSIVE makes it fail at once instead (and WAL then needs no
    // shared-memory file, which is also faster).
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    // Keep the WAL from growing without bound when a sink lags and rows churn.
    db.pragma('journal_size_limit = 67108864');
    db.pragma('cache_size = -16384');
    // Checkpoint every 16,384 pages (64 MiB) instead of SQLite's 1,000: buffered rows are mostly
    // deleted again soon after, so a longer WAL lets their pages be reused before a checkpoint
    // copies them into the file (+5–10% streaming throughput, BENCHMARKS.md); the WAL is cut back
    // to journal_size_limit after each checkpoint.
    db.pragma('wal_autocheckpoint = 16384');
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (error) {
    db?.close();
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_BUSY') {
      throw new DefenderSiemError('ERR_DATABASE_LOCKED', `the database ${path} is in use by another defender-siem process`, { cause: error });
    }
    throw new DefenderSiemError('ERR_DATABASE', `cannot open the database ${path}: ${(error as Error).message}`, { cause: error });
  }
}
