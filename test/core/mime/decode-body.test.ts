import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeBody, decodeBodyWithHeadroom, decodeText, parseMessage, type MimePart } from "../../../src/core/mime/index.js";
import { bytes, latin1, utf8Latin1 } from "./helpers.js";

function part(cte: string | undefined, body: string, contentType = "application/octet-stream"): MimePart {
  const cteLine = cte === undefined ? "" : `Content-Transfer-Encoding: ${cte}\r\n`;
  return parseMessage(bytes(`Content-Type: ${contentType}\r\n${cteLine}\r\n${body}`));
}

describe("base64", () => {
  it.each([
    ["padded", "SGVsbG8=", "Hello"],
    ["missing padding", "SGVsbG8", "Hello"],
    ["two missing pad chars", "SGk", "Hi"],
    ["one byte left", "QQ", "A"],
    ["lone sextet is dropped", "SGVsbG8gQ", "Hello "],
    ["wrapped CRLF", "SGVs\r\nbG8g\r\nd29y\r\nbGQ=\r\n", "Hello world"],
    ["wrapped LF with blanks", " SGVs \n\tbG8=\n", "Hello"],
    ["invalid characters are skipped", "SG*Vs!bG~8=", "Hello"],
    ["padding in the middle is skipped", "SGV=sbG8=", "Hello"],
    ["empty", "", ""],
    ["only garbage", "!!!\r\n", ""],
  ])("%s", (_name, encoded, expected) => {
    expect(latin1(decodeBody(part("base64", encoded)))).toBe(expected);
  });

  it("round-trips random data at every length mod 3, wrapped at 76", () => {
    for (const n of [0, 1, 2, 3, 1000, 1001, 1002, 65537]) {
      const data = randomBytes(n);
      const wrapped = data.toString("base64").replace(/.{76}/g, "$&\r\n");
      expect(Buffer.from(decodeBody(part("base64", wrapped))).equals(data)).toBe(true);
    }
  });
});

describe("decodeBodyWithHeadroom", () => {
  it("the decoded body, with the room asked for unused in front of it in the same buffer", () => {
    const data = randomBytes(1001);
    const encoded = part("base64", data.toString("base64").replace(/.{76}/g, "$&\r\n"));
    const decoded = decodeBodyWithHeadroom(encoded, 37);
    expect(decoded).not.toBeNull();
    expect(Buffer.from(decoded!).equals(data)).toBe(true);
    expect(decoded!.byteOffset).toBe(37);
    expect(decoded!.buffer).not.toBe(encoded.source.buffer);
  });

  it.each(["7bit", "binary", "quoted-printable", undefined])("null for %s, whose body is no buffer of its own to write over", (cte) => {
    expect(decodeBodyWithHeadroom(part(cte, "body"), 10)).toBeNull();
  });
});

describe("quoted-printable", () => {
  it.each([
    ["hex escapes", "a=3Db=0D=0Ac", "a=b\r\nc"],
    ["lower-case hex", "a=3db", "a=b"],
    ["soft line break CRLF", "abc=\r\ndef", "abcdef"],
    ["soft line break LF", "abc=\ndef", "abcdef"],
    ["soft line break with transport padding", "abc= \t\r\ndef", "abcdef"],
    ["soft line break at the end", "abc=", "abc"],
    ["trailing blanks on a hard line are dropped", "abc \t\r\ndef  \ngh  ", "abc\r\ndef\ngh"],
    ["inner blanks are kept", "a  b\t c", "a  b\t c"],
    ["malformed escapes are kept", "a=ZZb=4", "a=ZZb=4"],
    ["equals followed by text", "a= b", "a= b"],
    ["UTF-8 bytes", "=E6=97=A5=E6=9C=AC", utf8Latin1("日本")],
  ])("%s", (_name, encoded, expected) => {
    expect(latin1(decodeBody(part("quoted-printable", encoded)))).toBe(expected);
  });
});

describe("identity encodings", () => {
  it.each([[undefined], ["7bit"], ["8bit"], ["binary"], ["x-unknown"]])("%s returns a view, not a copy", (cte) => {
    const p = part(cte, "raw \x00\xff bytes");
    const body = decodeBody(p);
    expect(latin1(body)).toBe("raw \x00\xff bytes");
    expect(body.buffer).toBe(p.source.buffer);
  });
});

describe("decodeText", () => {
  const NIHONGO = {
    utf8: utf8Latin1("日本語"),
    sjis: "\x93\xfa\x96\x7b\x8c\xea",
    eucjp: "\xc6\xfc\xcb\xdc\xb8\xec",
    jis: "\x1b$BF|K\\8l\x1b(B",
  };
  it.each([
    ["utf-8", NIHONGO.utf8, "日本語"],
    ["UTF-8", NIHONGO.utf8, "日本語"],
    ['"utf-8"', NIHONGO.utf8, "日本語"],
    ["iso-2022-jp", NIHONGO.jis, "日本語"],
    ["shift_jis", NIHONGO.sjis, "日本語"],
    ["x-sjis", NIHONGO.sjis, "日本語"],
    ["cp932", NIHONGO.sjis, "日本語"],
    ["windows-31j", NIHONGO.sjis, "日本語"],
    ["euc-jp", NIHONGO.eucjp, "日本語"],
    ["iso-8859-1", "caf\xe9", "café"],
    ["iso-8859-15", "\xa4", "€"],
    ["windows-1252", "\x80", "€"],
    ["windows-1252", "\x93quoted\x94 \x96 dash", "\u201cquoted\u201d \u2013 dash"],
    ["iso-8859-1", "\x92", "\u2019"],
    ["koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", "Привет"],
    ["x-unknown-charset", NIHONGO.utf8, "日本語"],
    ["utf-7", "abc", "abc"],
    ["utf-8", "bad \xff byte", "bad \ufffd byte"],
  ])("charset=%s", (charset, body, expected) => {
    expect(decodeText(part(undefined, body, `text/plain; charset=${charset}`))).toBe(expected);
  });

  it.each([
    ["UTF-8", NIHONGO.utf8],
    ["Shift_JIS", NIHONGO.sjis],
    ["EUC-JP", NIHONGO.eucjp],
    ["ISO-2022-JP", NIHONGO.jis],
  ])("guesses %s when no charset is declared", (_name, body) => {
    expect(decodeText(part(undefined, body, "text/plain"))).toBe("日本語");
    expect(decodeText(part(undefined, body, "text/plain; charset=us-ascii"))).toBe("日本語");
  });

  it("applies the transfer encoding first", () => {
    const b64 = Buffer.from(NIHONGO.sjis, "latin1").toString("base64");
    expect(decodeText(part("base64", b64, "text/plain; charset=Shift_JIS"))).toBe("日本語");
    expect(decodeText(part("quoted-printable", "=1B$BF|K\\8l=1B(B", "text/plain; charset=ISO-2022-JP"))).toBe("日本語");
  });
});
