import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspect } from 'node:util';
import pino from 'pino';
import { openBuffer } from '../../../src/buffer/open-buffer.js';
import { loadConfig } from '../../../src/config/load.js';
import { buildEventHubSource } from '../../../src/sources/eventhubs/build.js';
import { ConfigError } from '../../../src/core/errors.js';
import { tempDir } from '../../support/temp-dir.js';

const CONNECTION = 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=c2VjcmV0LWtleQ==';
const TENANTS = `
tenants:
  - { name: contoso, tenant_id: t, client_id: c, client_secret: s }
  - { name: mooncake, tenant_id: t, client_id: c, client_secret: s, cloud: china }
`;

function load(dir: string, source: string, files: Record<string, string> = {}) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const path = join(dir, 'config.yaml');
  writeFileSync(path, `storage: { path: db }\n${TENANTS}\nsources:\n  - ${source}\nsinks: [{ name: o, type: stdout }]\n`);
  return loadConfig(path, {});
}

function issues(dir: string, source: string): string[] {
  try {
    load(dir, source);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return [...error.issues].sort();
  }
  assert.fail('the configuration was accepted');
}

test('an eventhub source: defaults, the event stream, a connection string from a file kept secret', (t) => {
  const dir = tempDir(t);
  const config = load(dir, '{ type: eventhub, name: stream, connection_string_file: eh.secret, event_hub_name: defender }', { 'eh.secret': `${CONNECTION}\n` });
  const source = config.sources[0]!;
  assert.equal(source.type, 'eventhub');
  if (source.type !== 'eventhub') return;
  assert.equal(source.connection_string?.reveal(), CONNECTION);
  assert.doesNotMatch(inspect(config, { depth: 10 }) + JSON.stringify(config), /c2VjcmV0LWtleQ/);
  assert.deepEqual(
    { ...source, connection_string: undefined },
    {
      type: 'eventhub',
      name: 'stream',
      connection_string: undefined,
      event_hub_name: 'defender',
      consumer_group: '$Default',
      start_position: 'earliest',
      max_batch_size: 3,
      max_wait_time_ms: 10_000,
      checkpoint_store: { type: 'sqlite' },
    },
  );
});

test('Entra: namespace + tenant (any cloud, China too), a start time, a blob store with its own tenant', (t) => {
  const config = load(
    tempDir(t),
    `{ type: eventhub, name: stream, fully_qualified_namespace: ns.servicebus.chinacloudapi.cn, tenant: mooncake, event_hub_name: defender, start_position: "2026-01-05T07:00:00Z", checkpoint_store: { type: blob, account_url: "https://acct.blob.core.chinacloudapi.cn", tenant: contoso, container: eh-checkpoints } }`,
  );
  const source = config.sources[0]!;
  assert.ok(source.type === 'eventhub' && source.checkpoint_store.type === 'blob');
  assert.equal(source.start_position, '2026-01-05T07:00:00Z');
  assert.equal(source.checkpoint_store.load_balancing, 'balanced');
});

test('EntityPath in the connection string names the event hub', (t) => {
  const config = load(tempDir(t), `{ type: eventhub, name: stream, connection_string: "${CONNECTION};EntityPath=defender" }`);
  assert.equal(config.sources[0]!.type, 'eventhub');
});

