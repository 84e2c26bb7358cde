import type { SqliteDatabase } from './database.js';

/**
 * The buffer's tables. A row of `batches` holds one appended batch for one sink: the ids as a
 * JSON array and the bodies as NDJSON bytes. A row per batch rather than per document: SQLite's
 * cost is per row (B-tree insert, delete, index), and a source appends a thousand documents at a
 * time. `batch_progress` remembers which documents of a partly delivered batch are settled
 * (acknowledged or dead-lettered), so that a restart does not deliver those again; a fully
 * settled batch is deleted with its progress.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS batches (
  seq INTEGER PRIMARY KEY,
  sink TEXT NOT NULL,
  stream TEXT NOT NULL,
  documents INTEGER NOT NULL,
  ids TEXT NOT NULL,
  bodies BLOB NOT NULL,
  bytes INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS batches_by_sink ON batches (sink, seq);
CREATE TABLE IF NOT EXISTS batch_progress (
  seq INTEGER PRIMARY KEY,
  settled TEXT NOT NULL,
  documents INTEGER NOT NULL,
  bytes INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS dead_letter (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  sink TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  stream TEXT NOT NULL,
  body TEXT NOT NULL,
  reason TEXT NOT NULL,
  dead_lettered_at TEXT NOT NULL
);
`;

/**
 * Earlier versions held a row per document in `buffer`. Those documents are moved, each as a
 * batch of one with its seq, so that an upgrade delivers what the old version had buffered.
 */
const MIGRATE_ROW_PER_DOCUMENT = `
INSERT INTO batches (seq, sink, stream, documents, ids, bodies, bytes)
  SELECT seq, sink, stream, 1, json_array(doc_id), CAST(body || char(10) AS BLOB), bytes FROM buffer ORDER BY seq;
DROP TABLE buffer;
`;

export interface BatchRow {
  readonly seq: number;
  readonly stream: string;
  readonly documents: number;
  readonly ids: string;
  readonly bodies: Uint8Array;
  readonly bytes: number;
}

export interface Progress {
  readonly settled: string;
  readonly documents: number;
  readonly bytes: number;
}

export interface SinkTotals {
  readonly sink: string;
  readonly documents: number;
  readonly bytes: number;
}

/** The prepared statements of the buffer, on a database whose schema is created (and migrated). */
export function batchTable(db: SqliteDatabase) {
  db.exec(SCHEMA);
  const legacy = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'buffer'").get();
  if (legacy !== undefined) db.transaction(() => db.exec(MIGRATE_ROW_PER_DOCUMENT))();
  return {
    insert: db.prepare<[number, string, string, number, string, Uint8Array, number]>(
      'INSERT INTO batches (seq, sink, stream, documents, ids, bodies, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    next: db.prepare<[string, number], BatchRow>('SELECT seq, stream, documents, ids, bodies, bytes FROM batches WHERE sink = ? AND seq > ? ORDER BY seq LIMIT 1'),
    progress: db.prepare<[number], Progress>('SELECT settled, documents, bytes FROM batch_progress WHERE seq = ?'),
    saveProgress: db.prepare<[number, string, number, number]>('INSERT OR REPLACE INTO batch_progress (seq, settled, documents, bytes) VALUES (?, ?, ?, ?)'),
    remove: db.prepare<[number]>('DELETE FROM batches WHERE seq = ?'),
    removeProgress: db.prepare<[number]>('DELETE FROM batch_progress WHERE seq = ?'),
    insertDead: db.prepare<[string, string, string, string, string, string]>(
      'INSERT INTO dead_letter (sink, doc_id, stream, body, reason, dead_lettered_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    maxSeq: () => (db.prepare('SELECT max(seq) AS seq FROM batches').get() as { seq: number | null }).seq ?? 0,
    /** Documents and bytes not yet settled, per sink. */
    totals: () =>
      db
        .prepare(
          `SELECT b.sink AS sink, sum(b.documents - coalesce(p.documents, 0)) AS documents, sum(b.bytes - coalesce(p.bytes, 0)) AS bytes
           FROM batches b LEFT JOIN batch_progress p ON p.seq = b.seq GROUP BY b.sink`,
        )
        .all() as SinkTotals[],
  };
}

export type BatchTable = ReturnType<typeof batchTable>;
