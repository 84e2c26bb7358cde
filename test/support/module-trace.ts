import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * A `node --import` preload that lists every module a process loads, into the file named by
 * MODULE_TRACE_FILE: ESM modules through a resolve hook (module-trace-hooks.ts), CommonJS ones
 * (required from inside packages, which Node 20's ESM hooks do not see) from the require cache
 * when the process exits. MODULE_TRACE_BREAK names a bare specifier whose import must fail.
 * See moduleTrace() in module-trace-reader.ts for the parent's side.
 */
const file = process.env.MODULE_TRACE_FILE;
if (file !== undefined && file !== '') {
  register('./module-trace-hooks.js', import.meta.url, { data: { file, breakSpecifier: process.env.MODULE_TRACE_BREAK } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const required = Object.keys(cache).map((path) => pathToFileURL(path).href);
    if (required.length > 0) appendFileSync(file, `${required.join('\n')}\n`);
  });
}
