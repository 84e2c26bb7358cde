import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'SharedAccessKeyName=listen;SharedAccessKey=c2VjcmV0LWtleQ==';
const CONNECTION = `Endpoint=sb://ns.servicebus.windows.net/;${KEY}`;

function writeConfig(dir: string, sources: readonly string[]): string {
  const path = join(dir, 'config.yaml');
  writeFileSync(
    path,
    `storage: { path: db }
tenants: [{ name: contoso, tenant_id: t, client_id: c, client_secret: s }]
sources:
${sources.map((source) => `  - ${source}`).join('\n')}
sinks: [{ name: o, type: stdout }]
`,
  );
  return path;
}

/** The configuration's issues, or [] when it is accepted. */
function issues(dir: string, sources: readonly string[]): string[] {
  try {
    loadConfig(writeConfig(dir, sources), {});
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return [...error.issues];
  }
}

test('two eventhub sources reading one hub through one consumer group are a configuration error naming both and the fix', (t) => {
  const dir = tempDir(t);
  const found = issues(dir, [
    `{ type: eventhub, name: first, connection_string: "${CONNECTION}", event_hub_name: defender }`,
    `{ type: eventhub, name: second, connection_string: "${CONNECTION};EntityPath=defender" }`,
  ]);
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0]!, /^sources\[1\]\.consumer_group: /);
  assert.match(found[0]!, /"first" \(sources\[0\]\)/);
  assert.match(found[0]!, /"second"/);
  assert.match(found[0]!, /event hub defender of ns\.servicebus\.windows\.net with consumer group "\$Default"/);
  assert.match(found[0]!, /its own consumer_group/);
  assert.ok(!found[0]!.includes('c2VjcmV0'), 'the connection string is never quoted');
});

test('the same hub is recognised across credentials and letter case; a third reader is reported too', (t) => {
  const dir = tempDir(t);
  const found = issues(dir, [
    `{ type: eventhub, name: by-key, connection_string: "${CONNECTION}", event_hub_name: Defender, consumer_group: SIEM }`,
    '{ type: eventhub, name: by-entra, fully_qualified_namespace: NS.servicebus.windows.net, tenant: contoso, event_hub_name: defender, consumer_group: siem }',
    '{ type: eventhub, name: third, fully_qualified_namespace: ns.servicebus.windows.net, tenant: contoso, event_hub_name: defender, consumer_group: siem }',
  ]);
  assert.equal(found.length, 2, found.join('\n'));
  assert.match(found[0]!, /^sources\[1\]\.consumer_group: sources "by-key" \(sources\[0\]\) and "by-entra"/);
  assert.match(found[1]!, /^sources\[2\]\.consumer_group: sources "by-key" \(sources\[0\]\) and "third"/);
});

test('different consumer groups, hubs or namespaces are separate readers and accepted', (t) => {
  const dir = tempDir(t);
  assert.deepEqual(
    issues(dir, [
      `{ type: eventhub, name: a, connection_string: "${CONNECTION}", event_hub_name: defender }`,
      `{ type: eventhub, name: b, connection_string: "${CONNECTION}", event_hub_name: defender, consumer_group: second }`,
      `{ type: eventhub, name: c, connection_string: "${CONNECTION}", event_hub_name: other }`,
      `{ type: eventhub, name: d, connection_string: "Endpoint=sb://ns2.servicebus.windows.net/;${KEY}", event_hub_name: defender }`,
      '{ type: eventhub, name: e, fully_qualified_namespace: "127.0.0.1:5671", tenant: contoso, event_hub_name: defender }',
      '{ type: eventhub, name: f, fully_qualified_namespace: "127.0.0.1:5672", tenant: contoso, event_hub_name: defender }',
    ]),
    [],
  );
});

test('check and run refuse the configuration with exit 2 and the message, before connecting anywhere', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  // An unroutable namespace: had run started the sources, it would hang connecting instead of exiting 2.
  const connection = `Endpoint=sb://192.0.2.1:5672/;${KEY};UseDevelopmentEmulator=true`;
  const path = writeConfig(dir, [
    `{ type: eventhub, name: first, connection_string: "${connection}", event_hub_name: defender }`,
    `{ type: eventhub, name: second, connection_string: "${connection}", event_hub_name: defender }`,
  ]);
  for (const command of ['check', 'run']) {
    const result = await runCli([command, '--config', path]);
    assert.equal(result.code, 2, `${command}: ${result.stderr}`);
    assert.match(result.stderr, /sources\[1\]\.consumer_group: sources "first" \(sources\[0\]\) and "second" both read event hub defender of 192\.0\.2\.1:5672/, command);
  }
});
