import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { executableName } from '../../src/normalize/ecs/command-line.js';
import { addDistinct } from '../../src/normalize/ecs/collect.js';
import { graphFieldName } from '../../src/normalize/ecs/graph-name.js';
import { newObject } from '../../src/normalize/ecs/object.js';
import { uriParts } from '../../src/normalize/ecs/uri-parts.js';
import { splitUserName } from '../../src/normalize/ecs/user-name.js';

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('ECS helpers used by the alert and incident mappings', () => {
  test('graphFieldName: Elastic’s vendor names', () => {
    const cases: [string, string][] = [
      ['createdDateTime', 'created_datetime'],
      ['parentProcessCreationDateTime', 'parent_process_creation_datetime'],
      ['@odata.type', 'odata_type'],
      ['azureAdDeviceId', 'azure_ad_device_id'],
      ['p1Sender', 'p1_sender'],
      ['senderIP', 'sender_ip'],
      ['id', 'id'],
      ['a.b', 'a_b'],
    ];
    for (const [key, name] of cases) assert.equal(graphFieldName(key), name, key);
  });

  test('uriParts: like Elasticsearch’s uri_parts', () => {
    assert.deepEqual(plain(uriParts('https://security.microsoft.com/incidents/23?tid=3adb')), {
      original: 'https://security.microsoft.com/incidents/23?tid=3adb',
      domain: 'security.microsoft.com',
      path: '/incidents/23',
      query: 'tid=3adb',
      scheme: 'https',
    });
    assert.deepEqual(plain(uriParts('http://u:p%40ss@[::1]:8080/a%20b/c.tar.gz#frag')), {
      original: 'http://u:p%40ss@[::1]:8080/a%20b/c.tar.gz#frag',
      user_info: 'u:p@ss',
      username: 'u',
      password: 'p@ss',
      domain: '[::1]',
      port: 8080,
      fragment: 'frag',
      path: '/a b/c.tar.gz',
      extension: 'gz',
      scheme: 'http',
    });
    assert.deepEqual(plain(uriParts('%zz')), { original: '%zz', path: '%zz' });
  });

  test('splitUserName: e-mail, down-level and bare names', () => {
    assert.deepEqual(splitUserName('admin@contoso.com'), { name: 'admin', domain: 'contoso.com', email: 'admin@contoso.com' });
    assert.deepEqual(splitUserName('CONTOSO\\kai'), { name: 'kai', domain: 'CONTOSO' });
    assert.deepEqual(splitUserName('Automation'), { name: 'Automation' });
    assert.equal(splitUserName('  '), undefined);
  });

  test('executableName: first token, quotes stripped, base name', () => {
    assert.equal(executableName('powershell.exe  -NoExit -x'), 'powershell.exe');
    assert.equal(executableName('"MsSense.exe"'), 'MsSense.exe');
    assert.equal(executableName('  "C:\\Program Files\\a b.exe" -k'), 'a b.exe');
    assert.equal(executableName('/usr/bin/python3 x.py'), 'python3');
    assert.equal(executableName('"unterminated'), 'unterminated');
    assert.equal(executableName('   '), undefined);
    assert.equal(executableName('C:\\dir\\'), undefined);
  });

  test('addDistinct: a scalar until a second distinct value arrives', () => {
    const doc = newObject();
    addDistinct(doc, 'a.b', 'x');
    addDistinct(doc, 'a.b', 'x');
    assert.deepEqual(plain(doc), { a: { b: 'x' } });
    addDistinct(doc, 'a.b', 'y');
    addDistinct(doc, 'a.b', 'y');
    assert.deepEqual(plain(doc), { a: { b: ['x', 'y'] } });
  });
});
