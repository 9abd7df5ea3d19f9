/*
 * RFC 5322 header fields for an outgoing message, written in 7-bit: display names and subjects in any script as
 * RFC 2047 encoded words (UTF-8, B encoding: Japanese text is shorter in base64 than in Q), names that need it as
 * quoted strings, and every field folded at 78 characters where a fold point exists (§2.1.1).
 */
import { encodedWords } from "../mime/build/encode-header-field.js";
import type { Mailbox } from "./types.js";

const utf8 = new TextEncoder();
/** RFC 5322 §2.1.1: lines SHOULD NOT exceed 78 characters, CRLF excluded. */
const MAX_HEADER_LINE = 78;
/**
 * A plain word longer than this is written as encoded words, which can be folded: one word alone on a line must
 * still fit after the field name (and always within the hard limit of 998).
 */
const MAX_PLAIN_WORD = 64;
/** A quoted display name longer than this becomes encoded words too, for the same reason. */
const MAX_QUOTED_NAME = 64;
/** RFC 5322 §3.2.3 atext. */
const ATEXT = "A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~";
const ATOM_PHRASE = new RegExp(`^[${ATEXT}]+(?: [${ATEXT}]+)*$`);
const DOT_ATOM = new RegExp(`^[${ATEXT}]+(?:\\.[${ATEXT}]+)*$`);
const QUOTED_LOCAL = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;
const DOMAIN_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const DOMAIN_LITERAL = /^\[[\x21-\x5a\x5e-\x7e]*\]$/;
/** RFC 5321 §4.5.3.1.3: a path holds at most 256 octets, so an address at most 254. */
const MAX_ADDRESS_CHARS = 254;
/** Control characters (and DEL) cannot stand in a header; the line breaks among them would end the field. */
const CONTROLS = /[\x00-\x1f\x7f]+/g;
/** The id inside a msg-id's angle brackets (RFC 5322 §3.6.4), leniently: printable ASCII without space or brackets. */
const MSG_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]+>$/;
/** What a Content-ID may hold here: msg-id characters that need no quoting anywhere (RFC 2392 uses it in URLs). */
const CONTENT_ID = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.@]+$/;

/** The address as written in a header, or null when it is no ASCII addr-spec (RFC 5322 §3.4.1). */
export function addrSpec(address: string): string | null {
  const a = address.trim();
  if (a.length === 0 || a.length > MAX_ADDRESS_CHARS) return null;
  const at = a.lastIndexOf("@");
  if (at <= 0 || at === a.length - 1) return null;
  const local = a.slice(0, at);
  const domain = a.slice(at + 1);
  if (!DOT_ATOM.test(local) && !QUOTED_LOCAL.test(local)) return null;
  if (!DOMAIN_NAME.test(domain) && !DOMAIN_LITERAL.test(domain)) return null;
  return a;
}

/** The address in the form used for delivery lists and certificate look-ups. */
export function addressKey(address: string): string {
  return address.trim().toLowerCase();
}

export function isMessageId(id: string): boolean {
  return MSG_ID.test(id);
}

export function isContentId(id: string): boolean {
  return CONTENT_ID.test(id);
}

function withoutControls(text: string): string {
  return text.replace(CONTROLS, " ").trim();
}

function needsEncoding(word: string): boolean {
  // "=?" would be read as the start of an encoded word by every decoder, ours included.
  return /[^\x21-\x7e]/.test(word) || word.includes("=?") || word.length > MAX_PLAIN_WORD;
}

function encoded(text: string): string {
  return encodedWords(utf8.encode(text)).join(" ");
}

/**
 * An unstructured value (Subject). Runs of words that need encoding become encoded words with the spaces between
 * them inside the encoded text: white space between two encoded words is dropped by decoders (RFC 2047 §6.2), so it
 * must be encoded to survive. Plain words around them stay readable.
 */