test('invalid eventhub settings name their key', (t) => {
  const dir = tempDir(t);
  assert.deepEqual(issues(dir, `{ type: eventhub, name: a, connection_string: "${CONNECTION}", fully_qualified_namespace: ns.servicebus.windows.net, tenant: contoso, event_hub_name: h }`), [
    'sources[0].connection_string: give either connection_string (or connection_string_file) or fully_qualified_namespace + tenant (Entra)',
  ]);
  assert.deepEqual(issues(dir, '{ type: eventhub, name: a, fully_qualified_namespace: ns.servicebus.windows.net, event_hub_name: h }'), ['sources[0].tenant: Entra authentication needs both fully_qualified_namespace and tenant']);
  assert.deepEqual(issues(dir, `{ type: eventhub, name: a, connection_string: "${CONNECTION}" }`), ['sources[0].event_hub_name: give event_hub_name (or a connection string with EntityPath=)']);
  assert.deepEqual(issues(dir, `{ type: eventhub, name: a, connection_string: "${CONNECTION}", event_hub_name: h, max_batch_size: 0, start_position: yesterday }`).length, 2);
  assert.deepEqual(issues(dir, `{ type: eventhub, name: a, connection_string: "${CONNECTION}", event_hub_name: h, max_batch_size: 500, prefetch_count: 100 }`), ['sources[0].prefetch_count: must be at least max_batch_size (500)']);
  assert.deepEqual(issues(dir, `{ type: eventhub, name: a, fully_qualified_namespace: "sb://ns.servicebus.windows.net/", tenant: contoso, event_hub_name: h }`).length, 1);
  assert.deepEqual(issues(dir, `{ type: eventhub, name: a, fully_qualified_namespace: ns.servicebus.windows.net, tenant: nobody, event_hub_name: h }`), ['sources[0].tenant: no tenant named "nobody"; defined: "contoso", "mooncake"']);
});

test('invalid blob checkpoint stores name their key', (t) => {
  const dir = tempDir(t);
  const source = (store: string) => `{ type: eventhub, name: a, connection_string: "${CONNECTION}", event_hub_name: h, checkpoint_store: ${store} }`;
  assert.deepEqual(issues(dir, source('{ type: blob, container: c1 }')).length, 2);
  assert.deepEqual(issues(dir, source('{ type: blob, account_url: "https://acct.blob.core.windows.net", tenant: nobody, container: ckpt }')), [
    'sources[0].checkpoint_store.tenant: no tenant named "nobody"; defined: "contoso", "mooncake"',
  ]);
  assert.deepEqual(issues(dir, source('{ type: blob, account_url: "http://acct.blob.core.windows.net", tenant: contoso, container: ckpt }')).length, 1);
  assert.deepEqual(issues(dir, source('{ type: blob, connection_string: x, container: ckpt, load_balancing_interval_ms: 60000 }')), [
    'sources[0].checkpoint_store.load_balancing_interval_ms: must be shorter than partition_ownership_expiration_interval_ms: an owner renews its claims once per interval',
  ]);
  assert.deepEqual(issues(dir, source('{ type: sqlite, container: ckpt }')).length, 1);
});

test('a malformed connection string is a configuration error at start-up that does not quote it', async (t) => {
  const dir = tempDir(t);
  const config = load(dir, '{ type: eventhub, name: stream, connection_string: "SharedAccessKey=topsecret-value", event_hub_name: h }');
  const source = config.sources[0]!;
  assert.ok(source.type === 'eventhub');
  const storage = openBuffer(join(dir, 'state.db'), { sinks: ['o'], maxBytesPerSink: 1_000, durability: 'normal' });
  t.after(storage.close);
  await assert.rejects(
    buildEventHubSource(source, { log: pino({ level: 'silent' }), storage, credential: () => assert.fail('no Entra'), onError: () => undefined }),
    (error: unknown) => error instanceof ConfigError && /sources\.stream\.connection_string: not an Event Hubs connection string/.test(error.message) && !error.message.includes('topsecret'),
  );
});

test('endpoint: amqps://host[:port] is accepted (the SDK connects there); a path or another scheme is not', (t) => {
  const dir = tempDir(t);
  const source = (endpoint: string) => `{ type: eventhub, name: a, fully_qualified_namespace: ns.servicebus.windows.net, tenant: contoso, event_hub_name: h, endpoint: "${endpoint}" }`;
  const config = load(dir, source('amqps://10.1.2.3:5671'));
  assert.ok(config.sources[0]!.type === 'eventhub' && config.sources[0]!.endpoint === 'amqps://10.1.2.3:5671');
  for (const bad of ['10.1.2.3:5671', 'amqps://host/path', 'ftp://host']) {
    assert.deepEqual(issues(dir, source(bad)), ['sources[0].endpoint: must be amqps://host or amqps://host:port (no path)'], bad);
  }
});
