import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContainerClient } from '@azure/storage-blob';
import { startEventHubEmulator, type RunningEventHubEmulator } from '../../src/simulator/eventhubs/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.js';
import { startAzurite } from '../support/azurite.js';
import { startOwnedCli, type CliResult } from '../support/cli.js';
import { deviceProcessRecord, recordsBody } from '../support/event-records.js';
import { expectedIds, outputIds, outputIdsSoFar } from '../support/records.js';
import { tempDir } from '../support/temp-dir.js';

const HUB = 'insights-logs-advancedhunting';
const PARTITIONS = 8;
const CHECKPOINTS = 'checkpoints';
/** Events per partition per commit: at most this many per partition are committed and not yet checkpointed. */
const MAX_BATCH_SIZE = 100;
const RECORDS_PER_MESSAGE = 5;
const SINK_BATCH = 100;
const PUBLISH_EVERY_MS = 20;
const LEASE_DURATION_MS = 15_000;
const OWNERSHIP_EXPIRY_MS = 4_000;
const STEP_TIMEOUT_MS = 45_000;

/**
 * Scale-out on Azure Storage: three `run` processes share an 8-partition event hub through the
 * blob checkpoint store, and elect the one that runs the Graph incidents poller with a blob
 * lease. The leader is killed with SIGKILL mid-stream: its partitions and the leadership move to
 * the survivors, and once the killed instance is restarted (a supervisor would; its buffer holds
 * what it committed but had not written yet) every published event is in the union of the
 * outputs, with duplicates only within the un-checkpointed window.
 */
test('3 instances, 8 partitions, blob checkpoints and a leadership lease: kill -9 the leader mid-stream, its partitions and the leadership move, nothing is lost', { timeout: 240_000 }, async (t) => {
  const [azurite, hub, simulator] = await Promise.all([
    startAzurite(t),
    startEventHubEmulator({ hubs: [{ name: HUB, partitions: PARTITIONS }] }),
    // Incidents keep changing through the whole test (about one change a second), so a new
    // leader has something to poll.
    startSimulator({ seed: 'scale-out', incidents: 6, devices: 5, changes: 240, changeWindowMs: 240_000 }),
  ]);
  t.after(() => hub.close());
  t.after(() => simulator.close());
  const dir = tempDir(t);
  const instances = ['a', 'b', 'c'].map((name) => instance(t, join(dir, name), configFor(join(dir, name), { hub, simulator, storage: azurite.connectionString })));

  const publisher = new Publisher(hub);
  t.after(() => publisher.stop());
  const checkpoints = new ContainerClient(azurite.connectionString, CHECKPOINTS);

  // 1. Three instances start; the partitions settle 3/3/2 and one instance leads.
  for (const one of instances) one.start();
  await waitFor('the partitions to settle between the three instances and a leader', async () => {
    const owners = await partitionOwners(checkpoints);
    const counts = [...countBy(owners.values()).values()].sort();
    return owners.size === PARTITIONS && counts.join() === '2,3,3' && instances.some((one) => one.leads());
  });
  const leader = instances.find((one) => one.leads())!;
  const survivors = instances.filter((one) => one !== leader);

  // 2. Events flow; every instance writes some (each owns partitions), the leader incidents too.
  publisher.start();
  await waitFor('every instance to write events, and the leader incidents', () => instances.every((one) => one.eventIds().length > 0) && leader.incidentIds().length > 0);
  await sleep(2_000);

  // 3. kill -9 the leader, mid-stream.
  const killedAt = Date.now();
  const leaderPartitions = new Set(leader.eventIds().map((id) => publisher.partitionOf(id)));
  const incidentsBefore = new Map(survivors.map((one) => [one, one.incidentIds().length]));
  leader.kill();
  const killed = await leader.done();
  assert.equal(killed.signal, 'SIGKILL');
  t.diagnostic(`killed the leader ${leader.name}, which read partitions ${[...leaderPartitions].sort().join(', ')}`);
  assert.ok(leaderPartitions.size > 0);

  // 4. Its partitions move: survivors write events of those partitions published after the kill.
  await waitFor('the killed leader\'s partitions to move to the survivors', () => {
    const moved = new Set(survivors.flatMap((one) => one.eventIds()).filter((id) => publisher.publishedAt(id)! > killedAt).map((id) => publisher.partitionOf(id)));
    return [...leaderPartitions].every((partition) => moved.has(partition));
  });
  // 5. The leadership moves: a survivor acquires the lease and writes incidents.
  await waitFor('a survivor to lead and write incidents', () => survivors.some((one) => one.leads() && one.incidentIds().length > incidentsBefore.get(one)!));
  const newLeader = survivors.find((one) => one.leads())!;
  t.diagnostic(`${newLeader.name} leads ${Math.round((Date.now() - killedAt) / 1000)} s after the kill (lease ${LEASE_DURATION_MS / 1000} s)`);

  // 6. Publishing stops; the killed instance comes back (its buffer holds documents it committed,
  // and checkpointed, but had not written) and everything published reaches the outputs.
  publisher.stop();
  leader.start();
  const published = publisher.ids();
  await waitFor('every published event to reach the union of the outputs, and the restarted instance to run', () => {
    const union = new Set(instances.flatMap((one) => one.eventIds()));
    return published.every((id) => union.has(id)) && leader.running();
  });
  for (const one of instances) one.terminate();
  for (const one of instances) {
    const result = await one.done();
    assert.equal(result.code, 0, `${one.name} stops cleanly on SIGTERM: ${result.signal} ${result.stderr}`);
  }

  const delivered = instances.flatMap((one) => outputIds(one.eventsDir)); // throws on a torn line
  const union = new Set(delivered);
  assert.deepEqual(published.filter((id) => !union.has(id)).slice(0, 5), [], 'no event lost');
  assert.equal(union.size, published.length, 'no document that was not published');
  const duplicates = delivered.length - union.size;
  // Where duplicates can come from: a partition's checkpoint blob is written right after each
  // commit, and its next batch is only read after that, so at most one batch (MAX_BATCH_SIZE
  // events) per partition is committed but not checkpointed. The new owner of such a partition
  // reads that batch again: when the killed leader's partitions moved, and at every handover
  // between live instances (logged as a partition closed for OwnershipLost; the restarted
  // instance takes some back). The restarted instance also writes its unacknowledged sink batch
  // again.
  const handovers = instances.reduce((sum, one) => sum + one.ownershipLosses(), 0);
  const window = (leaderPartitions.size + handovers) * MAX_BATCH_SIZE * RECORDS_PER_MESSAGE + SINK_BATCH;
  t.diagnostic(`${published.length} events published, ${duplicates} duplicates across the outputs; ${handovers} handovers between live instances; bound ${window}`);
  assert.ok(duplicates <= window, `${duplicates} duplicates: more than the un-checkpointed window (${window})`);
});

