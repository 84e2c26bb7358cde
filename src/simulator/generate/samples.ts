import { generateEventLines, type GenerateEventsOptions } from './ah/index.js';
import { generateIncidents } from './graph/incident.js';
import { createRng, type Seed } from './rng.js';
import { createTenant, type TenantOptions } from './tenant.js';
import { generateVulnerabilityRows, type GenerateVulnerabilityOptions } from './vulnerability.js';

/** The raw records of the four streams, one JSON document per line, as the collectors hand them on. */
export interface SampleSet {
  readonly alert: string[];
  readonly incident: string[];
  readonly event: string[];
  readonly vulnerability: string[];
}

export interface SampleOptions {
  readonly tenant?: TenantOptions;
  readonly incidents?: number;
  readonly events?: number;
  readonly eventOptions?: GenerateEventsOptions;
  readonly vulnerability?: GenerateVulnerabilityOptions;
}

export const DEFAULT_SAMPLE_SEED = 'defender-siem-samples';

/**
 * The project's bundled sample data: one small tenant and a few hundred records of all four
 * streams, events the majority. Each stream draws from its own forked PRNG, so changing one
 * stream's generator leaves the other files byte for byte the same.
 */
export function generateSamples(seed: Seed = DEFAULT_SAMPLE_SEED, options: SampleOptions = {}): SampleSet {
  const tenant = createTenant(seed, options.tenant ?? { devices: 12, users: 20 });
  const rng = createRng(seed);
  const { incidents, alerts } = generateIncidents(tenant, options.incidents ?? 8, rng.fork('incidents'));
  return {
    alert: alerts.map((alert) => JSON.stringify(alert)),
    incident: incidents.map((incident) => JSON.stringify(incident)),
    event: generateEventLines(tenant, options.events ?? 320, rng.fork('events'), options.eventOptions),
    vulnerability: generateVulnerabilityRows(tenant, rng.fork('vulnerability'), options.vulnerability).map((row) => JSON.stringify(row)),
  };
}

/** N Advanced Hunting lines from a seed alone, for benchmarks (100k records take about 2 s of CPU). */
export function eventLinesFromSeed(seed: Seed, count: number, options: GenerateEventsOptions = {}): string[] {
  const tenant = createTenant(seed, { devices: 200, users: 300 });
  return generateEventLines(tenant, count, createRng(seed).fork('events'), options);
}
