import { newObject, setPath, type JsonObject } from './object.js';

/**
 * Elasticsearch's `uri_parts` processor (keep_original): scheme, domain, port, path, extension,
 * query, fragment and user info of a URL, decoded the way java.net.URI's getters decode them.
 * Parsed with the RFC 3986 appendix B split (negated character classes only, so linear on any
 * input) instead of WHATWG URL, which would lower-case and re-encode what Java leaves alone.
 */
const RFC3986 = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#([\s\S]*))?$/;

export function uriParts(value: string): JsonObject {
  const parts = newObject();
  setPath(parts, 'original', value);
  const match = RFC3986.exec(value);
  if (!match) return parts;
  const [, scheme, authority, path, query, fragment] = match;
  if (authority !== undefined) addAuthority(parts, authority);
  if (fragment !== undefined) setPath(parts, 'fragment', decode(fragment));
  if (path !== undefined) {
    const decoded = decode(path);
    setPath(parts, 'path', decoded);
    // Elastic takes everything after the last dot of the whole path, as its processor does.
    const dot = decoded.lastIndexOf('.');
    if (dot >= 0) setPath(parts, 'extension', decoded.slice(dot + 1));
  }
  if (query !== undefined) setPath(parts, 'query', decode(query));
  if (scheme !== undefined) setPath(parts, 'scheme', scheme);
  return parts;
}

function addAuthority(parts: JsonObject, authority: string): void {
  const at = authority.lastIndexOf('@');
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  if (at >= 0) {
    const userInfo = decode(authority.slice(0, at));
    setPath(parts, 'user_info', userInfo);
    const colon = userInfo.indexOf(':');
    if (colon >= 0) {
      setPath(parts, 'username', userInfo.slice(0, colon));
      setPath(parts, 'password', userInfo.slice(colon + 1));
    }
  }
  // An IPv6 literal keeps its brackets, as URI.getHost() returns it.
  const portMatch = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(hostPort);
  if (!portMatch) {
    setPath(parts, 'domain', hostPort);
    return;
  }
  setPath(parts, 'domain', portMatch[1]);
  if (portMatch[2] !== undefined) setPath(parts, 'port', Number(portMatch[2]));
}

function decode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
