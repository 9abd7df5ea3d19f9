import { MAX_MESSAGE_BYTES, type MessageResult } from "./host.js";

/** A message the user handed over as a file: a File from a picker or a drop, or anything else with a size and bytes. */
export interface MessageSource {
  readonly name: string;
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Reads a dropped or picked file, refusing one too large to be mail before reading a byte of it. */
export async function readMessageSource(source: MessageSource): Promise<MessageResult> {
  if (source.size > MAX_MESSAGE_BYTES) return { ok: false, reason: "too-large" };
  try {
    return { ok: true, eml: new Uint8Array(await source.arrayBuffer()), name: source.name };
  } catch (e) {
    return { ok: false, reason: "read-failed", detail: e instanceof Error ? e.message : String(e) };
  }
}
