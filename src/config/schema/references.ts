import type { z } from 'zod';
import { sourceStream } from './streams.js';

interface ReferenceView {
  sources: Array<{ name: string; type: string; stream?: string; path?: string; tenant?: string; checkpoint_store?: { type: string; tenant?: string } }>;
  sinks: Array<{ name: string; streams: string[]; path?: string }>;
  tenants: Array<{ name: string; cloud: string }>;
  leadership?: { tenant?: string | undefined } | undefined;
}

function knownTenants(config: ReferenceView): string {
  return config.tenants.map((candidate) => `"${candidate.name}"`).join(', ') || 'none (add a tenants: section)';
}

/** Rules across keys: unique names, every source read by some sink and its tenant defined, no file read and written. */
export function checkReferences(config: ReferenceView, ctx: z.RefinementCtx): void {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const firstIndex = new Map<string, number>();
  for (const [kind, items] of [['sources', config.sources], ['sinks', config.sinks], ['tenants', config.tenants]] as const) {
    firstIndex.clear();
    items.forEach((item, index) => {
      const first = firstIndex.get(item.name);
      if (first !== undefined) issue([kind, index, 'name'], `"${item.name}" is already the name of ${kind}[${first}]; names must be unique`);
      else firstIndex.set(item.name, index);
    });
  }
  config.sources.forEach((source, index) => {
    const stream = sourceStream(source);
    if (!config.sinks.some((sink) => sink.streams.includes(stream))) {
      issue(['sources', index, source.stream === undefined ? 'type' : 'stream'], `no sink takes stream "${stream}": add it to some sink's streams (its records would be read and dropped)`);
    }
    const storeTenant = source.checkpoint_store?.tenant;
    if (storeTenant !== undefined && !config.tenants.some((candidate) => candidate.name === storeTenant)) {
      issue(['sources', index, 'checkpoint_store', 'tenant'], `no tenant named "${storeTenant}"; defined: ${knownTenants(config)}`);
    }
    if (source.tenant === undefined) return;
    const tenant = config.tenants.find((candidate) => candidate.name === source.tenant);
    if (tenant === undefined) {
      issue(['sources', index, 'tenant'], `no tenant named "${source.tenant}"; defined: ${knownTenants(config)}`);
    } else if (tenant.cloud === 'china' && source.type !== 'eventhub') {
      issue(['sources', index, 'type'], `${source.type} is not available in the China (21Vianet) cloud: Microsoft offers neither the Graph security API nor Defender for Endpoint there`);
    }
  });
  const leaderTenant = config.leadership?.tenant;
  if (leaderTenant !== undefined && !config.tenants.some((tenant) => tenant.name === leaderTenant)) {
    issue(['leadership', 'tenant'], `no tenant named "${leaderTenant}"; defined: ${knownTenants(config)}`);
  }
  const written = new Map<string, number>();
  config.sinks.forEach((sink, index) => {
    if (sink.path === undefined) return;
    const other = written.get(sink.path);
    if (other !== undefined) issue(['sinks', index, 'path'], `sinks[${other}] already writes ${sink.path}`);
    written.set(sink.path, index);
  });
  config.sources.forEach((source, index) => {
    const sink = source.path === undefined ? undefined : written.get(source.path);
    if (sink !== undefined) issue(['sources', index, 'path'], `sinks[${sink}] writes this file: a source must not read its own output`);
  });
}
