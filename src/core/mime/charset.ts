/*
 * Charset decoding on top of TextDecoder (WHATWG Encoding), which exists in browsers and Node alike. Mail uses
 * labels the Encoding standard does not know (cp932, iso-2022-jp-2, ...), and Japanese mail often carries 8-bit or
 * ISO-2022-JP bytes with no label at all, so both cases get a best guess instead of mojibake.
 */

/** Labels seen in mail that TextDecoder rejects, mapped to the encoding that actually decodes them. */
const CHARSET_ALIASES: Readonly<Record<string, string>> = {
  cp932: "shift_jis",
  ms932: "shift_jis",
  "windows-932": "shift_jis",
  "x-ms-cp932": "shift_jis",
  sjis: "shift_jis",
  "shift-jis": "shift_jis",
  "x-shift_jis": "shift_jis",
  eucjp: "euc-jp",
  euc_jp: "euc-jp",
  "x-eucjp": "euc-jp",
  "cp51932": "euc-jp",
  "iso-2022-jp-1": "iso-2022-jp",
  "iso-2022-jp-2": "iso-2022-jp",
  "iso-2022-jp-3": "iso-2022-jp",
  "iso-2022-jp-ms": "iso-2022-jp",
  cp50220: "iso-2022-jp",
  cp50221: "iso-2022-jp",
  cp50222: "iso-2022-jp",
  cp936: "gbk",
  cp949: "euc-kr",
  cp950: "big5",
  utf_8: "utf-8",
};

/** Labels that promise plain ASCII; 8-bit bytes under them are mislabelled, so they get the unlabelled guess. */
const ASCII_LABELS: ReadonlySet<string> = new Set(["", "us-ascii", "ascii", "ansi_x3.4-1968", "us", "iso646-us"]);

/** Lower-cased, unquoted, without an RFC 2231 `*language` suffix, aliases resolved. */
export function normalizeCharsetLabel(label: string): string {
  let l = label.trim().toLowerCase();
  if (l.startsWith('"') && l.endsWith('"') && l.length >= 2) l = l.slice(1, -1).trim();
  const star = l.indexOf("*");
  if (star >= 0) l = l.slice(0, star);
  return CHARSET_ALIASES[l] ?? l;
}

function newDecoder(label: string, fatal: boolean): TextDecoder | undefined {
  try {
    return new TextDecoder(label, { fatal });
  } catch {
    return undefined;
  }
}

function tryDecodeFatal(bytes: Uint8Array, label: string): string | undefined {
  const decoder = newDecoder(label, true);
  if (!decoder) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

const ESC = 0x1b;

/** Length of the ISO-2022-JP escape sequence at `i` (3), or 0 when there is none. */
function iso2022jpEscapeAt(bytes: Uint8Array, i: number): number {
  if (bytes[i] !== ESC) return 0;
  const a = bytes[i + 1];
  const b = bytes[i + 2];
  if (a === 0x28 && (b === 0x42 || b === 0x4a || b === 0x49)) return 3; // ESC ( B, ESC ( J, ESC ( I
  if (a === 0x24 && (b === 0x42 || b === 0x40)) return 3; // ESC $ B, ESC $ @
  return 0;
}

export function hasIso2022jpEscape(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(ESC); i >= 0; i = bytes.indexOf(ESC, i + 1)) {
    if (iso2022jpEscapeAt(bytes, i) > 0) return true;
  }
  return false;
}

/**
 * The Encoding standard's ISO-2022-JP decoder reports an error (U+FFFD) for an escape sequence that directly
 * follows another one. That is exactly what joining two self-contained encoded words gives (`...ESC ( B` +
 * `ESC $ B...`), so the first of two adjacent escapes is dropped; it switched to a mode that was never used.
 */
