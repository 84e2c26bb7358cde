import type { EventContext } from 'rhea';

/** What the server calls on a link it accepted; the container's events are routed by link. */
export interface LinkHandler {
  /** A transfer arrived (links the client sends on). */
  onMessage?(context: EventContext): void;
  /** The client granted credit (links the client receives on). */
  onSendable?(): void;
  /** The link is gone: detached by either side, or its connection dropped. Idempotent. */
  onClosed(): void;
}
