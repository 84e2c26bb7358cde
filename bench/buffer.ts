import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Durability } from '../src/buffer/database.js';
import { encodeDocuments, type DocumentText } from '../src/buffer/document-batch.js';
import { openBuffer } from '../src/buffer/open-buffer.js';

const DOCUMENTS = 100_000;
const DOC_BYTES = 1024;
const BATCH = 1_000;
const TARGET_DOCS_PER_SECOND = 50_000;

/** The shape of bench/result.ts's BenchFigure, plus this process's peak RSS. */
export interface BufferBenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: { readonly label: string; readonly value: number };
  readonly target?: { readonly atLeast?: number };
  readonly peakRssMb: number;
}

/** A 1 KB ECS-looking document with a unique id, serialized as the buffer stores it. */
function document(index: number): DocumentText {
  const head = `{"@timestamp":"2026-01-01T00:00:00.000Z","event":{"kind":"alert","id":"${index}"},"message":"`;
  const tail = '"}';
  return { id: `doc-${index}`, body: head + 'x'.repeat(DOC_BYTES - head.length - tail.length) + tail };
}

/**
 * Push + pull + ack of 100k 1 KB documents through one sink's buffer, in batches of 1000. The push
 * includes serializing the batch's texts into the bytes the buffer stores (what a source's batch costs).
 */
function measure(durability: Durability, docs: readonly DocumentText[]): number {
  const dir = mkdtempSync(join(tmpdir(), 'bench-buffer-'));
  const { buffer, close } = openBuffer(join(dir, 'buffer.db'), { sinks: ['bench'], maxBytesPerSink: Number.MAX_SAFE_INTEGER, durability });
  try {
    const started = process.hrtime.bigint();
    for (let offset = 0; offset < DOCUMENTS; offset += BATCH) {
      buffer.append([{ sink: 'bench', docs: encodeDocuments('alert', docs.slice(offset, offset + BATCH)) }]);
      const pulled = buffer.pull('bench', { maxDocuments: BATCH, maxBytes: Number.MAX_SAFE_INTEGER });
      buffer.ack('bench', pulled);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (buffer.depth('bench').documents !== 0) throw new Error('the buffer did not drain');
    return DOCUMENTS / seconds;
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The production setting (WAL + synchronous=NORMAL) against WAL + FULL as the same-run baseline:
 * the figure that matters is the absolute rate, the baseline shows what durability=full would cost.
 */
export async function benchBuffer(): Promise<BufferBenchFigure> {
  const docs = Array.from({ length: DOCUMENTS }, (_, index) => document(index));
  // bench/run.ts starts benches with --expose-gc: collecting between runs keeps peak RSS about one run's.
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
  measure('normal', docs); // warm-up: page cache, JIT
  collect();
  const normal = measure('normal', docs);
  collect();
  const full = measure('full', docs);
  return {
    name: 'buffer push+pull+ack, 100k 1 KB documents, WAL synchronous=NORMAL',
    value: Math.round(normal),
    unit: 'docs/s',
    baseline: { label: 'WAL synchronous=FULL', value: Math.round(full) },
    target: { atLeast: TARGET_DOCS_PER_SECOND },
    peakRssMb: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
  };
}

// Run alone (as bench/run.ts does), print the report line it reads.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { peakRssMb, ...figure } = await benchBuffer();
  process.stdout.write(`BENCH_REPORT ${JSON.stringify({ bench: 'buffer', figures: [figure], peakRssMb })}\n`);
}
