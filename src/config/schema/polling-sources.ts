import { z } from 'zod';
import { STREAMS } from '../../core/stream.js';
import { integer, section, type CommonTypes } from './primitives.js';

/** The file replay source and the sources that poll Microsoft's APIs (Graph, Defender for Endpoint). */
export function pollingSourceSchemas({ name, path }: CommonTypes) {
  const fileSource = section({
    type: z.literal('file'),
    name,
    stream: z.enum(STREAMS),
    path,
    batch_max_records: integer(1).default(1_000),
  });

  const pollCommon = {
    name,
    tenant: name,
    poll_interval_ms: integer(1_000).default(60_000),
    // Where a first run starts: this far back from now.
    initial_lookback_ms: integer(0).default(24 * 60 * 60 * 1000),
    // Each poll re-reads this much before the cursor, for updates that land late; (id,
    // lastUpdateDateTime) pairs already committed are skipped, so nothing is doubled.
    overlap_ms: integer(0).default(5 * 60 * 1000),
  };
  const graphIncidents = section({
    type: z.literal('graph_incidents'),
    ...pollCommon,
    page_size: integer(1, 50).default(50),
    // After this many failed sweeps with $expand=alerts (each page tried twice on 5xx), read on
    // without the expansion and fetch each incident's alerts from alerts_v2: never a stall.
    expand_failures_before_fallback: integer(1).default(2),
  });
  const graphAlerts = section({ type: z.literal('graph_alerts'), ...pollCommon, page_size: integer(1, 1_000).default(100) });
  const mdeAlerts = section({ type: z.literal('mde_alerts'), ...pollCommon, page_size: integer(1, 10_000).default(1_000) });
  const mdeVulnerabilities = section({
    type: z.literal('mde_vulnerabilities'),
    name,
    tenant: name,
    // export: SoftwareVulnerabilitiesExport files (any size); join: vulnerabilities × machines ×
    // machinesVulnerabilities, one enriched record per device and CVE.
    mode: z.enum(['export', 'join']).default('export'),
    snapshot_interval_ms: integer(1_000).default(4 * 60 * 60 * 1000),
    batch_max_records: integer(1).default(1_000),
  });

  return [fileSource, graphIncidents, graphAlerts, mdeAlerts, mdeVulnerabilities] as const;
}
