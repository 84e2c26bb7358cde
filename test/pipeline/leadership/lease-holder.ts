// A second connector instance for the leadership tests: acquires the lease, says so, renews until killed.
import { BlobServiceClient } from '@azure/storage-blob';
import pino from 'pino';
import { LeaseLeader } from '../../../src/pipeline/leadership/lease-leader.js';

const [connectionString, container, blob] = process.argv.slice(2);
const leader = new LeaseLeader({
  container: BlobServiceClient.fromConnectionString(connectionString!).getContainerClient(container!),
  blob: blob!,
  leaseDurationMs: 15_000,
  log: pino({ level: 'silent' }),
});
const term = await leader.acquire(new AbortController().signal);
await term!.write(JSON.stringify({ v: 1, instance: 'child', written_at: new Date().toISOString(), positions: { 'source:poll': 41 } }), AbortSignal.timeout(5_000));
process.stdout.write('leader\n');
setInterval(() => undefined, 60_000);