interface Instance {
  readonly name: string;
  readonly eventsDir: string;
  start(): void;
  kill(): void;
  terminate(): void;
  done(): Promise<CliResult>;
  eventIds(): string[];
  incidentIds(): string[];
  /** True once the current process has started its pipeline (it handles SIGTERM from then on). */
  running(): boolean;
  /** True once the current process's log says it acquired the leadership. */
  leads(): boolean;
  /** Partitions this instance stopped reading because another one took them (every run of it). */
  ownershipLosses(): number;
}

/** One `run` process (started again by `start` after it ended), with its own database, outputs and log. */
function instance(t: TestContext, dir: string, config: string): Instance {
  const name = dir.slice(dir.lastIndexOf('/') + 1);
  const eventsDir = join(dir, 'events');
  const incidentsDir = join(dir, 'incidents');
  const logPath = join(dir, 'run.log');
  let current: ReturnType<typeof startOwnedCli> | undefined;
  let logFrom = 0;
  const logLines = (from: number) => {
    try {
      return readFileSync(logPath, 'utf8').slice(from).split('\n');
    } catch {
      return [];
    }
  };
  return {
    name,
    eventsDir,
    start() {
      logFrom = logLines(0).join('\n').length;
      current = startOwnedCli(t, ['run', '--config', config]);
    },
    kill: () => current!.child.kill('SIGKILL'),
    terminate: () => current!.child.kill('SIGTERM'),
    done: () => current!.done,
    eventIds: () => outputIdsSoFar(eventsDir),
    incidentIds: () => outputIdsSoFar(incidentsDir),
    running: () => logLines(logFrom).some((line) => line.includes('"msg":"starting"')),
    leads: () => logLines(logFrom).some((line) => line.includes('"msg":"leadership acquired"')),
    ownershipLosses: () => logLines(0).filter((line) => line.includes('"msg":"stopped reading partition"') && line.includes('"reason":"OwnershipLost"')).length,
  };
}

