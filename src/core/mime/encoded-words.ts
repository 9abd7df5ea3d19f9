/*
 * Header text for display: RFC 2047 encoded words and raw 8-bit / ISO-2022-JP header bytes. Never throws; what
 * cannot be decoded is shown as written (or with U+FFFD), because a header that cannot be read must still be shown.
 */
import { concatBytes } from "../bytes.js";
import { decodeBase64 } from "./base64.js";
import { decodeUnlabelled, decodeWithCharset, normalizeCharsetLabel } from "./charset.js";
import { latin1ToBytes } from "./latin1.js";

/** charset (with optional RFC 2231 `*language`), encoding, text. RFC 2047 forbids "?" and white space inside. */
const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
const ONLY_WHITESPACE = /^[ \t\r\n]*$/;

function decodeQ(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) {
      out[o++] = 0x20; // "_" is always a space in the Q encoding (RFC 2047 §4.2)
    } else if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out[o++] = parseInt(text.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      out[o++] = c & 0xff;
    }
  }
  return out.subarray(0, o);
}


/**
 * Decodes RFC 2047 encoded words. Adjacent encoded words separated only by white space are joined without it
 * (RFC 2047 §6.2), and consecutive words in the same charset are joined as bytes before charset decoding: mailers
 * split multi-byte characters and ISO-2022-JP sequences across words.
 */
export function decodeEncodedWords(text: string): string {
  if (!text.includes("=?")) return text;
  let out = "";
  let last = 0;
  let runCharset: string | undefined;
  let runChunks: Uint8Array[] = [];
  const flush = (): void => {
    if (runCharset !== undefined) out += decodeWithCharset(concatBytes(runChunks), runCharset);
    runCharset = undefined;
    runChunks = [];
  };
  for (const m of text.matchAll(ENCODED_WORD)) {
    const start = m.index;
    const gap = text.slice(last, start);
    const charset = normalizeCharsetLabel(m[1]!);
    const encoded = m[3]!;
    const bytes = m[2] === "b" || m[2] === "B" ? decodeBase64(latin1ToBytes(encoded)) : decodeQ(encoded);
    const joinsRun = runCharset !== undefined && ONLY_WHITESPACE.test(gap);
    if (!joinsRun || runCharset !== charset) {
      flush();
      if (!joinsRun) out += gap;
      runCharset = charset;
    }
    runChunks.push(bytes);
    last = start + m[0].length;
  }
  flush();
  return out + text.slice(last);
}

/**
 * Decodes raw header bytes (a string of latin1 chars, one per byte) that carry 8-bit or ISO-2022-JP text without
 * RFC 2047 encoding. Strings that already hold chars above U+00FF are returned as they are.
 */
export function decodeRawHeaderText(latin1: string): string {
  let needs = false;
  for (let i = 0; i < latin1.length; i++) {
    const c = latin1.charCodeAt(i);
    if (c > 0xff) return latin1;
    if (c >= 0x80 || c === 0x1b) needs = true;
  }
  if (!needs) return latin1;
  return decodeUnlabelled(latin1ToBytes(latin1));
}

/** A header field's value for display: raw bytes decoded first (ASCII structure survives every charset tried),
 * then the encoded words. */
export function decodeHeaderValue(rawValue: string): string {
  return decodeEncodedWords(decodeRawHeaderText(rawValue));
}
