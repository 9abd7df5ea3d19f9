import { describe, expect, it } from "vitest";
import { decodeEncodedWords, decodeHeaderValue, decodeRawHeaderText } from "../../../src/core/mime/index.js";
import { latin1, utf8Latin1 } from "./helpers.js";

/** 日本語 in the Japanese mail encodings. */
const JIS = [0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x38, 0x6c, 0x1b, 0x28, 0x42];
const SJIS = [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea];
const EUCJP = [0xc6, 0xfc, 0xcb, 0xdc, 0xb8, 0xec];
const UTF8 = Array.from(new TextEncoder().encode("日本語"));

function b64(bytes: readonly number[]): string {
  return Buffer.from(bytes).toString("base64");
}

function q(bytes: readonly number[]): string {
  return bytes.map((b) => `=${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
}

describe("decodeEncodedWords", () => {
  it.each([
    ["UTF-8 B", `=?UTF-8?B?${b64(UTF8)}?=`, "日本語"],
    ["UTF-8 Q", `=?utf-8?q?${q(UTF8)}?=`, "日本語"],
    ["ISO-2022-JP B", `=?ISO-2022-JP?B?${b64(JIS)}?=`, "日本語"],
    ["ISO-2022-JP Q", `=?iso-2022-jp?Q?${q(JIS)}?=`, "日本語"],
    ["Shift_JIS B", `=?Shift_JIS?B?${b64(SJIS)}?=`, "日本語"],
    ["cp932 alias", `=?CP932?B?${b64(SJIS)}?=`, "日本語"],
    ["EUC-JP B", `=?EUC-JP?B?${b64(EUCJP)}?=`, "日本語"],
    ["RFC 2231 language suffix", `=?UTF-8*ja?B?${b64(UTF8)}?=`, "日本語"],
    ["Q underscore is a space", "=?iso-8859-1?q?caf=E9_au_lait?=", "café au lait"],
    ["adjacent words lose the white space between them", "=?UTF-8?Q?a?= \r\n =?UTF-8?Q?b?=", "ab"],
    ["adjacent words in different charsets", "=?UTF-8?Q?a?= =?ISO-8859-1?Q?=E9?=", "aé"],
    ["text between words is kept", "=?UTF-8?Q?a?= x =?UTF-8?Q?b?=", "a x b"],
    ["white space next to plain text is kept", "Re: =?UTF-8?Q?a?= b", "Re: a b"],
    [
      "ISO-2022-JP split inside a JIS sequence across two words",
      `=?ISO-2022-JP?B?${b64(JIS.slice(0, 7))}?= =?ISO-2022-JP?B?${b64(JIS.slice(7))}?=`,
      "日本語",
    ],
    [
      "ISO-2022-JP words that each switch back to ASCII",
      `=?ISO-2022-JP?B?${b64([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x1b, 0x28, 0x42])}?= ` +
        `=?ISO-2022-JP?B?${b64([0x1b, 0x24, 0x42, 0x4b, 0x5c, 0x38, 0x6c, 0x1b, 0x28, 0x42])}?=`,
      "日本語",
    ],
    [
      "UTF-8 character split across two words",
      `=?UTF-8?B?${b64(UTF8.slice(0, 4))}?= =?UTF-8?B?${b64(UTF8.slice(4))}?=`,
      "日本語",
    ],
    ["unknown charset decodes as UTF-8", `=?x-unknown?B?${b64(UTF8)}?=`, "日本語"],
    ["malformed encoding letter is left alone", "=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="],
    ["unterminated word is left alone", "=?UTF-8?Q?abc", "=?UTF-8?Q?abc"],
    ["plain text", "hello world", "hello world"],
  ])("%s", (_name, input, expected) => {
    expect(decodeEncodedWords(input)).toBe(expected);
  });
});

describe("raw header bytes", () => {
  it.each([
    ["UTF-8", latin1(Uint8Array.from(UTF8)), "日本語"],
    ["Shift_JIS", latin1(Uint8Array.from(SJIS)), "日本語"],
    ["EUC-JP", latin1(Uint8Array.from(EUCJP)), "日本語"],
    ["ISO-2022-JP (ESC $ B ... ESC ( B)", latin1(Uint8Array.from(JIS)), "日本語"],
    ["ISO-2022-JP with ESC $ @ and ESC ( J", "\x1b$@F|K\\8l\x1b(J", "日本語"],
    ["latin1 when nothing else fits", "caf\xe9 cr\xe8me", "café crème"],
    ["ASCII unchanged", "plain", "plain"],
    ["already decoded text unchanged", "日本語", "日本語"],
  ])("%s", (_name, raw, expected) => {
    expect(decodeRawHeaderText(raw)).toBe(expected);
  });

  it("decodeHeaderValue handles raw bytes and encoded words in one value", () => {
    expect(decodeHeaderValue(`${utf8Latin1("件名")}: =?ISO-2022-JP?B?${b64(JIS)}?=`)).toBe("件名: 日本語");
    expect(decodeHeaderValue(`\x1b$BF|K\\8l\x1b(B =?UTF-8?B?${b64(UTF8)}?=`)).toBe("日本語 日本語");
  });
});
