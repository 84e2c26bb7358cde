import { parentPort, workerData } from 'node:worker_threads';
import { normalizeBatch } from '../../src/pipeline/normalize-batch.js';
import { normalizeOptionsOf, replyTransfers, unpackBodies, type NormalizerJob, type NormalizerSettings } from '../../src/pipeline/normalizer-pool.js';

/** A normalizer thread that dies (exit code 3) on a batch holding a record with CRASH in it, and normalizes any other. */
const options = normalizeOptionsOf(workerData as NormalizerSettings);
parentPort!.on('message', (job: NormalizerJob) => {
  const messageBodies = job.bodies === undefined ? undefined : unpackBodies(job.bodies);
  if (job.batch.records.some((record) => record.includes('CRASH'))) process.exit(3);
  const batch = normalizeBatch({ ...job.batch, messageBodies }, options);
  parentPort!.postMessage({ id: job.id, batch }, replyTransfers(batch));
});
