import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Peak resident set size of another process, in MiB (Linux: VmHWM in /proc/PID/status, in kB). */
export function vmHwmMb(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Math.round((Number(match[1]) / 1024) * 10) / 10;
}

/** SIGTERM (the connector's graceful stop, which also writes its CPU profile), SIGKILL after 30 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
