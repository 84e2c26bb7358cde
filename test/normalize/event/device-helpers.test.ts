import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitArgs } from '../../../src/normalize/ecs/command-args.js';
import { baseName, fileExtension, pathDirectory } from '../../../src/normalize/ecs/path-parts.js';
import { isPosixRecord } from '../../../src/normalize/event/device/host.js';

test('splitArgs: white space splits, quotes stay (Elastic device pipeline)', () => {
  assert.deepEqual(splitArgs('"a b.exe" -k  x\t y'), ['"a', 'b.exe"', '-k', 'x', 'y']);
  assert.deepEqual(splitArgs('  single  '), ['single']);
  assert.deepEqual(splitArgs('   '), []);
});

test('path parts for Windows and POSIX paths', () => {
  assert.equal(pathDirectory('C:\\Windows\\System32\\a.dll'), 'C:\\Windows\\System32');
  assert.equal(pathDirectory('/usr/bin/tar'), '/usr/bin');
  assert.equal(pathDirectory('tar'), undefined);
  assert.equal(pathDirectory('/tar'), undefined);
  assert.equal(baseName('C:\\x/y\\z.exe'), 'z.exe');
  assert.equal(fileExtension('System.Management.ni.dll'), 'dll');
  assert.equal(fileExtension('C:\\dir.d\\tar'), undefined);
  assert.equal(fileExtension('name.'), undefined);
});

test('isPosixRecord: Posix fields in AdditionalFields mark Linux/macOS sensors', () => {
  assert.equal(isPosixRecord({ InitiatingProcessPosixSessionId: 1 }), true);
  assert.equal(isPosixRecord({ ProcessPosixEffectiveUser: {} }), true);
  assert.equal(isPosixRecord({ CallerProcessID: 4 }), false);
  assert.equal(isPosixRecord([{ ProcessPosixSessionId: 1 }]), false);
  assert.equal(isPosixRecord('ProcessPosix'), false);
});
