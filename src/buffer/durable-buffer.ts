import type { SinkDocument } from '../core/sink.js';
import type { Stream } from '../core/stream.js';
import type { SqliteDatabase } from './database.js';
import { WakeList } from './wake-list.js';

/** A document held in a sink's buffer; `seq` orders it and names it for ack/nack. */
export interface BufferedDocument extends SinkDocument {
  readonly seq: number;
  readonly bytes: number;
}

export interface NewDocument {
  readonly id: string;
  readonly stream: Stream;
  readonly body: string;
}

export interface Append {
  readonly sink: string;
  readonly docs: readonly NewDocument[];
}

export interface PullLimits {
  readonly maxDocuments: number;
  readonly maxBytes: number;
}

export interface DeadLetter {
  readonly doc: BufferedDocument;
  readonly reason: string;
}

export interface Depth {
  readonly documents: number;
  readonly bytes: number;
}

interface SinkQueue {
  readonly sink: string;
  documents: number;
  bytes: number;
  /** Highest seq handed out by pull; fresh rows are those above it. */
  cursor: number;
  /** Pulled and neither acked, nacked nor dead-lettered yet. */
  inFlight: number;
  /** Nacked documents, oldest first: pulled again before anything fresh. */
  redeliver: BufferedDocument[];
  readonly data: WakeList;
  readonly room: WakeList;
}

interface PendingRow {
  readonly sink: string;
  readonly doc: NewDocument;
  readonly bytes: number;
}

