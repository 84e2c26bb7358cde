import { parentPort, workerData } from 'node:worker_threads';
import { normalizeBatch } from './normalize-batch.js';
import { normalizeOptionsOf, replyTransfers, unpackBodies, type NormalizerJob, type NormalizerReply, type NormalizerSettings } from './normalizer-pool.js';

/**
 * A normalizer thread (normalizer-pool.ts): normalizes the batches it is sent, one at a time, in
 * the order sent. The GeoIP databases are opened here, as readers cannot cross threads.
 */
const options = normalizeOptionsOf(workerData as NormalizerSettings);

parentPort!.on('message', (job: NormalizerJob) => {
  let reply: NormalizerReply;
  let transfers: ArrayBuffer[] = [];
  try {
    const messageBodies = job.bodies === undefined ? undefined : unpackBodies(job.bodies);
    const batch = normalizeBatch({ ...job.batch, messageBodies }, options);
    reply = { id: job.id, batch };
    transfers = replyTransfers(batch);
  } catch (error) {
    // normalizeLine never throws; this is a bug or an exhausted resource: the runner retries.
    reply = { id: job.id, error: (error as Error)?.message ?? String(error) };
  }
  // Nothing refers to the bodies' bytes now (records were decoded into strings of their own):
  // the buffer goes back to be reused.
  const spent = job.bodies?.bytes.buffer as ArrayBuffer | undefined;
  parentPort!.postMessage({ ...reply, spent }, spent === undefined ? transfers : [...transfers, spent]);
});
