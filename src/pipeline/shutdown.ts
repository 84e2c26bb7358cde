/**
 * The signals of one pipeline run and how they relate:
 * - `stopReading` aborts on the caller's stop (SIGTERM) or when the pipeline fails: sources end;
 * - `drain` aborts once no more documents can arrive: sink runners end when their buffer is empty;
 * - `stopDelivery` aborts `timeoutMs` after a stop, on the caller's abandon (second signal) or on a
 *   failure: sink runners end now, leaving what is undelivered buffered for the next run.
 */
export class Shutdown {
  readonly stopReading: AbortSignal;
  private readonly draining = new AbortController();
  private readonly delivery = new AbortController();
  private readonly failed = new AbortController();
  private deadline: NodeJS.Timeout | undefined;
  private firstFailure: { error: unknown } | undefined;
  private readonly onStop = () => (this.deadline = setTimeout(this.abandon, this.timeoutMs));
  private readonly abandon = () => this.delivery.abort();

  constructor(
    private readonly stop: AbortSignal,
    private readonly abandonSignal: AbortSignal,
    private readonly timeoutMs: number,
  ) {
    this.stopReading = AbortSignal.any([stop, this.failed.signal]);
    if (stop.aborted) this.onStop();
    else stop.addEventListener('abort', this.onStop, { once: true });
    if (abandonSignal.aborted) this.abandon();
    else abandonSignal.addEventListener('abort', this.abandon, { once: true });
  }

  get drain(): AbortSignal {
    return this.draining.signal;
  }

  get stopDelivery(): AbortSignal {
    return this.delivery.signal;
  }

  startDraining(): void {
    this.draining.abort();
  }

  /** The first failure is kept (and rethrown by `dispose`); everything stops. */
  fail(error: unknown): void {
    this.firstFailure ??= { error };
    this.failed.abort();
    this.delivery.abort();
  }

  dispose(): void {
    clearTimeout(this.deadline);
    this.stop.removeEventListener('abort', this.onStop);
    this.abandonSignal.removeEventListener('abort', this.abandon);
    if (this.firstFailure) throw this.firstFailure.error;
  }
}
