import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../fixtures-path.js';

/** The `node --import` preload that lists the modules a child loads (see module-trace.ts). */
export const MODULE_TRACE = join(REPO_ROOT, 'dist', 'test', 'support', 'module-trace.js');

/**
 * The environment of a child that writes the modules it loads to `file` (NODE_OPTIONS preloads
 * MODULE_TRACE); with `breakSpecifier`, importing that specifier fails as a missing package would.
 */
export function moduleTraceEnv(file: string, breakSpecifier?: string): NodeJS.ProcessEnv {
  const preload = `--import="${pathToFileURL(MODULE_TRACE).href}"`;
  return {
    NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(' '),
    MODULE_TRACE_FILE: file,
    ...(breakSpecifier === undefined ? {} : { MODULE_TRACE_BREAK: breakSpecifier }),
  };
}

/** What a traced child loaded: its npm packages by name, and its own modules as paths under dist/. */
export interface LoadedModules {
  readonly packages: ReadonlySet<string>;
  readonly own: readonly string[];
}

export function loadedModules(file: string): LoadedModules {
  const urls = existsSync(file) ? new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean)) : new Set<string>();
  const packages = new Set<string>();
  const own: string[] = [];
  for (const url of urls) {
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    if (pkg !== undefined) packages.add(pkg);
    else if (url.includes('/dist/')) own.push(url.slice(url.lastIndexOf('/dist/') + '/dist/'.length));
  }
  return { packages, own: own.sort() };
}
