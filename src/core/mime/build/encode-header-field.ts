/*
 * Header fields inside a signed entity that carry raw 8-bit bytes (RFC 6532 style, e.g. a UTF-8 attachment name)
 * are not safe for transport either. They are rewritten in 7-bit form: Content-Type and Content-Disposition
 * parameters as RFC 2231 extended values (with an RFC 2047 fallback for name and filename, which older clients
 * read), other fields with RFC 2047 encoded words over the words that hold the 8-bit text.
 */
import { decodeUnlabelled } from "../charset.js";
import { encodeBase64Lines } from "../encode-base64.js";
import { parseHeaderParams } from "../header-params.js";
import { latin1ToBytes } from "../latin1.js";
import type { HeaderField } from "../types.js";
import { hasEightBit } from "./transport-safe.js";

const utf8 = new TextEncoder();
/**
 * Bytes per encoded word: 48 base64 characters, 60 with "=?UTF-8?B?" and "?=", well below RFC 2047's 75, so that a
 * line holding a field or parameter name and one word stays within RFC 5322's 78.
 */
const ENCODED_WORD_BYTES = 36;
/** RFC 2231 value sections are kept to this many encoded characters so that folded lines stay short. */
const SECTION_CHARS = 50;
/** Parameters older clients only read in their plain form: they get an RFC 2047 fallback beside the RFC 2231 one. */
const FALLBACK_PARAMS: ReadonlySet<string> = new Set(["name", "filename"]);
const PARAMETER_FIELDS: ReadonlySet<string> = new Set(["content-type", "content-disposition"]);
const TSPECIALS = '()<>@,;:\\"/[]?=';
const PRINTABLE = /^[\x20-\x7e]*$/;

/** The text as UTF-8: raw bytes that are valid UTF-8 as they are, anything else through the charset guesser. */
function asUtf8(latin1: string): Uint8Array {
  const bytes = latin1ToBytes(latin1);
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return bytes;
  } catch {
    return utf8.encode(decodeUnlabelled(bytes));
  }
}

/** Splits UTF-8 into chunks of at most `max` bytes without cutting a character. */
function utf8Chunks(bytes: Uint8Array, max: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(bytes.length, start + max);
    while (end < bytes.length && end > start + 1 && (bytes[end]! & 0xc0) === 0x80) end--;
    out.push(bytes.subarray(start, end));
    start = end;
  }
  return out;
}

/** RFC 2047 B-encoded words over UTF-8 `bytes`, no character cut between two words; each fits a folded line. */
export function encodedWords(bytes: Uint8Array): string[] {
  return utf8Chunks(bytes, ENCODED_WORD_BYTES).map((chunk) => {
    const b64 = new TextDecoder().decode(encodeBase64Lines([chunk], 64)).trimEnd();
    return `=?UTF-8?B?${b64}?=`;
  });
}

function isTokenChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c > 0x20 && c < 0x7f && !TSPECIALS.includes(ch);
}

function quoted(value: string): string {
  if (value.length > 0 && [...value].every(isTokenChar)) return value;
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

/** RFC 2231 attribute-char: token characters other than "*", "'" and "%". */
function percentEncode(bytes: Uint8Array): string[] {
  const sections: string[] = [];
  let current = "";
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    const piece = b < 0x80 && isTokenChar(ch) && ch !== "*" && ch !== "'" && ch !== "%" ? ch : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    if (current.length + piece.length > SECTION_CHARS) {
      sections.push(current);
      current = "";
    }
    current += piece;
  }
  sections.push(current);
  return sections;
}

/**
 * A parameter as `key=value` lines to join with ";\r\n ": plain when printable ASCII, otherwise an RFC 2231 value
 * (in sections when long), preceded for name and filename by an RFC 2047 fallback.
 */
export function parameterLines(key: string, value: string): string[] {
  if (PRINTABLE.test(value)) return [`${key}=${quoted(value)}`];
  // The parser keeps a boundary's bytes as latin1 characters (it is matched, not shown): its bytes stay its bytes.
  const bytes = key === "boundary" ? latin1ToBytes(value) : utf8.encode(value);
  const lines: string[] = [];
  // Folding white space may stand inside a quoted string (RFC 5322 §3.2.4); between encoded words it is dropped.
  if (FALLBACK_PARAMS.has(key)) lines.push(`${key}="${encodedWords(bytes).join("\r\n ")}"`);
  const sections = percentEncode(bytes);
  if (sections.length === 1) lines.push(`${key}*=UTF-8''${sections[0]!}`);
  else sections.forEach((s, i) => lines.push(`${key}*${i}*=${i === 0 ? "UTF-8''" : ""}${s}`));
  return lines;
}

/** The position of the first ";" outside a quoted string, or the length of `text`. */
function firstSemicolon(text: string): number {
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuote && ch === "\\") i++;
    else if (ch === '"') inQuote = !inQuote;
    else if (ch === ";" && !inQuote) return i;
  }
  return text.length;
}

/** Null when the value's type or a parameter name is not printable ASCII: such a field is treated as text. */
function parameterField(field: HeaderField): string | null {
  const value = field.rawValue;
  const at = firstSemicolon(value);
  const head = value.slice(0, at).trim();
  const { params } = parseHeaderParams(value, at);
  const entries = Object.entries(params);
  if (!PRINTABLE.test(head) || entries.some(([key]) => !PRINTABLE.test(key))) return null;
  const lines = entries.flatMap(([key, v]) => parameterLines(key, v));
  return `${field.name}: ${[head, ...lines].join(";\r\n ")}\r\n`;
}

/** Control characters that would end a line or a field (or that no relay passes) become spaces. */
function withoutLineBreaks(text: string): string {
  return text.replace(/[\r\n\0]/g, " ");
}

/** Encoded words over the stretch from the first to the last word that holds 8-bit text, spaces included. */
function textField(field: HeaderField): string {
  const value = withoutLineBreaks(field.rawValue);
  const words = [...value.matchAll(/[^ \t]+/g)];
  const eightBit = words.filter((m) => /[\x80-\xff]/.test(m[0]));
  const first = eightBit[0];
  const last = eightBit[eightBit.length - 1];
  if (first === undefined || last === undefined) return `${field.name}: ${value}\r\n`;
  const start = first.index;
  const end = last.index + last[0].length;
  const encoded = encodedWords(asUtf8(value.slice(start, end)));
  return `${field.name}: ${value.slice(0, start)}${encoded.join("\r\n ")}${value.slice(end)}\r\n`;
}

/** The field rewritten in 7-bit form with its CRLF, or null when its bytes are 7-bit already. */
export function sevenBitField(source: Uint8Array, field: HeaderField): string | null {
  if (!hasEightBit(source.subarray(field.raw.start, field.raw.end))) return null;
  return (PARAMETER_FIELDS.has(field.name.toLowerCase()) ? parameterField(field) : null) ?? textField(field);
}
