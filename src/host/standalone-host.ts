import { MAX_MESSAGE_BYTES, type Host, type MessageResult } from "./host.js";

/** What the standalone host reads: a File from a picker or a drop, or anything else with a size and bytes. */
export interface MessageSource {
  readonly name: string;
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

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
      if (source.size > MAX_MESSAGE_BYTES) return { ok: false, reason: "too-large" };
      try {
        return { ok: true, eml: new Uint8Array(await source.arrayBuffer()), name: source.name };
      } catch (e) {
        return { ok: false, reason: "read-failed", detail: e instanceof Error ? e.message : String(e) };
      }
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
