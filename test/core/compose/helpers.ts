/** Drafts, a repeatable random source and MIME look-ups shared by the compose tests. */
import type { ComposeDraft } from "../../../src/core/compose/index.js";
import { getHeader, parseMessage, type MimePart } from "../../../src/core/mime/index.js";

/** A repeatable stand-in for crypto.getRandomValues (an LCG: enough for boundaries and ids). */
export function seededRandom(seed: number): (bytes: Uint8Array<ArrayBuffer>) => Uint8Array {
  let x = seed >>> 0;
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      bytes[i] = x >>> 24;
    }
    return bytes;
  };
}

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

export function draftOf(overrides: Partial<ComposeDraft> = {}): ComposeDraft {
  return {
    from: { name: "Alice Example", address: "alice@example.jp" },
    to: [{ name: "Bob Example", address: "bob@example.jp" }],
    cc: [],
    bcc: [],
    subject: "Agenda",
    html: "<p>Hello Bob,</p><p>The agenda is attached.</p>",
    attachments: [],
    ...overrides,
  };
}

/** The header block of a message, as text without the line break of its last line. */
export function headerBlock(message: Uint8Array): string {
  const root = parseMessage(message);
  return latin1(message.subarray(root.headerRange.start, root.headerRange.end)).replace(/\r\n$/, "");
}

export function fieldValue(part: MimePart, name: string): string | undefined {
  return getHeader(part, name)?.rawValue;
}

/** Every part of the tree, depth first, as "type/subtype" with the part. */
export function partsOf(root: MimePart): { type: string; part: MimePart }[] {
  const out: { type: string; part: MimePart }[] = [];
  const walk = (p: MimePart): void => {
    out.push({ type: `${p.contentType.type}/${p.contentType.subtype}`, part: p });
    p.children.forEach(walk);
  };
  walk(root);
  return out;
}

export function partOfType(root: MimePart, type: string): MimePart {
  const found = partsOf(root).find((p) => p.type === type);
  if (found === undefined) throw new Error(`no ${type} part`);
  return found.part;
}
