import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import pino from 'pino';
import { openBuffer } from '../../../src/buffer/open-buffer.js';
import { LeaseLeader } from '../../../src/pipeline/leadership/lease-leader.js';
import { runWhileLeading } from '../../../src/pipeline/leadership/run-while-leading.js';
import type { SourceOutcome } from '../../../src/pipeline/source-runner.js';
import type { StateStore } from '../../../src/state/state-store.js';
import { startAzurite } from '../../support/azurite.js';
import { tempDir } from '../../support/temp-dir.js';

const KEY = 'source:poll';

/** A leader-only "source": commits positions 1, 2, 3 … to its instance's state every 20 ms while it runs. */
function counting(state: StateStore, started: number[]) {
  return async (signal: AbortSignal): Promise<SourceOutcome[]> => {
    const from = (state.get(KEY) as number | undefined) ?? 0;
    started.push(from);
    for (let position = from + 1; !signal.aborted; position += 1) {
      state.set(KEY, position);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return ['stopped'];
  };
}

test('leadership: the polling sources run on one instance at a time, and a successor continues from the mirrored positions', async (t) => {
  const azurite = await startAzurite(t);
  const dir = tempDir(t);
  const logs = new Map<string, string[]>();
  const instances = ['a', 'b'].map((name) => {
    const lines: string[] = [];
    logs.set(name, lines);
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const storage = openBuffer(join(dir, `${name}.db`), { sinks: ['out'], maxBytesPerSink: 1 << 20, durability: 'normal' });
    t.after(() => storage.close());
    const leader = new LeaseLeader({ container: BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('leadership'), blob: 'leader.json', leaseDurationMs: 15_000, log });
    const stop = new AbortController();
    t.after(() => stop.abort());
    const started: number[] = [];
    const run = runWhileLeading({ leader, keys: [KEY], state: storage.state, run: counting(storage.state, started), mirrorIntervalMs: 500, log }, stop.signal);
    return { name, storage, stop, started, run };
  });
  const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];

  await new Promise((resolve) => setTimeout(resolve, 2_000));
  // Exactly one of them leads (both started at once: whichever got the lease).
  const leading = instances.filter((instance) => instance.started.length > 0);
  assert.equal(leading.length, 1);
  const [first, second] = leading[0] === a ? [a, b] : [b, a];
  assert.equal(second.storage.state.get(KEY), undefined);

  // SIGTERM on the leader: its sources stop, the last positions are mirrored, the lease released.
  first.stop.abort();
  assert.deepEqual(await first.run, ['stopped']);
  const last = first.storage.state.get(KEY) as number;
  assert.ok(last > 10, `${last}`);
  const said = logs.get(first.name)!.map((line) => (JSON.parse(line) as { msg: string }).msg);
  assert.ok(said.includes('leadership released'), said.join(' | '));
  assert.ok(!said.some((msg) => msg.startsWith('leadership lost')), `a clean stop is no loss: ${said.join(' | ')}`);
  const deadline = Date.now() + 10_000;
  while (second.started.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  // The successor started exactly where the old leader stopped: nothing skipped, nothing re-read.
  assert.deepEqual(second.started, [last]);
  second.stop.abort();
  await second.run;
});
