import v8 from 'node:v8';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Keeps the V8 young generations of this process at the size they have now.
 *
 * Why: under load V8 doubles a young generation up to 32 MiB (two 16 MiB semi-spaces), and the
 * streaming pipeline's main thread (receive, buffer, deliver) runs as fast with the 1 MiB
 * semi-spaces it starts with, for ~30 MiB less peak RSS (BENCHMARKS.md, streaming). The cap
 * `--max-semi-space-size` is read once, when an isolate's heap is configured, so only node's
 * command line can set it for the main thread; the growth factor is read each time V8 grows a
 * young generation, so setting it to 1 at run time stops the growth from then on.
 *
 * V8 resets the factor to its minimum of 2 whenever it configures a new isolate's heap, i.e. when
 * a Worker's thread starts: start threads with startThread, which sets it again once the thread
 * is online.
 */
export function holdYoungGenerations(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * Starts a Worker whose young generation is `semiSpaceMb` semi-spaces from the start (two of them,
 * plus as much for large new objects, make up V8's young generation), and keeps every young
 * generation of the process held (holdYoungGenerations) once it has started.
 */
export function startThread(file: URL, semiSpaceMb: number, options: Omit<WorkerOptions, 'resourceLimits'> = {}): Worker {
  // Read when the thread configures its heap (after this returns): it starts at its full size, as
  // it will not grow. Every thread the product starts asks for the same size.
  v8.setFlagsFromString(`--min-semi-space-size=${semiSpaceMb}`);
  const worker = new Worker(file, { ...options, resourceLimits: { maxYoungGenerationSizeMb: 3 * semiSpaceMb } });
  // Online: its heap is configured, and the factor reset.
  worker.once('online', holdYoungGenerations);
  return worker;
}

/** This thread's young generation: both semi-spaces, in bytes (what holdYoungGenerations keeps). */
export function youngGenerationBytes(): number {
  return v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}
