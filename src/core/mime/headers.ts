/*
 * Header look-up by name. Field names are case-insensitive (RFC 5322 §1.2.2); the order of fields is kept.
 */
import type { HeaderField, MimePart } from "./types.js";

export function getHeaders(part: MimePart, name: string): HeaderField[] {
  const wanted = name.toLowerCase();
  return part.headers.filter((h) => h.name.toLowerCase() === wanted);
}

/** The first field of that name: for single-instance fields (From, Subject, Content-Type) a later duplicate is
 * ignored here, so callers that must detect duplicates use getHeaders. */
export function getHeader(part: MimePart, name: string): HeaderField | undefined {
  const wanted = name.toLowerCase();
  return part.headers.find((h) => h.name.toLowerCase() === wanted);
}
