/*
 * MIME structured header values (RFC 2045 §5.1 lexer, RFC 822 comments) and their parameters, including
 * RFC 2231 continuations, charsets and languages. Lenient where mailers are sloppy (missing ";", unquoted values
 * holding tspecials such as "=" in boundaries), and never throws.
 */
import { decodeUnlabelled, decodeWithCharset } from "./charset.js";
import { decodeHeaderValue } from "./encoded-words.js";
import { bytesToLatin1 } from "./latin1.js";

const TSPECIALS = '()<>@,;:\\"/[]?=';

function isTokenChar(c: number, ch: string): boolean {
  return c > 0x20 && c !== 0x7f && !TSPECIALS.includes(ch);
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** Skips white space and (nested, escaped) comments. An unterminated comment runs to the end. */
export function skipCfws(s: string, i: number): number {
  let depth = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (depth > 0) {
      if (c === 0x5c) i++;
      else if (c === 0x28) depth++;
      else if (c === 0x29) depth--;
    } else if (c === 0x28) {
      depth = 1;
    } else if (!isWhitespace(c)) {
      break;
    }
    i++;
  }
  return i;
}

export function readToken(s: string, i: number): { value: string; next: number } {
  let j = i;
  while (j < s.length && isTokenChar(s.charCodeAt(j), s[j]!)) j++;
  return { value: s.slice(i, j), next: j };
}

/** `s[i]` is the opening quote. Backslash escapes are removed; an unterminated string runs to the end. */
export function readQuotedString(s: string, i: number): { value: string; next: number } {
  let out = "";
  let j = i + 1;
  while (j < s.length) {
    const ch = s[j]!;
    if (ch === "\\" && j + 1 < s.length) {
      out += s[j + 1];
      j += 2;
    } else if (ch === '"') {
      return { value: out, next: j + 1 };
    } else {
      out += ch;
      j++;
    }
  }
  return { value: out, next: j };
}

/** Unquoted values end at ";", white space, "(" or a quote: mailers leave tspecials such as "=" unquoted. */
function readBareValue(s: string, i: number): { value: string; next: number } {
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x3b || c === 0x28 || c === 0x22 || isWhitespace(c) || c < 0x20) break;
    j++;
  }
  return { value: s.slice(i, j), next: j };
}

function skipPastSemicolon(s: string, i: number): number {
  let inQuote = false;
  for (let j = i; j < s.length; j++) {
    const ch = s[j];
    if (inQuote && ch === "\\") j++;
    else if (ch === '"') inQuote = !inQuote;
    else if (ch === ";" && !inQuote) return j + 1;
  }
  return s.length;
}

function percentDecode(text: string, into: number[]): void {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "%" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      into.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      into.push(text.charCodeAt(i) & 0xff);
    }
  }
}

function pushLatin1(text: string, into: number[]): void {
  for (let i = 0; i < text.length; i++) into.push(text.charCodeAt(i) & 0xff);
}

interface Section {
  readonly extended: boolean;
  readonly value: string;
}

export interface ParsedParams {
  /** Lower-case names; values decoded for display, except `boundary`, which keeps its exact bytes (latin1). */
  readonly params: Readonly<Record<string, string>>;
  /** The same name was given twice (the first value is kept). */
  readonly duplicate: boolean;
}

/** Parameters whose value is matched byte for byte, so no charset or encoded-word decoding may touch it. */
const EXACT_PARAMS: ReadonlySet<string> = new Set(["boundary"]);

/** Parses `; name=value; ...` from index `i` of a header value (bytes as latin1 chars). */
export function parseHeaderParams(s: string, i: number): ParsedParams {
  const plain = new Map<string, string>();
  const extended = new Map<string, string>();
  const sections = new Map<string, Map<number, Section>>();
  let duplicate = false;

  while (i < s.length) {
    i = skipCfws(s, i);
    if (i >= s.length) break;
    if (s[i] === ";") {
      i++;
      continue;
    }
    const name = readToken(s, i);
    if (name.value === "") {
      i = skipPastSemicolon(s, i + 1);
      continue;
    }
    i = skipCfws(s, name.next);
    if (s[i] !== "=") {
      i = skipPastSemicolon(s, i);
      continue;
    }
    i = skipCfws(s, i + 1);
    const value = s[i] === '"' ? readQuotedString(s, i) : readBareValue(s, i);
    i = value.next;

    const key = name.value.toLowerCase();
    const section = /^(.*?)\*(\d{1,4})(\*?)$/.exec(key);
    if (section) {
      const base = section[1]!;
      const index = Number(section[2]);
      let map = sections.get(base);
      if (!map) sections.set(base, (map = new Map()));
      if (map.has(index)) duplicate = true;
      else map.set(index, { extended: section[3] === "*", value: value.value });
    } else if (key.endsWith("*")) {
      const base = key.slice(0, -1);
      if (extended.has(base)) duplicate = true;
      else extended.set(base, value.value);
    } else if (plain.has(key)) {
      duplicate = true;
    } else {
      plain.set(key, value.value);
    }
  }

  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of plain) {
    params[key] = EXACT_PARAMS.has(key) ? value : decodeHeaderValue(value);
  }
  // RFC 2231 forms win over a plain value of the same name: mailers add the plain one as a fallback for old readers.
  for (const [key, value] of extended) {
    params[key] = decodeRfc2231(key, [{ extended: true, value }]);
  }
  for (const [key, map] of sections) {
    const ordered: Section[] = [];
    // RFC 2231 §3: sections are numbered from 0 without gaps; what follows a gap is not part of the value.
    for (let n = 0; map.has(n); n++) ordered.push(map.get(n)!);
    if (ordered.length > 0) params[key] = decodeRfc2231(key, ordered);
  }
  return { params, duplicate };
}

function decodeRfc2231(key: string, sections: readonly Section[]): string {
  let charset: string | undefined;
  const bytes: number[] = [];
  sections.forEach((section, n) => {
    let text = section.value;
    if (section.extended && n === 0) {
      // charset'language'value; both may be empty, and a value without the two quotes is taken as is.
      const q1 = text.indexOf("'");
      const q2 = q1 >= 0 ? text.indexOf("'", q1 + 1) : -1;
      if (q2 >= 0) {
        charset = text.slice(0, q1) || undefined;
        text = text.slice(q2 + 1);
      }
    }
    if (section.extended) percentDecode(text, bytes);
    else pushLatin1(text, bytes);
  });
  const raw = Uint8Array.from(bytes);
  if (EXACT_PARAMS.has(key)) return bytesToLatin1(raw);
  return charset !== undefined ? decodeWithCharset(raw, charset) : decodeUnlabelled(raw);
}
