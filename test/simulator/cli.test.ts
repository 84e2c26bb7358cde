import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { Agent, request } from 'undici';
import { runCli, startCli } from '../support/cli.js';

describe('simulator: defender-siem simulate', () => {
  test('first line is `listening <base-url>`; it serves HTTPS with the CA it wrote; SIGTERM → exit 0 and the truth file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const ca = join(dir, 'ca.pem');
    const truth = join(dir, 'truth.ndjson');
    const { child, done } = startCli(['simulate', '--port', '0', '--seed', 'cli', '--incidents', '5', '--ca-out', ca, '--truth', truth]);
    try {
      const lines = createInterface({ input: child.stdout! });
      const seen: string[] = [];
      const first = await new Promise<string>((resolve) =>
        lines.on('line', (line) => {
          seen.push(line);
          if (seen.length === 1) resolve(line);
        }),
      );
      const match = /^listening (https:\/\/127\.0\.0\.1:(\d+))$/.exec(first);
      assert.ok(match, first);
      const baseUrl = match[1]!;
      const agent = new Agent({ connect: { ca: readFileSync(ca, 'utf8') } });
      const response = await request(`${baseUrl}/common/discovery/instance?api-version=1.1`, { dispatcher: agent });
      assert.equal(response.statusCode, 200);
      await response.body.dump();
      await agent.close();
      const rest = seen.slice(1);
      assert.ok(rest.some((line) => /^tenant [0-9a-f-]{36} .*client id [0-9a-f-]{36}, client secret \S{40}$/.test(line)), rest.join('\n'));
      assert.ok(rest.some((line) => line.includes(ca)));
      child.kill('SIGTERM');
      const result = await done;
      assert.equal(result.code, 0, result.stderr);
      const written = readFileSync(truth, 'utf8').trim().split('\n');
      assert.ok(written.some((line) => line.startsWith('{"stream":"incident"')));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--help works; bad arguments exit 2 with a clear message', async () => {
    const help = await runCli(['simulate', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--faults <spec>/);
    for (const [args, message] of [
      [['simulate', '--port', 'eighty'], /--port/],
      [['simulate', '--tenants', '0'], /--tenants/],
      [['simulate', '--faults', 'slow=1'], /unknown fault 'slow'.*throttle=/],
      [['simulate', '--faults', 'throttle=7'], /probability/],
      [['simulate', '--bogus'], /unknown option/],
    ] as const) {
      const result = await runCli(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
  });
});
