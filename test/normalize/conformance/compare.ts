/**
 * Whole-document comparison by leaf: every scalar of the expected document is one leaf at its
 * dotted path (array elements get their index), and so is every scalar of the actual document.
 * A difference is an expected leaf missing or different, or an actual leaf Elastic does not have.
 */
export type DifferenceKind = 'missing' | 'different' | 'extra';

export interface Difference {
  readonly path: string;
  readonly kind: DifferenceKind;
  readonly expected?: unknown;
  readonly actual?: unknown;
}

/**
 * Arrays Elastic builds with `append` in processor order; the fixtures README allows comparing
 * them as sets, since their order carries no meaning.
 */
const SET_LIKE = /^(related\.(ip|user|hosts|hash)|event\.(category|type)|tags)$/;

export function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    const items = SET_LIKE.test(prefix) ? [...value].sort(compareScalars) : value;
    items.forEach((item, index) => flatten(item, `${prefix}[${index}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

function compareScalars(a: unknown, b: unknown): number {
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0;
}

export function compareDocuments(expected: unknown, actual: unknown): { leaves: number; differences: Difference[] } {
  const want = flatten(expected);
  const got = flatten(actual);
  const differences: Difference[] = [];
  for (const [path, value] of want) {
    if (!got.has(path)) differences.push({ path, kind: 'missing', expected: value });
    else if (!sameValue(value, got.get(path))) differences.push({ path, kind: 'different', expected: value, actual: got.get(path) });
  }
  for (const [path, value] of got) {
    if (!want.has(path)) differences.push({ path, kind: 'extra', actual: value });
  }
  return { leaves: want.size, differences };
}

/** Elasticsearch prints doubles as 7.0 or 7.3E-4; JSON.parse has already made them numbers. */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-12);
}
