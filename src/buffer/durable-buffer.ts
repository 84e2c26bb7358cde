import { batchTable, type BatchRow, type BatchTable, type Progress } from './batch-table.js';
import { batchDocuments, bufferOrder, groupByRow, rowDocuments, type BufferedDocument } from './buffered-document.js';
import type { SqliteDatabase } from './database.js';
import { utf8Text, type DocumentBatch } from './document-batch.js';
import { RecentBatches } from './recent-batches.js';
import { WakeList } from './wake-list.js';

export { BufferedDocument } from './buffered-document.js';

export interface Append {
  readonly sink: string;
  readonly docs: DocumentBatch;
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

/** A batch row read by pull and not yet settled in full. */
interface OpenRow {
  readonly documents: number;
  /** Indexes of the settled documents (acknowledged or dead-lettered), and their bytes: what batch_progress stores. */
  readonly settled: Set<number>;
  settledBytes: number;
}

interface SinkQueue {
  readonly sink: string;
  documents: number;
  bytes: number;
  /** Highest batch seq read by pull; fresh batches are those above it. */
  cursor: number;
  /** Documents of the batches read that were not handed out yet, in order, from `loadedAt`. */
  loaded: BufferedDocument[];
  loadedAt: number;
  /** Pulled and neither acked, nacked nor dead-lettered yet. */
  inFlight: number;
  /** Nacked documents, oldest first: pulled again before anything fresh. */
  redeliver: BufferedDocument[];
  readonly rows: Map<number, OpenRow>;
  readonly recent: RecentBatches;
  readonly data: WakeList;
  readonly room: WakeList;
}

/**
 * The durable queue between normalization and each sink: one SQLite table of batches, one
 * logical queue per sink name. Documents stay until the sink accepted them (ack) or they are
 * dead-lettered; pulled but unacknowledged documents are tracked in memory only, so after a crash
 * everything not settled is simply pulled again. All methods are synchronous (better-sqlite3): no
 * await can interleave inside a transaction.
 */
export class DurableBuffer {
  private readonly queues = new Map<string, SinkQueue>();
  /** Documents found at open for sinks that are no longer configured (left untouched). */
  readonly orphans: Array<{ sink: string } & Depth> = [];
  private nextSeq: number;
  private readonly table: BatchTable;
  private readonly appendTx;
  private readonly settleTx;
  private readonly quarantineTx;

  constructor(
    db: SqliteDatabase,
    sinks: readonly string[],
    private readonly maxBytesPerSink: number,
  ) {
    this.table = batchTable(db);
    // Seqs are assigned here rather than by SQLite so that they never go backwards while this
    // process runs (a plain rowid would restart at 1 once the table empties, below the cursors).
    this.nextSeq = this.table.maxSeq() + 1;
    for (const sink of sinks) {
      this.queues.set(sink, {
        sink,
        documents: 0,
        bytes: 0,
        cursor: 0,
        loaded: [],
        loadedAt: 0,
        inFlight: 0,
        redeliver: [],
        rows: new Map(),
        recent: new RecentBatches(RECENT_BATCH_BYTES),
        data: new WakeList(),
        room: new WakeList(),
      });
    }
    for (const total of this.table.totals()) {
      const queue = this.queues.get(total.sink);
      if (queue) Object.assign(queue, { documents: total.documents, bytes: total.bytes });
      else this.orphans.push(total);
    }
    this.appendTx = db.transaction((appends: readonly Append[], within?: () => void) => {
      const seqs: number[] = [];
      let seq = this.nextSeq;
      for (const { sink, docs } of appends) {
        seqs.push(seq);
        if (docs.ids.length === 0) continue;
        this.table.insert.run(seq++, sink, docs.stream, docs.ids.length, JSON.stringify(docs.ids), docs.ndjson, bodyBytes(docs));
      }
      within?.();
      return { seqs, next: seq };
    });
    this.settleTx = db.transaction((queue: SinkQueue, docs: readonly BufferedDocument[], dead: readonly DeadLetter[], at: string) => {
      for (const { doc, reason } of dead) this.table.insertDead.run(queue.sink, doc.id, doc.stream, doc.body, reason, at);
      for (const [seq, settled] of groupByRow(docs)) this.settleInRow(queue, seq, settled);
    });
    this.quarantineTx = db.transaction((sink: string, row: BatchRow, reason: string, at: string) => {
      this.table.insertDead.run(sink, `batch-${row.seq}`, row.stream, utf8Text(row.bodies), reason, at);
      this.table.remove.run(row.seq);
      this.table.removeProgress.run(row.seq);
    });
  }

  /**
   * Stores batches for one or more sinks in one transaction, running `within` inside it too: this
   * is where a source's position is committed with the documents read up to it.
   */
  append(appends: readonly Append[], within?: () => void): void {
    for (const { sink } of appends) this.queue(sink);
    const { seqs, next } = this.appendTx(appends, within);
    // Counters move only once the transaction committed, so a failed commit leaves them right.
    this.nextSeq = next;
    for (const [index, { sink, docs }] of appends.entries()) {
      if (docs.ids.length === 0) continue;
      const queue = this.queue(sink);
      queue.recent.add(seqs[index]!, docs);
      queue.documents += docs.ids.length;
      queue.bytes += bodyBytes(docs);
      queue.data.wakeAll();
    }
  }

