import { readFile } from "node:fs/promises";

/** A file as the engine takes it: a Uint8Array over Node's buffer, not a copy. */
export async function readBytes(file: string): Promise<Uint8Array> {
  const buf = await readFile(file);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