interface Row {
  seq: number;
  doc_id: string;
  stream: Stream;
  body: string;
  bytes: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS buffer (
  seq INTEGER PRIMARY KEY,
  sink TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  stream TEXT NOT NULL,
  body TEXT NOT NULL,
  bytes INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS buffer_by_sink ON buffer (sink, seq);
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
 * The durable queue between normalization and each sink: one SQLite table, one logical queue per
 * sink name. Documents stay until the sink accepted them (ack) or they are dead-lettered; pulled
 * but unacknowledged documents are tracked in memory only, so after a crash everything not acked
 * is simply pulled again. All methods are synchronous (better-sqlite3): no await can interleave
 * inside a transaction.
 */
export class DurableBuffer {
  private readonly queues = new Map<string, SinkQueue>();
  /** Documents found at open for sinks that are no longer configured (left untouched). */
  readonly orphans: Array<{ sink: string } & Depth> = [];
  private nextSeq: number;
  private readonly insert;
  private readonly selectFresh;
  private readonly remove;
  private readonly insertDead;
  private readonly appendTx;
  private readonly ackTx;
  private readonly deadLetterTx;

  constructor(
    db: SqliteDatabase,
    sinks: readonly string[],
    private readonly maxBytesPerSink: number,
  ) {
    db.exec(SCHEMA);
    this.insert = db.prepare('INSERT INTO buffer (seq, sink, doc_id, stream, body, bytes) VALUES (?, ?, ?, ?, ?, ?)');
    this.selectFresh = db.prepare('SELECT seq, doc_id, stream, body, bytes FROM buffer WHERE sink = ? AND seq > ? ORDER BY seq LIMIT ?');
    this.remove = db.prepare('DELETE FROM buffer WHERE seq = ?');
    this.insertDead = db.prepare('INSERT INTO dead_letter (sink, doc_id, stream, body, reason, dead_lettered_at) VALUES (?, ?, ?, ?, ?, ?)');
    // Seqs are assigned here rather than by SQLite so that they never go backwards while this
    // process runs (a plain rowid would restart at 1 once the table empties, below the cursors).
    this.nextSeq = ((db.prepare('SELECT max(seq) AS seq FROM buffer').get() as { seq: number | null }).seq ?? 0) + 1;
    for (const sink of sinks) {
      this.queues.set(sink, { sink, documents: 0, bytes: 0, cursor: 0, inFlight: 0, redeliver: [], data: new WakeList(), room: new WakeList() });
    }
    const totals = db.prepare('SELECT sink, count(*) AS documents, coalesce(sum(bytes), 0) AS bytes FROM buffer GROUP BY sink').all() as Array<{ sink: string } & Depth>;
    for (const total of totals) {
      const queue = this.queues.get(total.sink);
      if (queue) Object.assign(queue, { documents: total.documents, bytes: total.bytes });
      else this.orphans.push(total);
    }
    this.appendTx = db.transaction((rows: readonly PendingRow[], within?: () => void) => {
      let seq = this.nextSeq;
      for (const row of rows) this.insert.run(seq++, row.sink, row.doc.id, row.doc.stream, row.doc.body, row.bytes);
      within?.();
    });
    this.ackTx = db.transaction((docs: readonly BufferedDocument[]) => {
      for (const doc of docs) this.remove.run(doc.seq);
    });
    this.deadLetterTx = db.transaction((sink: string, entries: readonly DeadLetter[], at: string) => {
      for (const { doc, reason } of entries) {
        this.insertDead.run(sink, doc.id, doc.stream, doc.body, reason, at);
        this.remove.run(doc.seq);
      }
    });
  }

  /**
   * Stores documents for one or more sinks in one transaction, running `within` inside it too:
   * this is where a source's position is committed with the documents read up to it.
   */
  append(appends: readonly Append[], within?: () => void): void {
    const rows: PendingRow[] = [];
    for (const { sink, docs } of appends) {
      this.queue(sink);
      for (const doc of docs) rows.push({ sink, doc, bytes: Buffer.byteLength(doc.body) });
    }
    this.appendTx(rows, within);
    // Counters move only once the transaction committed, so a failed commit leaves them right.
    this.nextSeq += rows.length;
    for (const row of rows) {
      const queue = this.queue(row.sink);
      queue.documents += 1;
      queue.bytes += row.bytes;
    }
    for (const { sink, docs } of appends) if (docs.length > 0) this.queue(sink).data.wakeAll();
  }

  /** The oldest documents not in flight: nacked ones first, then fresh ones, in seq order. */
  pull(sink: string, limits: PullLimits): BufferedDocument[] {
    const queue = this.queue(sink);
    const batch: BufferedDocument[] = [];
    let bytes = 0;
    const fits = (doc: BufferedDocument) => batch.length === 0 || (batch.length < limits.maxDocuments && bytes + doc.bytes <= limits.maxBytes);
    while (queue.redeliver.length > 0 && fits(queue.redeliver[0]!)) {
      const doc = queue.redeliver.shift()!;
      batch.push(doc);
      bytes += doc.bytes;
    }
    if (queue.redeliver.length > 0 || batch.length >= limits.maxDocuments) {
      queue.inFlight += batch.length;
      return batch;
    }
    const rows = this.selectFresh.all(sink, queue.cursor, limits.maxDocuments - batch.length) as Row[];
    for (const row of rows) {
      const doc: BufferedDocument = { seq: row.seq, id: row.doc_id, stream: row.stream, body: row.body, bytes: row.bytes };
      if (!fits(doc)) break;
      batch.push(doc);
      bytes += doc.bytes;
      queue.cursor = doc.seq;
    }
    queue.inFlight += batch.length;
    return batch;
  }

  /** The sink accepted these documents: they leave the buffer. */
  ack(sink: string, docs: readonly BufferedDocument[]): void {
    if (docs.length === 0) return;
    this.ackTx(docs);
    this.release(sink, docs);
  }

  /** These documents were not delivered: the next pull hands them out again, before newer ones. */
  nack(sink: string, docs: readonly BufferedDocument[]): void {
    if (docs.length === 0) return;
    const queue = this.queue(sink);
    queue.inFlight -= docs.length;
    queue.redeliver = [...queue.redeliver, ...docs].sort((a, b) => a.seq - b.seq);
    queue.data.wakeAll();
  }

  /** Moves documents a sink rejected for good to the dead_letter table, with the reason. */
  deadLetter(sink: string, entries: readonly DeadLetter[], now: Date = new Date()): void {
    if (entries.length === 0) return;
    this.deadLetterTx(sink, entries, now.toISOString());
    this.release(sink, entries.map((entry) => entry.doc));
  }

  depth(sink: string): Depth {
    const { documents, bytes } = this.queue(sink);
    return { documents, bytes };
  }

  /** Below its size limit, a sink's buffer admits another batch (which may overshoot it). */
  hasRoom(sink: string): boolean {
    return this.queue(sink).bytes < this.maxBytesPerSink;
  }

  /** Resolves once `sink`'s buffer has room again, or `signal` aborts. The backpressure point. */
  async waitForRoom(sink: string, signal: AbortSignal): Promise<void> {
    const queue = this.queue(sink);
    while (!this.hasRoom(sink) && !signal.aborted) await queue.room.wait(signal);
  }

  /** Resolves once `sink` has something to pull, or `signal` aborts. */
  async waitForData(sink: string, signal: AbortSignal): Promise<void> {
    const queue = this.queue(sink);
    while (!this.hasPullable(queue) && !signal.aborted) await queue.data.wait(signal);
  }

  private hasPullable(queue: SinkQueue): boolean {
    // Buffered documents are in flight, waiting for redelivery, or fresh.
    return queue.documents > queue.inFlight;
  }

  private release(sink: string, docs: readonly BufferedDocument[]): void {
    const queue = this.queue(sink);
    queue.documents -= docs.length;
    queue.inFlight -= docs.length;
    for (const doc of docs) queue.bytes -= doc.bytes;
    queue.room.wakeAll();
  }

  private queue(sink: string): SinkQueue {
    const queue = this.queues.get(sink);
    if (!queue) throw new Error(`no buffer for sink "${sink}"`);
    return queue;
  }
}
