import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { tempDir } from '../../support/temp-dir.js';

/** Azurite's well-known development account (public, documented by Microsoft). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  readonly connectionString: string;
  readonly blobUrl: string;
}

/**
 * A real Azurite blob service on a free port, in memory, stopped after the test — on every exit
 * path: `t.after`, and the test process's own exit should the test runner be killed first.
 */
export async function startAzurite(t: TestContext): Promise<Azurite> {
  const main = join(dirname(createRequire(import.meta.url).resolve('azurite/package.json')), 'dist/src/blob/main.js');
  const child = spawn(process.execPath, [main, '--inMemoryPersistence', '--skipApiVersionCheck', '--disableTelemetry', '--blobHost', '127.0.0.1', '--blobPort', '0'], {
    // In memory; anything it would still write (logs) lands in a folder removed after the test.
    cwd: tempDir(t),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  t.after(() => {
    process.removeListener('exit', kill);
    kill();
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited (${code}) before listening:\n${output}`));
    });
  });
  // Keep draining its output so it never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.resume();
  const blobUrl = `http://127.0.0.1:${port}/${ACCOUNT}`;
  return { blobUrl, connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${blobUrl};` };
}
