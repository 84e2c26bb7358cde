import v8 from 'node:v8';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Limits how far V8 lets this process's heaps grow before collecting them, trading a little CPU
 * for much less memory: the streaming pipeline's peak RSS draining a backlog went from ~300 to
 * ~225 MiB at about the same throughput (BENCHMARKS.md, streaming). Two flags, both read by V8
 * each time it resizes a heap, so that setting them at run time (`v8.setFlagsFromString`) works
 * from then on:
 *
 * - the young generations keep the size they have: V8 would double a busy thread's up to 32 MiB
 *   (two 16 MiB semi-spaces), and the pipeline's main thread (receive, buffer, deliver) is as fast
 *   with the 1 MiB semi-spaces it starts with, since what is in flight is a few large buffers
 *   whose bytes are outside the heap. The cap `--max-semi-space-size` is read only when a heap is
 *   configured, so only node's command line could set it for the main thread.
 * - an old generation grows to twice what its last full collection left alive before the next
 *   one, instead of up to four times: promoted garbage (and the ArrayBuffers it holds) is
 *   collected sooner.
 *
 * V8 resets the young generation's growth factor to its minimum of 2 whenever it configures a new
 * isolate's heap, i.e. when a Worker's thread starts: start threads with startThread, which sets
 * the flags again once the thread is online.
 */
export function limitHeapGrowth(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  v8.setFlagsFromString('--heap-growing-percent=100');
}

/**
 * Starts a Worker whose young generation is `semiSpaceMb` semi-spaces from the start (two of them,
 * plus as much for large new objects, make up V8's young generation), and limits every heap's
 * growth again (limitHeapGrowth) once it has started.
 */
export function startThread(file: URL, semiSpaceMb: number, options: Omit<WorkerOptions, 'resourceLimits'> = {}): Worker {
  // Read when the thread configures its heap (after this returns): it starts at its full size, as
  // it will not grow. Every thread the product starts asks for the same size.
  v8.setFlagsFromString(`--min-semi-space-size=${semiSpaceMb}`);
  const worker = new Worker(file, { ...options, resourceLimits: { maxYoungGenerationSizeMb: 3 * semiSpaceMb } });
  // Online: its heap is configured, and the young growth factor reset.
  worker.once('online', limitHeapGrowth);
  return worker;
}

/** This thread's young generation: both semi-spaces, in bytes (what limitHeapGrowth keeps). */
export function youngGenerationBytes(): number {
  return v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}
