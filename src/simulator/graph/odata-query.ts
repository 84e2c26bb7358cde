import { canonicalTime } from '../time-format.js';

/**
 * The OData query options the simulator understands, for Graph and (the same grammar) MDE:
 * `$filter` as clauses joined by `and` (`prop op literal`, datetimes unquoted, strings quoted),
 * `$orderby` on one sortable property, `$top`, `$skip`, `$count`, `$expand`, `$select` and the
 * `$skiptoken` of a nextLink. Anything else is a 400 with the OData library's wording.
 */
export type PropertyType = 'datetime' | 'string' | 'number';
export type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export interface Clause {
  readonly property: string;
  readonly op: Operator;
  /** Datetimes as canonical 7-digit UTC text; strings as given; null for `eq null`. */
  readonly value: string | number | null;
  readonly type: PropertyType;
}

/** A 400 the caller can show as an OData error; `code` is '' for the $top limit, as Graph sends it. */
export class ODataError extends Error {
  constructor(
    message: string,
    readonly code: string = 'BadRequest',
  ) {
    super(message);
  }
}

export interface EntitySpec {
  /** e.g. microsoft.graph.security.incident, for error messages. */
  readonly typeName: string;
  readonly filterable: Readonly<Record<string, PropertyType>>;
  readonly sortable: readonly string[];
  readonly defaultOrder: OrderBy;
  /** Page size without $top. */
  readonly defaultTop: number;
  readonly maxTop: number;
  /** The error for `$top` above maxTop. */
  topError(requested: number): ODataError;
  readonly expandable: readonly string[];
}

export interface OrderBy {
  readonly property: string;
  readonly descending: boolean;
}

export interface ListQuery {
  readonly filter: readonly Clause[];
  readonly orderBy: OrderBy;
  readonly top: number;
  readonly skip: number;
  readonly count: boolean;
  readonly expand: readonly string[];
  readonly select: readonly string[] | undefined;
  readonly skiptoken: string | undefined;
}

const OPTIONS = new Set(['$filter', '$orderby', '$top', '$skip', '$count', '$expand', '$select', '$skiptoken']);
const OPERATORS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

export function parseListQuery(params: URLSearchParams, spec: EntitySpec): ListQuery {
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (!key.startsWith('$')) continue;
    const name = key.toLowerCase();
    if (!OPTIONS.has(name)) throw new ODataError(`Query option '${key}' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.`);
    if (seen.has(name)) throw new ODataError(`Query option '${key}' was specified more than once, but it must be specified at most once.`);
    seen.add(name);
  }
  const option = (name: string): string | undefined => {
    for (const [key, value] of params) if (key.toLowerCase() === name) return value;
    return undefined;
  };
  const top = wholeNumber(option('$top'), '$top');
  if (top !== undefined && top > spec.maxTop) throw spec.topError(top);
  const countText = option('$count');
  if (countText !== undefined && countText !== 'true' && countText !== 'false') throw new ODataError(`The query specified in the URI is not valid. '${countText}' is not a valid count option.`);
  const expand = splitList(option('$expand'));
  for (const name of expand) if (!spec.expandable.includes(name)) throw new ODataError(`Could not find a property named '${name}' on type '${spec.typeName}'.`);
  const select = option('$select') === undefined ? undefined : splitList(option('$select'));
  for (const name of select ?? []) if (!(name in spec.filterable) && !/^[A-Za-z@][\w.@]*$/.test(name)) throw new ODataError(`Could not find a property named '${name}' on type '${spec.typeName}'.`);
  return {
    filter: option('$filter') === undefined ? [] : parseFilter(option('$filter')!, spec),
    orderBy: option('$orderby') === undefined ? spec.defaultOrder : parseOrderBy(option('$orderby')!, spec),
    top: top ?? spec.defaultTop,
    skip: wholeNumber(option('$skip'), '$skip') ?? 0,
    count: countText === 'true',
    expand,
    select,
    skiptoken: option('$skiptoken'),
  };
}

function wholeNumber(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
    throw new ODataError(`The query specified in the URI is not valid. Invalid value '${text}' for ${name} query option found. The ${name} query option requires a non-negative integer value.`);
  }
  return Number(text);
}

function splitList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

