/**
 * The Defender XDR data generator: a seeded tenant model and raw record builders for the four
 * streams. Same seed, same bytes. Used for the bundled samples, the benchmarks and the simulator.
 *
 *   const tenant = createTenant('seed', { devices: 25, users: 40 });
 *   const events = generateEvents(tenant, 1000, createRng('seed').fork('events'), { mix: DEFAULT_EVENT_MIX });
 */
export { createRng, seedState, type Rng, type Seed } from './rng.js';
export { createTenant, type Tenant, type TenantDevice, type TenantOptions, type TenantUser } from './tenant.js';
export { generateEventLines, generateEvents, type GenerateEventsOptions } from './ah/index.js';
export type { AhRecord, EventContext, TableBuilder } from './ah/record.js';
export { DEFAULT_EVENT_MIX, EVENT_TABLES, TABLE_BUILDERS, type EventMix, type EventTable } from './ah/tables.js';
export { buildAlert, type GraphAlert } from './graph/alert.js';
export { generateIncidents, type GenerateIncidentsOptions, type GraphIncident } from './graph/incident.js';
export { generateVulnerabilityRows, type GenerateVulnerabilityOptions, type VulnerabilityRow } from './vulnerability.js';
export { DEFAULT_SAMPLE_SEED, eventLinesFromSeed, generateSamples, type SampleOptions, type SampleSet } from './samples.js';
export { planVulnerabilityExport, type VulnerabilityExport, type VulnerabilityExportOptions } from './vulnerability-export.js';