function dropRedundantEscapes(bytes: Uint8Array): Uint8Array {
  let out: Uint8Array | undefined;
  let o = 0;
  let copiedTo = 0;
  for (let i = bytes.indexOf(ESC); i >= 0 && i < bytes.length; i = bytes.indexOf(ESC, i + 1)) {
    const len = iso2022jpEscapeAt(bytes, i);
    if (len === 0 || iso2022jpEscapeAt(bytes, i + len) === 0) continue;
    out ??= new Uint8Array(bytes.length);
    out.set(bytes.subarray(copiedTo, i), o);
    o += i - copiedTo;
    copiedTo = i + len;
    i += len - 1;
  }
  if (!out) return bytes;
  out.set(bytes.subarray(copiedTo), o);
  o += bytes.length - copiedTo;
  return out.subarray(0, o);
}

/** windows-1252 for 0x80..0x9F (U+FFFD where the code page has a hole; the Encoding standard maps those to C1
 * controls, which are never meant in mail). Decoded here because Node's TextDecoder treats windows-1252 as
 * ISO-8859-1 and turns the curly quotes and euro signs of Western mail into invisible control characters. */
const WINDOWS_1252_HIGH =
  "\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd" +
  "\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178";

function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  const codes = new Uint16Array(8192);
  for (let i = 0; i < bytes.length; i += codes.length) {
    const n = Math.min(codes.length, bytes.length - i);
    for (let k = 0; k < n; k++) {
      const b = bytes[i + k]!;
      codes[k] = b >= 0x80 && b < 0xa0 ? WINDOWS_1252_HIGH.charCodeAt(b - 0x80) : b;
    }
    out += String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]);
  }
  return out;
}

function decodeIso2022jp(bytes: Uint8Array): string {
  return new TextDecoder("iso-2022-jp").decode(dropRedundantEscapes(bytes));
}

/** Higher when a decoding looks like Japanese text rather than the other encoding's bytes read wrongly:
 * kana and kanji count for it, half-width katakana (what EUC-JP bytes become when read as Shift_JIS) against. */
function japaneseScore(text: string): number {
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff)) score += 1;
    else if (c >= 0xff61 && c <= 0xff9f) score -= 2;
  }
  return score;
}

/**
 * Decodes bytes whose charset is unknown: ASCII as is; 7-bit with ISO-2022-JP escapes as ISO-2022-JP; 8-bit as
 * UTF-8 when valid, else Shift_JIS or EUC-JP when they decode without errors, else windows-1252 (what browsers
 * call latin1).
 */
export function decodeUnlabelled(bytes: Uint8Array): string {
  let high = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      high = true;
      break;
    }
  }
  if (!high) {
    if (hasIso2022jpEscape(bytes)) return decodeIso2022jp(bytes);
    return new TextDecoder("utf-8").decode(bytes);
  }
  const utf8 = tryDecodeFatal(bytes, "utf-8");
  if (utf8 !== undefined) return utf8;
  const sjis = tryDecodeFatal(bytes, "shift_jis");
  const euc = tryDecodeFatal(bytes, "euc-jp");
  if (sjis !== undefined && euc !== undefined) return japaneseScore(euc) > japaneseScore(sjis) ? euc : sjis;
  if (sjis !== undefined) return sjis;
  if (euc !== undefined) return euc;
  return decodeWindows1252(bytes);
}

/** Decodes with the declared charset, replacing invalid bytes with U+FFFD. An unknown label decodes as UTF-8; an
 * ASCII label (or none) gets the unlabelled guess because such mail often carries undeclared 8-bit text. */
export function decodeWithCharset(bytes: Uint8Array, label: string | undefined): string {
  const norm = normalizeCharsetLabel(label ?? "");
  if (ASCII_LABELS.has(norm)) return decodeUnlabelled(bytes);
  const decoder = newDecoder(norm, false);
  if (!decoder) return new TextDecoder("utf-8").decode(bytes);
  if (decoder.encoding === "iso-2022-jp") return decodeIso2022jp(bytes);
  if (decoder.encoding === "windows-1252") return decodeWindows1252(bytes);
  return decoder.decode(bytes);
}
