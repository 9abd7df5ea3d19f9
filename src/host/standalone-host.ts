import type { Host, MessageResult } from "./host.js";
import { readMessageSource, type MessageSource } from "./read-source.js";

export type { MessageSource } from "./read-source.js";

export interface StandaloneHost extends Host {
  readonly kind: "standalone";
  /** Makes `source` the current message and tells the listeners. */
  open(source: MessageSource): void;
}

/** The host of the checker page outside Outlook: messages come from a file picker or a drop, one at a time. */
export function createStandaloneHost(): StandaloneHost {
  let current: MessageSource | null = null;
  const listeners = new Set<() => void>();
  return {
    kind: "standalone",
    async getCurrentMessage(): Promise<MessageResult> {
      const source = current;
      if (source === null) return { ok: false, reason: "no-message" };
      return readMessageSource(source);
    },
    onItemChanged(cb) {
      listeners.add(cb);
      return () => void listeners.delete(cb);
    },
    open(source) {
      current = source;
      for (const cb of [...listeners]) cb();
    },
  };
}
