import { covers } from './addresses.js';
import type { Connection, Link } from './amqp.js';
import type { LinkHandler } from './link-handler.js';

/**
 * The emulator's view of its peers: the handler of every accepted link, and per connection the
 * entity paths its CBS tokens granted and the links to clean up when it drops.
 */
export class LinkTable {
  private readonly handlers = new WeakMap<Link, LinkHandler>();
  private readonly connections = new Map<Connection, { readonly granted: Set<string>; readonly links: Set<Link> }>();

  track(link: Link, handler: LinkHandler): void {
    this.handlers.set(link, handler);
    this.stateOf(link.connection).links.add(link);
  }

  handler(link: Link | undefined): LinkHandler | undefined {
    return link ? this.handlers.get(link) : undefined;
  }

  /** Records what a put-token granted on this connection (an audience path, see addresses.ts). */
  grant(connection: Connection, path: string): void {
    this.stateOf(connection).granted.add(path);
  }

  isGranted(connection: Connection, address: string): boolean {
    return [...(this.connections.get(connection)?.granted ?? [])].some((granted) => covers(granted, address));
  }

  /** The link is gone (detached by either side); idempotent. */
  closed(link: Link | undefined): void {
    if (!link) return;
    this.handlers.get(link)?.onClosed();
    this.handlers.delete(link);
    this.connections.get(link.connection)?.links.delete(link);
  }

  /** The connection is gone: every link on it is, too. */
  dropped(connection: Connection | undefined): void {
    const state = connection ? this.connections.get(connection) : undefined;
    if (!connection || !state) return;
    for (const link of state.links) this.handlers.get(link)?.onClosed();
    this.connections.delete(connection);
  }

  dropAll(): void {
    for (const connection of [...this.connections.keys()]) this.dropped(connection);
  }

  private stateOf(connection: Connection) {
    let state = this.connections.get(connection);
    if (!state) this.connections.set(connection, (state = { granted: new Set(), links: new Set() }));
    return state;
  }
}
