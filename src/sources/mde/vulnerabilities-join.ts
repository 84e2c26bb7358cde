import type { Clock } from '../../core/clock.js';
import type { SourceBatch } from '../../core/source.js';
import type { ApiClient } from '../../microsoft/api.js';
import { isRecord } from '../poll/update-sweep.js';

export interface JoinReadOptions {
  readonly mde: ApiClient;
  readonly tenantId: string;
  readonly clock: Clock;
  readonly batchMaxRecords: number;
}

/** Page sizes: the documented `$top` maxima of each endpoint (API reference §3.2). */
const VULNERABILITIES_TOP = 8_000;
const MACHINES_TOP = 10_000;
const ROWS_TOP = 10_000;

/**
 * One snapshot through the three-endpoint join (Elastic 3.8–4.x): the CVE catalogue and the
 * machines are loaded, then every machine × product × CVE row of `machinesVulnerabilities` becomes
 * one record `vulnerability + { affectedMachine: machine.with(row) }` — the shape the vulnerability
 * normalizer maps (host, package, group, geo). Meant for tenants where the catalogue and machine
 * list fit in memory; the export mode streams any size. A crash re-reads the snapshot (ids are
 * deterministic, so re-sent records overwrite).
 */
export async function* readJoinSnapshot(options: JoinReadOptions, signal: AbortSignal): AsyncIterable<SourceBatch> {
  const vulnerabilities = await indexById(options.mde, `vulnerabilities?$top=${VULNERABILITIES_TOP}`, signal);
  const machines = await indexById(options.mde, `machines?$top=${MACHINES_TOP}`, signal, 'mde:machines');
  const startedMs = options.clock.now();
  let records: string[] = [];
  for await (const page of options.mde.pages(`vulnerabilities/machinesVulnerabilities?$top=${ROWS_TOP}`, signal)) {
    for (const row of page.items) {
      records.push(JSON.stringify(isRecord(row) ? joined(row, vulnerabilities, machines) : row));
      if (records.length >= options.batchMaxRecords) {
        yield { stream: 'vulnerability', records, position: { joinStartedMs: startedMs }, tenantId: options.tenantId };
        records = [];
      }
    }
  }
  yield { stream: 'vulnerability', records, position: { snapshot: `join:${startedMs}`, completedMs: options.clock.now() }, tenantId: options.tenantId };
}

function joined(row: Record<string, unknown>, vulnerabilities: ReadonlyMap<string, Record<string, unknown>>, machines: ReadonlyMap<string, Record<string, unknown>>): Record<string, unknown> {
  const cveId = typeof row.cveId === 'string' ? row.cveId : undefined;
  // A CVE missing from the catalogue still yields a finding: the row alone names it.
  const vulnerability = (cveId === undefined ? undefined : vulnerabilities.get(cveId)) ?? { id: cveId, name: cveId };
  const machine = typeof row.machineId === 'string' ? machines.get(row.machineId) : undefined;
  return { ...vulnerability, affectedMachine: { ...machine, ...row } };
}

async function indexById(mde: ApiClient, path: string, signal: AbortSignal, budget?: string): Promise<Map<string, Record<string, unknown>>> {
  const index = new Map<string, Record<string, unknown>>();
  for await (const page of mde.pages(path, signal, budget === undefined ? undefined : { budget })) {
    for (const item of page.items) if (isRecord(item) && typeof item.id === 'string') index.set(item.id, item);
  }
  return index;
}