  /** The oldest documents not in flight: nacked ones first, then fresh ones, in buffer order. */
  pull(sink: string, limits: PullLimits): BufferedDocument[] {
    const queue = this.queue(sink);
    const batch: BufferedDocument[] = [];
    let bytes = 0;
    const take = (doc: BufferedDocument | undefined): boolean => {
      if (doc === undefined || !(batch.length === 0 || (batch.length < limits.maxDocuments && bytes + doc.bytes <= limits.maxBytes))) return false;
      batch.push(doc);
      bytes += doc.bytes;
      return true;
    };
    let redelivered = 0;
    while (take(queue.redeliver[redelivered])) redelivered += 1;
    queue.redeliver = queue.redeliver.slice(redelivered);
    if (queue.redeliver.length === 0) {
      for (;;) {
        while (take(queue.loaded[queue.loadedAt])) queue.loadedAt += 1;
        if (queue.loadedAt < queue.loaded.length) break;
        // Handed out in full: let go of the row's bytes (in-flight documents keep what they need).
        queue.loaded = [];
        queue.loadedAt = 0;
        if (!this.loadNextRow(queue)) break;
      }
    }
    queue.inFlight += batch.length;
    return batch;
  }

  /** The sink accepted these documents: they leave the buffer. */
  ack(sink: string, docs: readonly BufferedDocument[]): void {
    if (docs.length === 0) return;
    const queue = this.queue(sink);
    this.settleTx(queue, docs, [], '');
    this.release(queue, docs);
  }

  /** These documents were not delivered: the next pull hands them out again, before newer ones. */
  nack(sink: string, docs: readonly BufferedDocument[]): void {
    if (docs.length === 0) return;
    const queue = this.queue(sink);
    queue.inFlight -= docs.length;
    queue.redeliver = [...queue.redeliver, ...docs].sort(bufferOrder);
    queue.data.wakeAll();
  }

  /** Moves documents a sink rejected for good to the dead_letter table, with the reason. */
  deadLetter(sink: string, entries: readonly DeadLetter[], now: Date = new Date()): void {
    if (entries.length === 0) return;
    const queue = this.queue(sink);
    const docs = entries.map((entry) => entry.doc);
    this.settleTx(queue, docs, entries, now.toISOString());
    this.release(queue, docs);
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

  /**
   * Reads the next batch into `queue.loaded` (from memory when the sink keeps up, otherwise from
   * the table), without its settled documents; false when there is none.
   */
  private loadNextRow(queue: SinkQueue): boolean {
    const held = queue.recent.next();
    if (held === undefined) return false;
    if (held !== 'table') {
      queue.cursor = held.seq;
      this.openRow(queue, held.seq, batchDocuments(held.seq, held.docs.stream, held.docs.ids, held.docs.ndjson), new Set());
      return true;
    }
    const row = this.table.next.get(queue.sink, queue.cursor);
    if (row === undefined) {
      queue.recent.caughtUp();
      return false;
    }
    queue.cursor = row.seq;
    const progress = this.table.progress.get(row.seq);
    let docs: BufferedDocument[];
    let settled: Set<number>;
    try {
      docs = rowDocuments(row);
      settled = new Set<number>(JSON.parse(progress?.settled ?? '[]') as number[]);
    } catch (error) {
      this.quarantine(queue, row, progress, (error as Error).message);
      return true;
    }
    this.openRow(queue, row.seq, docs, settled);
    return true;
  }

  /** A batch's documents become the next to hand out, but for those already settled. */
  private openRow(queue: SinkQueue, seq: number, docs: BufferedDocument[], settled: Set<number>): void {
    let settledBytes = 0;
    for (const index of settled) settledBytes += docs[index]?.bytes ?? 0;
    queue.loaded = settled.size === 0 ? docs : docs.filter((doc) => !settled.has(doc.index));
    queue.loadedAt = 0;
    queue.rows.set(seq, { documents: docs.length, settled, settledBytes });
  }

  /**
   * A row that cannot be split into its documents (a damaged file) would stop the sink at every
   * start: it goes to the dead_letter table whole, with the reason, and delivery goes on.
   */
  private quarantine(queue: SinkQueue, row: BatchRow, progress: Progress | undefined, reason: string): void {
    this.quarantineTx(queue.sink, row, reason, new Date().toISOString());
    queue.documents -= row.documents - (progress?.documents ?? 0);
    queue.bytes -= row.bytes - (progress?.bytes ?? 0);
    queue.room.wakeAll();
  }

  /** Inside settleTx: marks documents of one row settled; a row with nothing left is deleted. */
  private settleInRow(queue: SinkQueue, seq: number, docs: readonly BufferedDocument[]): void {
    const row = queue.rows.get(seq);
    if (row === undefined) throw new Error(`buffer row ${seq} of sink "${queue.sink}" was never pulled`);
    for (const doc of docs) {
      if (row.settled.has(doc.index)) continue;
      row.settled.add(doc.index);
      row.settledBytes += doc.bytes;
    }
    if (row.settled.size === row.documents) {
      this.table.remove.run(seq);
      this.table.removeProgress.run(seq);
      queue.rows.delete(seq);
    } else {
      this.table.saveProgress.run(seq, JSON.stringify([...row.settled]), row.settled.size, row.settledBytes);
    }
  }

  private release(queue: SinkQueue, docs: readonly BufferedDocument[]): void {
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

/**
 * Per sink, the newest batches are also kept in memory (RecentBatches) up to this size: several
 * Event Hubs batches (~0.75 MB of documents each with the default 3 messages), enough for a sink
 * that keeps up.
 */
const RECENT_BATCH_BYTES = 8 * 1024 * 1024;

/** The bytes a batch counts for: its bodies, without the newlines between them. */
function bodyBytes(docs: DocumentBatch): number {
  return docs.ndjson.byteLength - docs.ids.length;
}
