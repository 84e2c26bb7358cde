import { randomUUID } from 'node:crypto';
import type { BlobLeaseClient, BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { errorMessage } from '../../core/errors.js';
import { sleep } from '../../core/retry.js';
import type { Logger } from '../../telemetry/log.js';

export interface LeaseLeaderOptions {
  readonly container: ContainerClient;
  /** The blob whose lease is the leadership; it also holds the shared positions (fenced by the lease). */
  readonly blob: string;
  /** 15–60 s (the service's range for a finite lease), whole seconds. */
  readonly leaseDurationMs: number;
  readonly log: Logger;
}

/** One period of leadership: `lost` aborts when this instance may no longer hold the lease. */
export interface LeaderTerm {
  readonly leaseId: string;
  readonly lost: AbortSignal;
  /** Writes the lease blob's content; fails once another instance holds the lease (a fence). */
  write(content: string, signal: AbortSignal): Promise<void>;
  /** Stops renewing and releases the lease, so another instance takes over at once. */
  release(): Promise<void>;
}

export class LeadershipLostError extends Error {
  override readonly name = 'LeadershipLostError';
}

/**
 * Leader election on a blob lease: the instance holding the lease leads. It renews every third of
 * the lease duration; another instance tries to acquire at the same pace and gets the lease once
 * it is released or has expired (the holder died). The holder gives up (`lost`) when a renewal
 * says the lease is gone, or when renewals have failed for two thirds of the duration: it stops
 * leading a third of a duration before anyone else can start.
 */
export class LeaseLeader {
  readonly #blob: BlockBlobClient;
  readonly #lease: BlobLeaseClient;
  readonly #renewMs: number;

  constructor(private readonly options: LeaseLeaderOptions) {
    const seconds = options.leaseDurationMs / 1000;
    if (!Number.isInteger(seconds) || seconds < 15 || seconds > 60) throw new RangeError(`a lease lasts 15 to 60 whole seconds, got ${options.leaseDurationMs} ms`);
    this.#blob = options.container.getBlockBlobClient(options.blob);
    // One lease id per instance and process: acquiring again with it while holding is a renewal.
    this.#lease = this.#blob.getBlobLeaseClient(randomUUID());
    this.#renewMs = Math.floor(options.leaseDurationMs / 3);
  }

  get leaseId(): string {
    return this.#lease.leaseId;
  }

  /** Waits until this instance holds the lease; undefined if `signal` aborted first. */
  async acquire(signal: AbortSignal): Promise<LeaderTerm | undefined> {
    const { log } = this.options;
    while (!signal.aborted) {
      const startedMs = Date.now();
      try {
        await this.#ensureBlob(signal);
        await this.#lease.acquireLease(this.options.leaseDurationMs / 1000, { abortSignal: signal });
        log.info({ blob: this.options.blob, lease_id: this.leaseId }, 'leadership acquired');
        return this.#term(startedMs);
      } catch (error) {
        if (signal.aborted) return undefined;
        // 409 LeaseAlreadyPresent: someone else leads. Anything else is worth a line.
        if (statusOf(error) !== 409) log.warn({ blob: this.options.blob, err: error }, `cannot acquire the leadership lease: ${errorMessage(error)}`);
      }
      await sleep(this.#renewMs, signal);
    }
    return undefined;
  }

  #term(acquiredMs: number): LeaderTerm {
    const { log, leaseDurationMs } = this.options;
    const lost = new AbortController();
    const stopped = new AbortController();
    // Measured from the start of the request that set it: the service's clock started later.
    let expiresMs = acquiredMs + leaseDurationMs;
    const renewing = (async () => {
      while (await sleep(this.#renewMs, stopped.signal)) {
        const startedMs = Date.now();
        try {
          await this.#lease.renewLease({ abortSignal: AbortSignal.any([stopped.signal, AbortSignal.timeout(this.#renewMs)]) });
          expiresMs = startedMs + leaseDurationMs;
        } catch (error) {
          if (stopped.signal.aborted) return;
          const gone = statusOf(error) === 409 || statusOf(error) === 412;
          if (gone || Date.now() + this.#renewMs >= expiresMs) {
            log.warn({ blob: this.options.blob, err: error }, `leadership lost: ${gone ? 'the lease is held by another instance or broken' : 'renewals failed for two thirds of the lease'} (${errorMessage(error)})`);
            lost.abort(new LeadershipLostError('the leadership lease was lost'));
            return;
          }
          log.warn({ blob: this.options.blob, err: error }, `cannot renew the leadership lease, trying again: ${errorMessage(error)}`);
        }
      }
    })();
    return {
      leaseId: this.leaseId,
      lost: lost.signal,
      write: async (content, signal) => {
        await this.#blob.upload(content, Buffer.byteLength(content), { conditions: { leaseId: this.leaseId }, abortSignal: signal, blobHTTPHeaders: { blobContentType: 'application/json' } });
      },
      release: async () => {
        stopped.abort();
        await renewing;
        if (lost.signal.aborted) return;
        lost.abort(new LeadershipLostError('leadership released'));
        try {
          await this.#lease.releaseLease({ abortSignal: AbortSignal.timeout(this.#renewMs) });
          log.info({ blob: this.options.blob }, 'leadership released');
        } catch (error) {
          log.warn({ blob: this.options.blob, err: error }, `cannot release the leadership lease (it expires by itself): ${errorMessage(error)}`);
        }
      },
    };
  }

  /** The lease blob must exist; the first instance creates it (and its container) empty. */
  async #ensureBlob(signal: AbortSignal): Promise<void> {
    if (await this.#blob.exists({ abortSignal: signal })) return;
    await this.options.container.createIfNotExists({ abortSignal: signal });
    try {
      await this.#blob.upload('{}', 2, { conditions: { ifNoneMatch: '*' }, abortSignal: signal });
    } catch (error) {
      // Another instance created it in between (409 BlobAlreadyExists, or 412 with a lease on it).
      if (statusOf(error) !== 409 && statusOf(error) !== 412) throw error;
    }
  }

  /** Reads the lease blob's content (anyone may read; only the holder may write). */
  async read(signal: AbortSignal): Promise<string | undefined> {
    try {
      return (await this.#blob.downloadToBuffer(0, undefined, { abortSignal: signal })).toString('utf8');
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
