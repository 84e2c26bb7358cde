import { newObject, setPath, type JsonObject } from './object.js';

/**
 * Elasticsearch's `user_agent` processor (default properties, no device type): `name`, `version`,
 * `os.name/version/full`, `device.name`, with "Other" where nothing matches. Elasticsearch runs
 * the uap-core rule set; this is the part of it that covers the clients seen in Microsoft 365
 * audit data (desktop and mobile browsers, common crawlers and HTTP tools), rules in uap-core's
 * order, compiled once. A client outside the subset is reported as "Other" like an unknown one.
 */
interface Rule {
  readonly pattern: RegExp;
  /** The family, or undefined to take it from the first capture group. */
  readonly family: string | undefined;
  /** Index of the capture group holding the major version; the next groups are minor, patch, build. */
  readonly versionGroup: number;
  /** A fixed version when the pattern carries none (Windows NT 6.1 → 7). */
  readonly version?: string;
}

const rule = (pattern: RegExp, family: string | undefined, versionGroup = 1, version?: string): Rule =>
  version === undefined ? { pattern, family, versionGroup } : { pattern, family, versionGroup, version };

const V = '(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.(\\d+))?';

const BROWSERS: readonly Rule[] = [
  rule(/(Googlebot|bingbot|Baiduspider|YandexBot|DuckDuckBot|Applebot)\/(\d+)(?:\.(\d+))?/, undefined, 2),
  rule(new RegExp(`EdgA/${V}`), 'Edge Mobile'),
  rule(new RegExp(`EdgiOS/${V}`), 'Edge Mobile'),
  rule(new RegExp(`Edge?/${V}`), 'Edge'),
  rule(new RegExp(`OPR/${V}`), 'Opera'),
  rule(new RegExp(`SamsungBrowser/${V}`), 'Samsung Internet'),
  rule(new RegExp(`FxiOS/${V}`), 'Firefox iOS'),
  rule(new RegExp(`CriOS/${V}`), 'Chrome Mobile iOS'),
  rule(new RegExp(`; wv\\).{0,200}Chrome/${V}`), 'Chrome Mobile WebView'),
  rule(new RegExp(`Chromium/${V}`), 'Chromium'),
  rule(new RegExp(`Chrome/${V} Mobile`), 'Chrome Mobile'),
  rule(new RegExp(`Chrome/${V}`), 'Chrome'),
  rule(new RegExp(`Mobile.{0,200}Firefox/${V}`), 'Firefox Mobile'),
  rule(new RegExp(`Firefox/${V}`), 'Firefox'),
  rule(/Version\/(\d+)(?:\.(\d+))?(?:\.(\d+))?.{0,200}Mobile.{0,200}Safari\//, 'Mobile Safari'),
  rule(/Version\/(\d+)(?:\.(\d+))?(?:\.(\d+))?.{0,200}Safari\//, 'Safari'),
  rule(/Trident\/7\.0.{0,200}rv:(\d+)\.(\d+)/, 'IE'),
  rule(/MSIE (\d+)\.(\d+)/, 'IE'),
  rule(/^curl\/(\d+)\.(\d+)(?:\.(\d+))?/, 'curl'),
  rule(/^Wget\/(\d+)\.(\d+)(?:\.(\d+))?/, 'Wget'),
];

const OPERATING_SYSTEMS: readonly Rule[] = [
  rule(/Windows Phone (?:OS )?(\d+)\.(\d+)/, 'Windows Phone'),
  rule(/Windows NT 10\.0/, 'Windows', 0, '10'),
  rule(/Windows NT 6\.3/, 'Windows', 0, '8.1'),
  rule(/Windows NT 6\.2/, 'Windows', 0, '8'),
  rule(/Windows NT 6\.1/, 'Windows', 0, '7'),
  rule(/Windows NT 6\.0/, 'Windows', 0, 'Vista'),
  rule(/Windows NT 5\.[12]/, 'Windows', 0, 'XP'),
  rule(/(?:CPU OS|iPhone OS|CPU iPhone OS) (\d+)_(\d+)(?:_(\d+))?/, 'iOS'),
  rule(/Mac OS X (\d+)[_.](\d+)(?:[_.](\d+))?/, 'Mac OS X'),
  rule(/Android[ /-]?(\d+)(?:\.(\d+))?(?:\.(\d+))?/, 'Android'),
  rule(/CrOS [^ ]{1,40} (\d+)\.(\d+)(?:\.(\d+))?/, 'Chrome OS'),
  rule(/Ubuntu/, 'Ubuntu', 0),
  rule(/Linux/, 'Linux', 0),
  rule(/Windows/, 'Windows', 0),
];

const DEVICES: readonly Rule[] = [
  rule(/bot|crawler|spider|slurp/i, 'Spider', 0),
  rule(/iPhone/, 'iPhone', 0),
  rule(/iPad/, 'iPad', 0),
  rule(/iPod/, 'iPod', 0),
  rule(/Macintosh/, 'Mac', 0),
  rule(/Android.{0,200}Mobile/, 'Generic Smartphone', 0),
];

/** Elasticsearch bounds the text it parses; a longer header is not a user agent worth matching. */
const MAX_USER_AGENT_CHARS = 2048;

/** The `user_agent` object for a header value, or undefined for an empty one. */
export function parseUserAgent(original: string): JsonObject | undefined {
  if (original.trim().length === 0) return undefined;
  const agent = newObject();
  setPath(agent, 'original', original);
  const text = original.length > MAX_USER_AGENT_CHARS ? original.slice(0, MAX_USER_AGENT_CHARS) : original;

  const browser = firstMatch(BROWSERS, text);
  setPath(agent, 'name', browser?.family ?? 'Other');
  if (browser?.version) setPath(agent, 'version', browser.version);

  const os = firstMatch(OPERATING_SYSTEMS, text);
  setPath(agent, 'os.name', os?.family ?? 'Other');
  if (os?.family && os.version) {
    setPath(agent, 'os.version', os.version);
    setPath(agent, 'os.full', `${os.family} ${os.version}`);
  }

  setPath(agent, 'device.name', firstMatch(DEVICES, text)?.family ?? 'Other');
  return agent;
}

function firstMatch(rules: readonly Rule[], text: string): { family: string; version: string | undefined } | undefined {
  for (const { pattern, family, versionGroup, version } of rules) {
    const match = pattern.exec(text);
    if (!match) continue;
    const name = family ?? match[1] ?? 'Other';
    if (version !== undefined || versionGroup === 0) return { family: name, version };
    const parts: string[] = [];
    for (let group = versionGroup; group < versionGroup + 4 && match[group] !== undefined; group++) parts.push(match[group]!);
    return { family: name, version: parts.length > 0 ? parts.join('.') : undefined };
  }
  return undefined;
}
