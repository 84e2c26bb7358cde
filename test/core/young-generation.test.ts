import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const MODULE = new URL('../../src/core/young-generation.js', import.meta.url).href;
const MiB = 1024 * 1024;

/**
 * A fresh process (the flags are process-wide): holds its young generations, starts a thread
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
    import { holdYoungGenerations, startThread, youngGenerationBytes } from '${MODULE}';
    holdYoungGenerations();
    const code = new URL('data:text/javascript,' + encodeURIComponent(${JSON.stringify(threadCode)}));
    const thread = ${start === 'startThread' ? 'startThread(code, 2)' : 'new Worker(code)'};
    await new Promise((resolve) => thread.once('online', resolve));
    thread.postMessage('go');
    const threadBytes = await new Promise((resolve) => thread.once('message', resolve));
    ${churn}
    console.log(JSON.stringify({ main: youngGenerationBytes(), thread: threadBytes }));
    await thread.terminate();`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { main: number; thread: number };
}

test('held young generations do not grow, even after startThread started a thread', () => {
  const held = youngGenerationsAfterLoad('startThread');
  assert.ok(held.main <= 2 * MiB, `the main thread's young generation grew to ${held.main / MiB} MiB`);
  // The thread started at its full size: two 2 MiB semi-spaces.
  assert.equal(held.thread, 4 * MiB);
});

test('a Worker started otherwise undoes the hold: the same load grows both young generations', () => {
  const undone = youngGenerationsAfterLoad('plain Worker');
  assert.ok(undone.main >= 8 * MiB, `expected V8 to grow it, it is ${undone.main / MiB} MiB`);
  assert.ok(undone.thread >= 8 * MiB, `expected V8 to grow it, it is ${undone.thread / MiB} MiB`);
});
