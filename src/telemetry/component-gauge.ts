import { Gauge, type Registry } from 'prom-client';

/**
 * A gauge with one value per component (`component_id`), read from `items` on each scrape: the
 * value is never stale, and a component without one (undefined) has no sample.
 */
export function componentGauge<T>(registry: Registry, name: string, help: string, items: () => Iterable<T>, id: (item: T) => string, read: (item: T) => number | undefined): void {
  const metric: Gauge<'component_id'> = new Gauge({
    name,
    help,
    labelNames: ['component_id'] as const,
    registers: [registry],
    collect: () => {
      metric.reset();
      for (const item of items()) {
        const value = read(item);
        if (value !== undefined) metric.set({ component_id: id(item) }, value);
      }
    },
  });
}

/** Clock milliseconds as the Unix seconds Prometheus timestamps are in. */
export function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}
