import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TestContext } from 'node:test';
import { REPO_ROOT } from '../fixtures-path.js';

export const CLI = join(REPO_ROOT, 'dist', 'src', 'cli.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the real CLI in a child process (the compiled dist/src/cli.js). */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/**
 * startCli for a child the test may leave running (a `run` with a source that never ends): it is
 * SIGKILLed when the test ends (t.after) or when the test process exits, on every exit path.
 */
export function startOwnedCli(t: TestContext, args: readonly string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const started = startCli(args, env);
  const kill = () => {
    if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
  };
  process.once('exit', kill);
  void started.done.finally(() => process.removeListener('exit', kill)).catch(() => undefined);
  t.after(async () => {
    kill();
    await started.done.catch(() => undefined);
  });
  return started;
}

/** A child's standard output lines as they come, and a bounded wait for the first that matches. */
export function stdoutLines(child: ChildProcess): { readonly seen: string[]; waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> } {
  const seen: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => seen.push(line));
  return {
    seen,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const line of seen) {
          const match = pattern.exec(line);
          if (match) return match;
        }
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no output line matching ${pattern} within ${timeoutMs} ms:\n${seen.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
