import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import pino from 'pino';
import { LeaseLeader } from '../../../src/pipeline/leadership/lease-leader.js';
import { startAzurite } from '../../support/azurite.js';

const silent = pino({ level: 'silent' });
const LEASE_MS = 15_000;

function leader(connectionString: string): LeaseLeader {
  return new LeaseLeader({ container: BlobServiceClient.fromConnectionString(connectionString).getContainerClient('leadership'), blob: 'leader.json', leaseDurationMs: LEASE_MS, log: silent });
}

test('leadership: when the leader is killed, the other instance takes over within the lease duration', async (t) => {
  const azurite = await startAzurite(t);
  const holder = fileURLToPath(new URL('./lease-holder.js', import.meta.url));
  const child = spawn(process.execPath, [holder, azurite.connectionString, 'leadership', 'leader.json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGKILL'));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  while (!output.includes('leader')) await new Promise((resolve) => setTimeout(resolve, 50));

  const standby = leader(azurite.connectionString);
  const stop = new AbortController();
  t.after(() => stop.abort());
  const acquiring = standby.acquire(stop.signal);
  // While the child renews, the standby does not lead.
  const early = await Promise.race([acquiring.then(() => 'led'), new Promise((resolve) => setTimeout(resolve, 6_000, 'waiting'))]);
  assert.equal(early, 'waiting');

  child.kill('SIGKILL');
  const killedAt = Date.now();
  await once(child, 'exit');
  const term = await acquiring;
  const tookMs = Date.now() - killedAt;
  assert.ok(term !== undefined);
  assert.ok(tookMs <= LEASE_MS + LEASE_MS / 3 + 1_000, `took over after ${tookMs} ms`);
  // The dead leader's last mirrored content is there for the successor.
  assert.match((await standby.read(AbortSignal.timeout(5_000)))!, /"source:poll":41/);
  await term.release();
});

test('leadership: a released lease is taken over at once; the deposed leader can no longer write (fenced), a broken lease is noticed', async (t) => {
  const azurite = await startAzurite(t);
  const a = leader(azurite.connectionString);
  const b = leader(azurite.connectionString);
  const stop = new AbortController();
  t.after(() => stop.abort());
  const termA = (await a.acquire(stop.signal))!;
  await termA.write('{"by":"a"}', AbortSignal.timeout(5_000));
  const acquiringB = b.acquire(stop.signal);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await termA.release();
  assert.ok(termA.lost.aborted);
  const releasedAt = Date.now();
  const termB = (await acquiringB)!;
  assert.ok(Date.now() - releasedAt <= LEASE_MS / 3 + 1_000);
  await assert.rejects(termA.write('{"by":"a, too late"}', AbortSignal.timeout(5_000)), (error: { statusCode?: number }) => error.statusCode === 412);
  await termB.write('{"by":"b"}', AbortSignal.timeout(5_000));
  assert.equal(await a.read(AbortSignal.timeout(5_000)), '{"by":"b"}');

  // Someone breaks B's lease (an operator, or the service): B notices at its next renewal.
  const breaker = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('leadership').getBlobClient('leader.json').getBlobLeaseClient();
  await breaker.breakLease(0);
  const brokenAt = Date.now();
  await once(termB.lost, 'abort');
  assert.ok(Date.now() - brokenAt <= LEASE_MS / 3 + 1_000);
  await termB.release();
});
