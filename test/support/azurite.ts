import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';

/** Azurite's well-known development account (public, documented by Microsoft: not a secret). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  readonly url: string;
  readonly connectionString: string;
  /** Kills the server now (a test of an outage); idempotent. */
  stop(): void;
}

const WATCHDOG = "process.stdin.on('end', () => process.exit(0)).on('error', () => process.exit(0)).resume(); require(process.argv[1]);";

const running = new Set<ChildProcess>();
// The last line of defence: a test process that exits (even through an uncaught error) takes its
// Azurite children with it, never leaving a server behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of running) child.kill('SIGKILL');
    // Then die of the signal as if nobody had listened.
    process.kill(process.pid, signal);
  });
}

export interface AzuriteOptions {
  /** Serve HTTPS with this certificate and key (files), and accept Entra ID bearer tokens (`--oauth basic`: claims checked, not signatures). */
  readonly oauth?: { readonly certFile: string; readonly keyFile: string };
}

/**
 * Starts an in-memory Azurite blob service on a free port in a child process, killed when the test
 * ends (t.after), when the process exits, or on `stop()`.
 */
export async function startAzurite(t: TestContext, options: AzuriteOptions = {}): Promise<Azurite> {
  const main = join(dirname(createRequire(import.meta.url).resolve('azurite/package.json')), 'dist/src/blob/main.js');
  // Azurite runs under a watchdog that exits when its standard input closes, which happens when
  // this process dies in any way, SIGKILL included (no handler would run then).
  const oauth = options.oauth === undefined ? [] : ['--oauth', 'basic', '--cert', options.oauth.certFile, '--key', options.oauth.keyFile];
  const child = spawn(process.execPath, ['-e', WATCHDOG, main, '--inMemoryPersistence', '--skipApiVersionCheck', '--blobHost', '127.0.0.1', '--blobPort', '0', '--silent', ...oauth], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  const stop = () => {
    if (running.delete(child)) child.kill('SIGKILL');
  };
  t.after(stop);
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within 20 s: ${output}`)), 20_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      stop();
      reject(error);
    };
    child.once('exit', (code) => fail(new Error(`Azurite exited (${code}) before listening: ${output}`)));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /successfully listens on (https?:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(match[1]!);
      }
    });
  });
  child.stdout!.resume();
  return {
    url,
    connectionString: `DefaultEndpointsProtocol=${url.startsWith('https:') ? 'https' : 'http'};AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${url}/${ACCOUNT};`,
    stop,
  };
}
