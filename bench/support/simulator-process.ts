import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface SimulatorProcess {
  readonly baseUrl: string;
  readonly caCertificatePem: string;
  /** The child's process id (for its CPU time, /proc/PID/stat). */
  readonly pid: number;
  readonly tenants: ReadonlyArray<{ id: string; clientId: string; clientSecret: string }>;
  /** The Event Hubs emulator's connection string, when started with an --eventhub/--events option. */
  readonly eventHubConnectionString: string | undefined;
  /** Resolves to the records published once the emulator holds all of them (a standing backlog). */
  eventHubBacklog(): Promise<number>;
  /** Stops the simulator; resolves to what it served (endpoint → status → count). */
  stop(): Promise<Record<string, Record<string, number>>>;
}

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli.js');

/**
 * `defender-siem simulate` in a child process, so the simulator's work (generating and gzipping
 * a million export rows, serving pages) runs on the other core instead of inside the figure
 * being measured. Reads the lines it prints: base URL, CA file, tenant credentials.
 */
export async function startSimulatorProcess(args: readonly string[]): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'simulate', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await iterator.next();
    if (done) throw new Error('the simulator exited before it was ready');
    return value as string;
  };
  const baseUrl = /^listening (\S+)$/.exec(await next())?.[1];
  const caFile = /^ca certificate: (.+)$/.exec(await next())?.[1];
  if (baseUrl === undefined || caFile === undefined) throw new Error('unexpected simulator output');
  const tenants: Array<{ id: string; clientId: string; clientSecret: string }> = [];
  for (let line = await next(); line.startsWith('tenant '); line = await next()) {
    const match = /^tenant (\S+) \(.*\): client id (\S+), client secret (\S+)$/.exec(line);
    if (match) tenants.push({ id: match[1]!, clientId: match[2]!, clientSecret: match[3]! });
  }
  // After the tenants: the `graph base:` line, then `eventhub <connection string>` if it runs.
  const eventHubConnectionString = args.some((arg) => arg.startsWith('--event')) ? /^eventhub (\S+)$/.exec(await next())?.[1] : undefined;
  return {
    baseUrl,
    pid: child.pid!,
    caCertificatePem: readFileSync(caFile, 'utf8'),
    tenants,
    eventHubConnectionString,
    eventHubBacklog: async () => {
      for (;;) {
        const match = /^eventhub publishing done (\d+)$/.exec(await next());
        if (match) return Number(match[1]);
      }
    },
    stop: async () => {
      child.kill('SIGTERM');
      for (;;) {
        const line = await next();
        if (line.startsWith('requests ')) return JSON.parse(line.slice('requests '.length)) as Record<string, Record<string, number>>;
      }
    },
  };
}
