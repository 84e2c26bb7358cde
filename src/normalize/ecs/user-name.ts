/**
 * How Elastic's grok splits a free-text owner such as Graph's `assignedTo`: `user@domain` is an
 * e-mail address (name, domain and the address itself), `DOMAIN\user` a down-level logon name,
 * anything else a bare name.
 */
export interface UserNameParts {
  readonly name: string;
  readonly domain?: string;
  readonly email?: string;
}

export function splitUserName(value: string): UserNameParts | undefined {
  const text = value.trim();
  if (text.length === 0) return undefined;
  const at = text.lastIndexOf('@');
  if (at > 0 && at < text.length - 1 && !/\s/.test(text)) {
    return { name: text.slice(0, at), domain: text.slice(at + 1), email: text };
  }
  const slash = text.indexOf('\\');
  if (slash > 0 && slash < text.length - 1) {
    return { name: text.slice(slash + 1), domain: text.slice(0, slash) };
  }
  return { name: text };
}
