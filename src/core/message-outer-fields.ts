/**
 * A message's outer fields (From, To, Subject, Date...) around an entity that was encrypted or decrypted: what
 * encrypting and decrypting a whole message share.
 */
import { PieceWriter } from "./mime/build/piece-writer.js";
import { splitTopLevelHeaders, writeHeaderFields } from "./mime/build/smime-entity.js";
import type { MimePart } from "./mime/index.js";

/** What outerHeaders adds for an entity without a MIME-Version field of its own. */
export const MIME_VERSION_FIELD = new TextEncoder().encode("MIME-Version: 1.0\r\n");

export function outerHeaders(root: MimePart, entityHasMimeVersion: boolean): PieceWriter {
  const w = new PieceWriter();
  writeHeaderFields(w, root, splitTopLevelHeaders(root).outer);
  if (!entityHasMimeVersion) w.ascii("MIME-Version: 1.0\r\n");
  return w;
}

export function withOuterHeaders(root: MimePart, entity: Uint8Array, entityHasMimeVersion = false): Uint8Array {
  const w = outerHeaders(root, entityHasMimeVersion);
  w.push(entity);
  return w.join();
}

/**
 * The outer fields written into the free room in front of an entity decrypted in place, so that the decrypted
 * message is not copied once more. The room was sized for the fields and a MIME-Version line.
 */
export function withOuterHeadersInFront(outer: Uint8Array, entity: Uint8Array, room: number, entityHasMimeVersion: boolean): Uint8Array {
  const framed = new Uint8Array(entity.buffer, entity.byteOffset - room, room + entity.byteLength);
  const fieldsEnd = entityHasMimeVersion ? room : room - MIME_VERSION_FIELD.byteLength;
  if (!entityHasMimeVersion) framed.set(MIME_VERSION_FIELD, fieldsEnd);
  framed.set(outer, fieldsEnd - outer.byteLength);
  return framed.subarray(fieldsEnd - outer.byteLength);
}
