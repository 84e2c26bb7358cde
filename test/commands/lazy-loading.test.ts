import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { startEventHubEmulator } from '../../src/simulator/eventhubs/index.js';
import { startOwnedCli, type CliResult } from '../support/cli.js';
import { deviceProcessRecord, recordsBody } from '../support/event-records.js';
import { loadedModules, moduleTraceEnv } from '../support/module-trace-reader.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';

/**
 * Each command and configuration loads only what it needs (memory, start-up time). A child CLI
 * runs with a preload that lists every module it loads (ESM through a loader hook, CommonJS from
 * the require cache); the lists must not hold what the command or the configuration has no use
 * for, and must hold what it does use (so an empty list, a broken trace, cannot pass).
 */

/** What only tenants (Graph, MDE, Entra credentials), blob storage, GeoIP or the simulator need. */
const NOT_FOR_EVENTHUB_ONLY = ['@azure/msal-node', '@azure/msal-common', 'undici', '@azure/storage-blob', '@azure/eventhubs-checkpointstore-blob', 'maxmind', 'jose', 'node-forge', 'selfsigned'];
/** The simulator's and the demo's own modules; the simulate command's --faults parser is part of its option definitions. */
const simulatorOrDemo = (own: readonly string[]) => own.filter((path) => /^src\/(simulator|demo)\/|^src\/commands\/(simulate|demo)-action\.js$/.test(path) && path !== 'src/simulator/faults.js');

const HUB = 'insights-logs-advancedhunting';

test('run with an eventhub source (SAS, SQLite checkpoints) and a file sink loads neither the Microsoft clients, nor the Storage SDK, nor the simulator', { timeout: 60_000 }, async (t) => {
  const hub = await startEventHubEmulator({ hubs: [{ name: HUB, partitions: 2 }] });
  t.after(() => hub.close());
  hub.publish(HUB, [recordsBody([deviceProcessRecord(1), deviceProcessRecord(2)])]);
  const dir = tempDir(t);
  const output = join(dir, 'event.ndjson');
  const config = join(dir, 'config.yaml');
  writeFileSync(config, [
    `storage: { path: ${join(dir, 'state.db')} }`,
    `log: { level: info, path: ${join(dir, 'run.log')} }`,
    'sources:',
    `  - { name: events, type: eventhub, connection_string: "${hub.connectionString(HUB)}", consumer_group: defender-siem, start_position: earliest, max_wait_time_ms: 200, checkpoint_store: { type: sqlite } }`,
    'sinks:',
    `  - { name: event-file, type: file, streams: [event], path: ${output}, rotate_max_bytes: 0 }`,
    '',
  ].join('\n'));
  const trace = join(dir, 'modules.txt');
  const { child, done } = startOwnedCli(t, ['run', '--config', config], moduleTraceEnv(trace));
  // Both documents out: the source was built, read, normalized and delivered, not just started.
  await until(() => lines(output) === 2 || child.exitCode !== null, 30_000, 50);
  child.kill('SIGTERM');
  const result = await done;
  assert.equal(result.code, 0, result.stderr);
  assert.equal(lines(output), 2);

  const loaded = loadedModules(trace);
  for (const used of ['@azure/event-hubs', 'better-sqlite3', 'pino', 'zod']) assert.ok(loaded.packages.has(used), `the trace lists ${used}, which the run uses`);
  assert.ok(loaded.own.includes('src/pipeline/pipeline.js'), 'the trace lists the pipeline');
  assert.deepEqual(NOT_FOR_EVENTHUB_ONLY.filter((name) => loaded.packages.has(name)), []);
  assert.deepEqual(simulatorOrDemo(loaded.own), []);
  assert.deepEqual(loaded.own.filter((path) => path.startsWith('src/microsoft/auth/') || path === 'src/pipeline/tenant-apis.js' || path === 'src/checkpoint/blob-checkpoint-store.js'), []);
});

test('--help loads the command definitions and commander, nothing a command needs to run', { timeout: 30_000 }, async (t) => {
  const trace = join(tempDir(t), 'modules.txt');
  const result = await ownedRun(t, ['--help'], moduleTraceEnv(trace));
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /simulate \[options\]/);
  const loaded = loadedModules(trace);
  assert.deepEqual([...loaded.packages], ['commander']);
  assert.ok(loaded.own.includes('src/commands/simulate.js'), 'the trace lists the command definitions');
  assert.deepEqual(loaded.own.filter((path) => /^src\/(pipeline|config|normalize|buffer|sources|telemetry)\//.test(path)), []);
  assert.deepEqual(simulatorOrDemo(loaded.own), []);
});

test('an invalid configuration is reported before the pipeline is loaded', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'config.yaml');
  writeFileSync(config, 'sources: []\nsinks: [{ name: out, type: file, path: out.ndjson, rotate_max_bytes: -1 }]\n');
  const trace = join(dir, 'modules.txt');
  const result = await ownedRun(t, ['run', '--config', config], moduleTraceEnv(trace));
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /invalid configuration/);
  const loaded = loadedModules(trace);
  assert.ok(loaded.own.includes('src/config/load.js'), 'the trace lists the configuration loader');
  assert.deepEqual(loaded.own.filter((path) => path.startsWith('src/pipeline/')), []);
  assert.ok(!loaded.packages.has('better-sqlite3'));
});

test('a module missing from the installation is an error naming it, exit 1, never a crash or an unhandled rejection', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  // A tenant and a Graph source: the Microsoft clients (msal) are loaded at start-up, before any request.
  const config = join(dir, 'config.yaml');
  writeFileSync(config, [
    `storage: { path: ${join(dir, 'state.db')} }`,
    `log: { level: info, path: ${join(dir, 'run.log')} }`,
    'tenants:',
    '  - { name: contoso, tenant_id: 00000000-0000-0000-0000-000000000001, client_id: app, client_secret: not-a-secret, authority_host: "https://127.0.0.1:9", graph_host: "https://127.0.0.1:9" }',
    'sources:',
    '  - { name: incidents, type: graph_incidents, tenant: contoso }',
    'sinks:',
    `  - { name: out, type: file, path: ${join(dir, 'out.ndjson')} }`,
    '',
  ].join('\n'));
  const run = await ownedRun(t, ['run', '--config', config], moduleTraceEnv(join(dir, 'run-modules.txt'), '@azure/msal-node'));
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /^defender-siem run: cannot load the Microsoft API clients \(for the tenants: section\): .*'@azure\/msal-node'.*reinstall defender-siem\)\n$/);

  // A command's own module, loaded by the CLI when the command runs.
  const simulate = await ownedRun(t, ['simulate'], moduleTraceEnv(join(dir, 'simulate-modules.txt'), './simulate-action.js'));
  assert.equal(simulate.code, 1, simulate.stderr);
  assert.match(simulate.stderr, /^defender-siem: cannot load the simulator: .*simulate-action\.js.*reinstall defender-siem\)\n$/);
});

/** The CLI to its end; killed if the test ends first (a regression could make it run on: `simulate`, a `run` that retries). */
function ownedRun(t: TestContext, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return startOwnedCli(t, args, env).done;
}

function lines(path: string): number {
  try {
    return statSync(path).size === 0 ? 0 : readFileSync(path, 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}
