import { setPath, type JsonObject } from '../../ecs/object.js';

/**
 * `process.*` from a command line as pipeline_alert builds it: arguments split on white space
 * outside double quotes, the quotes removed (`"a b.exe" /u` → `a b.exe`, `/u`), the first one is
 * the executable and its base name the process name. (The device pipeline splits differently.)
 */
export function mapCommandLine(doc: JsonObject, commandLine: string): void {
  const args = quotedArgs(commandLine);
  setPath(doc, 'process.command_line', commandLine);
  if (args.length === 0) return;
  setPath(doc, 'process.args', args);
  setPath(doc, 'process.args_count', args.length);
  const executable = args[0]!;
  setPath(doc, 'process.executable', executable);
  setPath(doc, 'process.name', executable.slice(Math.max(executable.lastIndexOf('\\'), executable.lastIndexOf('/')) + 1) || undefined);
}

/** One pass over the text; quotes group, white space separates, nothing is unescaped. */
export function quotedArgs(commandLine: string): string[] {
  const args: string[] = [];
  let current = '';
  let quoted = false;
  let start = 0;
  for (let i = 0; i <= commandLine.length; i++) {
    const char = commandLine[i];
    if (char === undefined || char === '"' || (!quoted && isSpace(char))) {
      current += commandLine.slice(start, i);
      start = i + 1;
      if (char === '"') quoted = !quoted;
      else if (current.length > 0) {
        args.push(current);
        current = '';
      }
    }
  }
  return args;
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}
