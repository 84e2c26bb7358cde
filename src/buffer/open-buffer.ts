import { openDatabase, type Durability, type SqliteDatabase } from './database.js';
import { DurableBuffer } from './durable-buffer.js';
import { StateStore } from '../state/state-store.js';

export interface OpenBufferOptions {
  readonly sinks: readonly string[];
  readonly maxBytesPerSink: number;
  readonly durability: Durability;
}

export interface OpenedBuffer {
  readonly db: SqliteDatabase;
  readonly buffer: DurableBuffer;
  readonly state: StateStore;
  close(): void;
}

/** Opens the database file with its buffer and state store: what `run`, tests and bench use. */
export function openBuffer(path: string, options: OpenBufferOptions): OpenedBuffer {
  const db = openDatabase(path, { durability: options.durability });
  try {
    const buffer = new DurableBuffer(db, options.sinks, options.maxBytesPerSink);
    const state = new StateStore(db);
    return { db, buffer, state, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}
