import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const MODULE = new URL('../../src/core/heap-growth.js', import.meta.url).href;
const MiB = 1024 * 1024;

/** Runs an ES module in a fresh node (V8's flags are process-wide) and parses the JSON it prints. */
function printedBy(script: string, nodeFlags: readonly string[] = []): unknown {
  const child = spawnSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as unknown;
}

/**
 * A fresh process (the flags are process-wide): limits its heaps' growth, starts a thread
 * with startThread (2 MiB semi-spaces) or as a plain Worker, then both threads allocate objects
 * that survive a few young collections, which is what makes V8 grow a young generation. Gives
 * both sizes.
 */
function youngGenerationsAfterLoad(start: 'startThread' | 'plain Worker'): { main: number; thread: number } {
  const churn = 'let kept = []; for (let i = 0; i < 3e6; i += 1) { kept.push({ i, text: "x" + i }); if (kept.length > 200000) kept = []; }';
  const threadCode = `import { parentPort } from 'node:worker_threads'; import { youngGenerationBytes } from '${MODULE}';
    parentPort.once('message', () => { ${churn} parentPort.postMessage(youngGenerationBytes()); });`;
  const script = `
    import { Worker } from 'node:worker_threads';
    import { limitHeapGrowth, startThread, youngGenerationBytes } from '${MODULE}';
    limitHeapGrowth();
    const code = new URL('data:text/javascript,' + encodeURIComponent(${JSON.stringify(threadCode)}));
    const thread = ${start === 'startThread' ? 'startThread(code, 2)' : 'new Worker(code)'};
    await new Promise((resolve) => thread.once('online', resolve));
    thread.postMessage('go');
    const threadBytes = await new Promise((resolve) => thread.once('message', resolve));
    ${churn}
    console.log(JSON.stringify({ main: youngGenerationBytes(), thread: threadBytes }));
    await thread.terminate();`;
  return printedBy(script) as { main: number; thread: number };
}

test('limited, young generations do not grow, even after startThread started a thread', () => {
  const held = youngGenerationsAfterLoad('startThread');
  assert.ok(held.main <= 2 * MiB, `the main thread's young generation grew to ${held.main / MiB} MiB`);
  // The thread started at its full size: two 2 MiB semi-spaces.
  assert.equal(held.thread, 4 * MiB);
});

test('a Worker started otherwise undoes the limit: the same load grows both young generations', () => {
  const undone = youngGenerationsAfterLoad('plain Worker');
  assert.ok(undone.main >= 8 * MiB, `expected V8 to grow it, it is ${undone.main / MiB} MiB`);
  assert.ok(undone.thread >= 8 * MiB, `expected V8 to grow it, it is ${undone.thread / MiB} MiB`);
});

/**
 * A fresh process with --expose-gc, its heap growth limited or not: a full collection leaves
 * ~24 MiB alive, then objects that stay alive are added until the next full collection starts.
 * Gives the heap in use when it did, as a multiple of what the first one left alive.
 */
function oldGenerationGrowthBeforeFullCollection(limit: boolean): number {
  const script = `
    import v8 from 'node:v8';
    import { PerformanceObserver, constants } from 'node:perf_hooks';
    import { limitHeapGrowth } from '${MODULE}';
    ${limit ? 'limitHeapGrowth();' : ''}
    const kept = [];
    for (let i = 0; i < 300000; i += 1) kept.push({ i, text: 'k' + i });
    gc();
    const alive = v8.getHeapStatistics().used_heap_size;
    let used = alive;
    let usedAtFullCollection;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) usedAtFullCollection ??= used;
    }).observe({ entryTypes: ['gc'] });
    for (let i = 0; i < 5000000 && usedAtFullCollection === undefined; i += 1) {
      kept.push({ i, text: 'y' + i });
      // Observers are called between tasks.
      if (i % 1000 === 0) {
        used = v8.getHeapStatistics().used_heap_size;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    console.log(JSON.stringify(usedAtFullCollection / alive));`;
  return printedBy(script, ['--expose-gc']) as number;
}

test('limited, an old generation is collected before it holds 2.6 times what was left alive', () => {
  const growth = oldGenerationGrowthBeforeFullCollection(true);
  assert.ok(growth < 2.6, `the next full collection came at ${growth.toFixed(2)}× what the last left alive`);
});

test('not limited, V8 lets the same old generation grow further first (the test can tell)', () => {
  const growth = oldGenerationGrowthBeforeFullCollection(false);
  assert.ok(growth > 3.5, `the next full collection came at ${growth.toFixed(2)}×`);
});
