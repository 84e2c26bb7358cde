/**
 * The executable name of a command line, as Elastic derives `process.name` from it (4.0.1): the
 * first token, with surrounding quotes removed, reduced to its base name. `"C:\x\a b.exe" -k`
 * → `a b.exe`; `powershell.exe  -NoExit` → `powershell.exe`.
 */
export function executableName(commandLine: string): string | undefined {
  const text = commandLine.trimStart();
  if (text.length === 0) return undefined;
  let token: string;
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, 1);
    token = end < 0 ? text.slice(1) : text.slice(1, end);
  } else {
    const end = text.search(/\s/);
    token = end < 0 ? text : text.slice(0, end);
  }
  const base = token.slice(Math.max(token.lastIndexOf('\\'), token.lastIndexOf('/')) + 1).trim();
  return base.length > 0 ? base : undefined;
}