export function unstructuredValue(text: string): string {
  const clean = withoutControls(text);
  const words = [...clean.matchAll(/[^ ]+/g)];
  let out = "";
  let last = 0;
  for (let k = 0; k < words.length; k++) {
    if (!needsEncoding(words[k]![0])) continue;
    let j = k;
    while (j + 1 < words.length && needsEncoding(words[j + 1]![0])) j++;
    const start = words[k]!.index;
    const end = words[j]!.index + words[j]![0].length;
    out += clean.slice(last, start) + encoded(clean.slice(start, end));
    last = end;
    k = j;
  }
  return out + clean.slice(last);
}

/**
 * A display name as a phrase (RFC 5322 §3.2.5): atoms as they are, other ASCII as a quoted string, anything else as
 * encoded words (which may hold commas, "@" and quotes: they are decoded after the address list is parsed).
 * Null when there is no name.
 */
export function phraseValue(name: string | undefined): string | null {
  const clean = withoutControls(name ?? "");
  if (clean === "") return null;
  if (/[^\x20-\x7e]/.test(clean) || clean.includes("=?")) return encoded(clean);
  if (ATOM_PHRASE.test(clean)) return clean;
  const quoted = `"${clean.replace(/[\\"]/g, "\\$&")}"`;
  return quoted.length > MAX_QUOTED_NAME ? encoded(clean) : quoted;
}

/** `name <address>`, or the bare address. The address must have passed addrSpec. */
export function mailboxValue(mailbox: Mailbox): string {
  const address = mailbox.address.trim();
  const phrase = phraseValue(mailbox.name);
  return phrase === null ? address : `${phrase} <${address}>`;
}

export function addressListValue(mailboxes: readonly Mailbox[]): string {
  return mailboxes.map(mailboxValue).join(", ");
}

/**
 * Places where a fold may go: a single space between two other characters, outside quoted strings. Folding there
 * turns " " into CRLF + " ", which unfolding (RFC 5322 §2.2.3) turns back; no line is left blank or with trailing
 * white space.
 */
function foldPoints(value: string): number[] {
  const points: number[] = [];
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted && ch === "\\") i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === " " && i > 0 && value[i - 1] !== " " && i + 1 < value.length && value[i + 1] !== " ") points.push(i);
  }
  return points;
}

/** `Name: value` folded to MAX_HEADER_LINE where it can be, with its CRLF. `value` must be 7-bit. */
export function foldField(name: string, value: string): string {
  const segments: string[] = [];
  let from = 0;
  for (const p of foldPoints(value)) {
    segments.push(value.slice(from, p));
    from = p + 1;
  }
  segments.push(value.slice(from));
  let out = `${name}: ${segments[0]!}`;
  let lineLength = out.length;
  for (const segment of segments.slice(1)) {
    if (lineLength + 1 + segment.length > MAX_HEADER_LINE) {
      out += `\r\n ${segment}`;
      lineLength = 1 + segment.length;
    } else {
      out += ` ${segment}`;
      lineLength += 1 + segment.length;
    }
  }
  return `${out}\r\n`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
/** The largest offset RFC 5322 §3.3 can write is +9959, but no zone is a day away from UTC. */
const MAX_UTC_OFFSET_MINUTES = 24 * 60 - 1;

/** RFC 5322 §3.3 date-time, e.g. "Tue, 25 Nov 2025 17:00:00 +0900". Throws RangeError on an invalid date or offset. */
export function formatMessageDate(date: Date, utcOffsetMinutes = 0): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("invalid date");
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > MAX_UTC_OFFSET_MINUTES) {
    throw new RangeError(`invalid UTC offset: ${utcOffsetMinutes}`);
  }
  const local = new Date(date.getTime() + utcOffsetMinutes * 60_000);
  const two = (n: number): string => String(n).padStart(2, "0");
  const sign = utcOffsetMinutes < 0 ? "-" : "+";
  const offset = Math.abs(utcOffsetMinutes);
  const zone = `${sign}${two(Math.floor(offset / 60))}${two(offset % 60)}`;
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
  const year = String(local.getUTCFullYear()).padStart(4, "0");
  return `${DAYS[local.getUTCDay()]!}, ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]!} ${year} ${time} ${zone}`;
}
