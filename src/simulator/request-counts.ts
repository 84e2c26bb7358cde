/**
 * Responses served, per endpoint and status code, for benchmarks and tests (how many 429s did the
 * connector provoke, how many pages did a sweep take).
 */
export type RequestCounts = Record<string, Record<string, number>>;

export class RequestCounter {
  private readonly counts: RequestCounts = {};

  add(endpoint: string, status: number): void {
    const byStatus = (this.counts[endpoint] ??= {});
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
  }

  snapshot(): RequestCounts {
    return JSON.parse(JSON.stringify(this.counts)) as RequestCounts;
  }
}
