/**
 * A record with its history: every change appends a version stamped with the world's change
 * sequence number. A paging sweep reads the versions as of the sequence number its first page
 * saw, so a record changed while a client pages is served once, in the version the sweep
 * started with; its new version belongs to the next sweep.
 */
export class Versioned<T> {
  private readonly versions: { readonly seq: number; readonly value: T }[];

  constructor(
    readonly id: string,
    seq: number,
    value: T,
  ) {
    this.versions = [{ seq, value }];
  }

  get current(): T {
    return this.versions[this.versions.length - 1]!.value;
  }

  /** The version current at change sequence `seq`, or undefined if the record did not exist yet. */
  asOf(seq: number): T | undefined {
    for (let i = this.versions.length - 1; i >= 0; i--) {
      const version = this.versions[i]!;
      if (version.seq <= seq) return version.value;
    }
    return undefined;
  }

  revise(seq: number, value: T): void {
    this.versions.push({ seq, value });
  }
}
