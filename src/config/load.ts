import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { formatIssues, keyPath } from './format-issues.js';
import { SECRET_KEYS } from './redact.js';
import { configSchema, type Config } from './schema.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates a configuration file: YAML → `${ENV}` interpolation in values →
 * `<secret>_file` contents → zod. Throws ConfigError with every problem found, each naming its key.
 */
export function loadConfig(file: string, env: Env = process.env): Config {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${file}: cannot read the configuration file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) throw new ConfigError(document.errors.map((error) => `${file}: ${error.message}`));
  const problems: string[] = [];
  const raw = prepare(document.toJS() ?? {}, [], { env, baseDir: dirname(path), problems });
  if (problems.length > 0) throw new ConfigError(problems);
  const parsed = configSchema(dirname(path)).safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues));
  return parsed.data;
}

interface Context {
  readonly env: Env;
  readonly baseDir: string;
  readonly problems: string[];
}

/** Interpolates every string value and replaces `<secret>_file` keys by the file's content. */
function prepare(value: unknown, path: PropertyKey[], context: Context): unknown {
  if (typeof value === 'string') return interpolate(value, path, context);
  if (Array.isArray(value)) return value.map((item, index) => prepare(item, [...path, index], context));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const prepared = prepare(item, [...path, key], context);
    const secretKey = key.endsWith('_file') ? key.slice(0, -'_file'.length) : undefined;
    if (secretKey === undefined || !SECRET_KEYS.has(secretKey)) {
      out[key] = prepared;
    } else if (secretKey in value) {
      context.problems.push(`${keyPath([...path, key])}: give either ${secretKey} or ${key}, not both`);
    } else {
      out[secretKey] = readSecretFile(prepared, [...path, key], context);
    }
  }
  return out;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** `${NAME}`, `${NAME:-default}`; `$$` is a literal `$`. */
function interpolate(text: string, path: PropertyKey[], context: Context): string {
  return text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$$') return '$';
    const value = context.env[name!];
    // Like a shell: `:-` also replaces an empty value.
    if (value !== undefined && (value !== '' || fallback === undefined)) return value;
    if (fallback !== undefined) return fallback;
    context.problems.push(`${keyPath(path)}: environment variable ${name} is not set (use \${${name}:-default} for a default)`);
    return '';
  });
}

function readSecretFile(file: unknown, path: PropertyKey[], context: Context): string | undefined {
  if (typeof file !== 'string' || file === '') {
    context.problems.push(`${keyPath(path)}: expected the path of a file holding the secret`);
    return undefined;
  }
  try {
    // Secret files written by `echo` or Kubernetes usually end with one newline that is not part of the secret.
    return readFileSync(resolve(context.baseDir, file), 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    context.problems.push(`${keyPath(path)}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
}