function parseOrderBy(text: string, spec: EntitySpec): OrderBy {
  const items = splitList(text);
  if (items.length !== 1) throw new ODataError(`The query specified in the URI is not valid. The simulator sorts by one property; got '${text}'.`);
  const [property, direction, extra] = items[0]!.split(/\s+/);
  if (!property || extra !== undefined || (direction !== undefined && direction !== 'asc' && direction !== 'desc')) throw new ODataError(`Syntax error at position ${text.length} in '${text}'.`);
  if (!spec.sortable.includes(property)) {
    if (property in spec.filterable) throw new ODataError(`The query specified in the URI is not valid. The property '${property}' cannot be used in the $orderby query option.`);
    throw new ODataError(`Could not find a property named '${property}' on type '${spec.typeName}'.`);
  }
  return { property, descending: direction === 'desc' };
}

const TOKEN = /'(?:[^']|'')*'|[()]|[^\s()]+/g;

export function parseFilter(text: string, spec: Pick<EntitySpec, 'filterable' | 'typeName'>): Clause[] {
  const tokens = text.match(TOKEN) ?? [];
  const clauses: Clause[] = [];
  let index = 0;
  const fail = (why: string): never => {
    throw new ODataError(`Invalid filter clause: ${why} in '${text}'.`);
  };
  if (tokens.length === 0) fail('the filter is empty');
  while (index < tokens.length) {
    const [property, op, literal] = [tokens[index], tokens[index + 1], tokens[index + 2]];
    if (property === '(' || property === ')') fail('parentheses are not supported by the simulator');
    if (property === undefined || op === undefined || literal === undefined) fail('a clause must be <property> <operator> <value>');
    const type = spec.filterable[property!];
    if (type === undefined) throw new ODataError(`Could not find a property named '${property!}' on type '${spec.typeName}'.`);
    if (!OPERATORS.has(op!)) fail(`unknown operator '${op!}'`);
    clauses.push({ property: property!, op: op as Operator, value: literalValue(literal!, type!, property!), type: type! });
    index += 3;
    if (index < tokens.length) {
      const joiner = tokens[index];
      if (joiner !== 'and') fail(joiner === 'or' ? "'or' is not supported by the simulator; use 'and'" : `syntax error at '${joiner!}'`);
      index += 1;
      if (index >= tokens.length) fail("nothing follows 'and'");
    }
  }
  return clauses;
}

function literalValue(literal: string, type: PropertyType, property: string): string | number | null {
  if (literal === 'null') return null;
  const quoted = literal.startsWith("'") && literal.endsWith("'") && literal.length >= 2;
  if (type === 'datetime') {
    if (quoted) throw new ODataError(`A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind 'Equal'.`);
    const time = canonicalTime(literal);
    if (time === undefined) throw new ODataError(`The DateTimeOffset text '${literal}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range.`);
    return time;
  }
  if (type === 'number') {
    const number = Number(quoted ? literal.slice(1, -1) : literal);
    if (!Number.isFinite(number)) throw new ODataError(`A binary operator with incompatible types was detected for '${property}': '${literal}' is not a number.`);
    return number;
  }
  if (!quoted) throw new ODataError(`A binary operator with incompatible types was detected. Found operand types 'Edm.String' and '${/^\d/.test(literal) ? 'Edm.Int32' : 'Edm.Unknown'}' for '${property}'.`);
  return literal.slice(1, -1).replace(/''/g, "'");
}

/** Whether a record passes every clause (`value(property)` reads the record). */
export function matchesFilter(value: (property: string) => unknown, clauses: readonly Clause[]): boolean {
  return clauses.every((clause) => {
    const raw = value(clause.property);
    if (clause.value === null) return clause.op === 'eq' ? raw === null || raw === undefined : clause.op === 'ne' ? raw !== null && raw !== undefined : false;
    if (raw === null || raw === undefined) return clause.op === 'ne';
    const actual = clause.type === 'datetime' ? canonicalTime(String(raw)) : clause.type === 'number' ? Number(raw) : String(raw);
    if (actual === undefined) return false;
    return compare(actual, clause.value, clause.op);
  });
}

function compare(actual: string | number, expected: string | number, op: Operator): boolean {
  switch (op) {
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== expected;
    case 'gt':
      return actual > expected;
    case 'ge':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'le':
      return actual <= expected;
  }
}
