import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STREAMS } from '../core/stream.js';

export interface DemoTenant {
  readonly id: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** When present, the tenant authenticates with this certificate instead of the secret. */
  readonly certificate?: { readonly certificatePem: string; readonly privateKeyPem: string } | undefined;
}

export interface DemoConfigInput {
  readonly outDir: string;
  readonly baseUrl: string;
  readonly caCertificatePem: string;
  readonly tenants: readonly DemoTenant[];
  /** Streams the demo writes (events come with the Event Hubs issue). */
  readonly streams: readonly string[];
  /** Which API sources to run per tenant (default all four). */
  readonly sourceTypes?: readonly string[];
  readonly logLevel?: string;
  /** Poll interval of the update-aware sources (default 2 s). */
  readonly pollIntervalMs?: number;
  /** How far back a first poll starts (default 30 days). */
  readonly initialLookbackMs?: number;
  /** The simulator's Event Hubs emulator: adds an `eventhub` source (its SAS string goes to a file). */
  readonly eventHubConnectionString?: string | undefined;
}

/**
 * Writes the demo's configuration into the output folder as a real config file — the one the
 * pipeline then loads, and one a user can copy to point at a real tenant: only the tenant ids,
 * the secret file and the three *_host/ca_file lines (which aim at the simulator) change.
 * The simulator's throwaway client secret goes to a file of its own (`client_secret_file`), the
 * way production secrets should travel.
 */
export function writeDemoConfig(input: DemoConfigInput): string {
  const caFile = join(input.outDir, 'simulator-ca.pem');
  writeFileSync(caFile, input.caCertificatePem);
  const tenants = input.tenants.map((tenant, index) => {
    return [
      `  - name: tenant-${index + 1}`,
      `    tenant_id: ${tenant.id}`,
      `    client_id: ${tenant.clientId}`,
      ...credentialLines(input.outDir, index, tenant),
      `    authority_host: ${input.baseUrl}`,
      `    graph_host: ${input.baseUrl}`,
      `    mde_host: ${input.baseUrl}`,
      `    ca_file: ${caFile}`,
    ].join('\n');
  });
  const poll = `poll_interval_ms: ${input.pollIntervalMs ?? 2000}, initial_lookback_ms: ${input.initialLookbackMs ?? 2_592_000_000}, overlap_ms: 60000`;
  const wanted = new Set(input.sourceTypes ?? ['graph_incidents', 'graph_alerts', 'mde_alerts', 'mde_vulnerabilities']);
  const sources = input.tenants.flatMap((_, index) => {
    const tenant = `tenant-${index + 1}`;
    return [
      ['graph_incidents', `  - { name: ${tenant}-incidents, type: graph_incidents, tenant: ${tenant}, ${poll} }`],
      ['graph_alerts', `  - { name: ${tenant}-alerts, type: graph_alerts, tenant: ${tenant}, ${poll} }`],
      ['mde_alerts', `  - { name: ${tenant}-mde-alerts, type: mde_alerts, tenant: ${tenant}, ${poll} }`],
      ['mde_vulnerabilities', `  - { name: ${tenant}-vulnerabilities, type: mde_vulnerabilities, tenant: ${tenant}, mode: export, snapshot_interval_ms: 14400000 }`],
    ]
      .filter(([type]) => wanted.has(type!))
      .map(([, line]) => line!);
  });
  if (input.eventHubConnectionString !== undefined) {
    const secretFile = join(input.outDir, 'eventhub-connection-string.txt');
    writeFileSync(secretFile, input.eventHubConnectionString, { mode: 0o600 });
    // A local checkpoint store: one instance. Several would use `checkpoint_store: { type: blob, … }`.
    sources.push(`  - { name: events, type: eventhub, connection_string_file: ${secretFile}, consumer_group: defender-siem, start_position: earliest, max_wait_time_ms: 1000, checkpoint_store: { type: sqlite } }`);
  }
  const sinks = STREAMS.filter((stream) => input.streams.includes(stream)).map(
    (stream) => `  - { name: ${stream}-file, type: file, streams: [${stream}], path: ${join(input.outDir, `${stream}.ndjson`)}, rotate_max_bytes: 0 }`,
  );
  const yaml = [
    '# Written by `defender-siem demo`: the pipeline it ran, against the built-in simulator.',
    `storage: { path: ${join(input.outDir, 'state.db')} }`,
    `log: { level: ${input.logLevel ?? 'info'}, path: ${join(input.outDir, 'defender-siem.log')} }`,
    'tenants:',
    ...tenants,
    'sources:',
    ...sources,
    'sinks:',
    ...sinks,
    '',
  ].join('\n');
  const file = join(input.outDir, 'demo-config.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** The tenant's credential as config lines; the secret or key goes to a file of its own (0600). */
function credentialLines(outDir: string, index: number, tenant: DemoTenant): string[] {
  if (tenant.certificate !== undefined) {
    const certificateFile = join(outDir, `tenant-${index + 1}-certificate.pem`);
    const keyFile = join(outDir, `tenant-${index + 1}-private-key.pem`);
    writeFileSync(certificateFile, tenant.certificate.certificatePem);
    writeFileSync(keyFile, tenant.certificate.privateKeyPem, { mode: 0o600 });
    return ['    client_certificate:', `      certificate_file: ${certificateFile}`, `      private_key_file: ${keyFile}`];
  }
  const secretFile = join(outDir, `tenant-${index + 1}-client-secret.txt`);
  writeFileSync(secretFile, tenant.clientSecret, { mode: 0o600 });
  return [`    client_secret_file: ${secretFile}`];
}

/**
 * Each demo starts from scratch: the simulator makes a new world every time (its records are
 * stamped relative to its start), so an old run's cursors and output would only hide records.
 * Removes exactly the files a demo writes into `outDir`, nothing else a user may keep there.
 */
export function resetDemoOutput(outDir: string): void {
  const ours = /^(state\.db(-wal|-shm)?|defender-siem\.log|demo-config\.yaml|simulator-ca\.pem|eventhub-connection-string\.txt|tenant-\d+-(client-secret\.txt|certificate\.pem|private-key\.pem)|(incident|alert|vulnerability|event)\.ndjson(\.[^/]+)?)$/;
  for (const name of readdirSync(outDir)) if (ours.test(name)) rmSync(`${outDir}/${name}`, { force: true });
}