function configFor(dir: string, world: { hub: RunningEventHubEmulator; simulator: RunningSimulator; storage: string }): string {
  mkdirSync(join(dir, 'events'), { recursive: true });
  mkdirSync(join(dir, 'incidents'), { recursive: true });
  const tenant = world.simulator.tenants[0]!;
  writeFileSync(join(dir, 'ca.pem'), world.simulator.caCertificatePem);
  writeFileSync(join(dir, 'client-secret'), tenant.clientSecret, { mode: 0o600 });
  const path = join(dir, 'config.yaml');
  const { baseUrl } = world.simulator;
  writeFileSync(
    path,
    JSON.stringify({
      storage: { path: join(dir, 'state.db') },
      // debug: the partition handovers are counted from the log.
      log: { level: 'debug', path: join(dir, 'run.log') },
      shutdown_timeout_ms: 10_000,
      tenants: [{ name: 'sim', tenant_id: tenant.id, client_id: tenant.clientId, client_secret_file: join(dir, 'client-secret'), authority_host: baseUrl, graph_host: baseUrl, mde_host: baseUrl, ca_file: join(dir, 'ca.pem') }],
      leadership: { connection_string: world.storage, container: 'leadership', lease_duration_ms: LEASE_DURATION_MS },
      sources: [
        {
          name: 'stream',
          type: 'eventhub',
          connection_string: world.hub.connectionString(HUB),
          start_position: 'earliest',
          max_batch_size: MAX_BATCH_SIZE,
          max_wait_time_ms: 200,
          checkpoint_store: { type: 'blob', connection_string: world.storage, container: CHECKPOINTS, load_balancing: 'balanced', load_balancing_interval_ms: 1_000, partition_ownership_expiration_interval_ms: OWNERSHIP_EXPIRY_MS },
        },
        { name: 'incidents', type: 'graph_incidents', tenant: 'sim', poll_interval_ms: 1_000, initial_lookback_ms: 2_592_000_000, overlap_ms: 60_000 },
      ],
      sinks: [
        { name: 'events', type: 'file', streams: ['event'], path: join(dir, 'events', 'events.ndjson'), rotate_max_bytes: 0, batch_max_documents: SINK_BATCH, retry: { initial_interval_ms: 10, max_interval_ms: 100 } },
        { name: 'incidents', type: 'file', streams: ['incident'], path: join(dir, 'incidents', 'incidents.ndjson'), rotate_max_bytes: 0 },
      ],
    }),
  );
  return path;
}

/** Publishes a message of distinct records every PUBLISH_EVERY_MS (round robin over the partitions), remembering where and when each record went. */
class Publisher {
  #timer: NodeJS.Timeout | undefined;
  #serial = 0;
  readonly #sent = new Map<string, { partition: string; atMs: number }>();

  constructor(private readonly hub: RunningEventHubEmulator) {}

  start(): void {
    this.#timer = setInterval(() => this.#publishOne(), PUBLISH_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  ids(): string[] {
    return [...this.#sent.keys()];
  }

  partitionOf(id: string): string | undefined {
    return this.#sent.get(id)?.partition;
  }

  publishedAt(id: string): number | undefined {
    return this.#sent.get(id)?.atMs;
  }

  #publishOne(): void {
    const records = Array.from({ length: RECORDS_PER_MESSAGE }, () => deviceProcessRecord(1_000_000 + (this.#serial += 1)));
    const atMs = Date.now();
    const { partitionId } = this.hub.publish(HUB, [recordsBody(records)]);
    for (const id of expectedIds('event', records)) this.#sent.set(id, { partition: partitionId, atMs });
  }
}

/** Partition → owner id of the live claims (an owner, renewed within the expiry) in the blob checkpoint store. */
async function partitionOwners(container: ContainerClient): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  if (!(await container.exists())) return owners;
  for await (const blob of container.listBlobsFlat({ includeMetadata: true })) {
    const match = /\/ownership\/(\d+)$/.exec(blob.name);
    const owner = blob.metadata?.ownerid;
    if (match && owner && Date.now() - blob.properties.lastModified.getTime() < OWNERSHIP_EXPIRY_MS) owners.set(match[1]!, owner);
  }
  return owners;
}

function countBy<T>(values: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}
