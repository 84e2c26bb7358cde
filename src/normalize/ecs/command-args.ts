/**
 * `process.args` as Elastic's device pipeline derives it from a command line: split on runs of
 * white space, quotes kept (`"a b.exe" -k` → `["\"a", "b.exe\"", "-k"]`). That is what its
 * documents hold, so detection rules written against them match ours. (Its alert sub-pipeline
 * uses a quote-aware split instead; that one is not this.)
 */
const WHITE_SPACE = /\s+/;

export function splitArgs(commandLine: string): string[] {
  const text = commandLine.trim();
  return text.length === 0 ? [] : text.split(WHITE_SPACE);
}
