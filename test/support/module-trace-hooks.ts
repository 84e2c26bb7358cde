import { appendFileSync } from 'node:fs';

/**
 * Module customization hooks (node:module register) of module-trace.ts: they run on Node's loader
 * thread and append every URL the ESM loader resolves to the trace file, one per line, as it
 * happens (so nothing is lost when the traced process exits abruptly). `breakSpecifier` makes the
 * resolution of one bare specifier fail as a missing package would (a broken install).
 */
interface TraceData {
  readonly file: string;
  readonly breakSpecifier?: string | undefined;
}

type NextResolve = (specifier: string, context: unknown) => Promise<{ url: string }>;

let data: TraceData | undefined;

export function initialize(options: TraceData): void {
  data = options;
}

export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve): Promise<{ url: string }> {
  if (data?.breakSpecifier !== undefined && specifier === data.breakSpecifier) {
    throw Object.assign(new Error(`Cannot find package '${specifier}' (broken on purpose by the module trace)`), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  const resolved = await nextResolve(specifier, context);
  if (data !== undefined) appendFileSync(data.file, `${resolved.url}\n`);
  return resolved;
}
