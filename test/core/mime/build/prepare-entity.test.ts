/**
 * prepareEntity: whatever goes in, what comes out is transport-safe and canonical, says the same thing (every
 * part decodes to the same content, headers other than Content-Transfer-Encoding unchanged), and what was already
 * safe is passed on byte for byte.
 */
import { describe, expect, it } from "vitest";
import { prepareEntity } from "../../../../src/core/mime/build/prepare-entity.js";
import { isTransportSafe } from "../../../../src/core/mime/build/transport-safe.js";
import { decodeBody, parseMessage, toCanonicalCRLF, type MimePart } from "../../../../src/core/mime/index.js";
import { bytes, latin1, utf8Latin1 } from "../helpers.js";

const JA = utf8Latin1("日本語のテキストです。\r\n二行目。\r\n");
const BINARY = latin1(Uint8Array.from({ length: 512 }, (_, i) => (i * 13) & 255));
const B64_ATTACHMENT =
  "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\r\n";

interface EntityCase {
  readonly name: string;
  readonly input: string;
  /** Transfer encodings of the leaves, depth first. */
  readonly leaves: readonly string[];
  /** The output is the input itself (no copy). */
  readonly unchanged?: boolean;
  /** The output equals this text exactly. */
  readonly output?: string;
}

const CASES: readonly EntityCase[] = [
  {
    name: "clean CRLF text is passed on as is",
    input: "Content-Type: text/plain; charset=us-ascii\r\n\r\nHello.\r\n",
    leaves: ["7bit"],
    unchanged: true,
  },
  {
    name: "a clean multipart with a base64 attachment is passed on as is",
    input: `Content-Type: multipart/mixed; boundary=b\r\n\r\npreamble\r\n--b\r\nContent-Type: text/plain\r\n\r\nHi\r\n--b\r\n${B64_ATTACHMENT}--b--\r\nepilogue\r\n`,
    leaves: ["7bit", "base64"],
    unchanged: true,
  },
  {
    name: "LF line ends become CRLF",
    input: "Content-Type: text/plain\n\nline 1\nline 2\n",
    leaves: ["7bit"],
    output: "Content-Type: text/plain\r\n\r\nline 1\r\nline 2\r\n",
  },
  {
    name: "8-bit text becomes quoted-printable",
    input: `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\nContent-Language: ja\r\n\r\n${JA}`,
    leaves: ["quoted-printable"],
  },
  {
    name: "ASCII text labelled 8bit is relabelled 7bit, body kept",
    input: "Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\nplain ASCII\r\n",
    leaves: ["7bit"],
    output: "Content-Type: text/plain\r\nContent-Transfer-Encoding: 7bit\r\n\r\nplain ASCII\r\n",
  },
  {
    name: "an ASCII file labelled binary becomes base64, its LF line ends kept",
    input: "Content-Type: application/x-sh\r\nContent-Transfer-Encoding: binary\r\n\r\n#!/bin/sh\necho hi\n",
    leaves: ["base64"],
  },
  {
    name: "a binary attachment becomes base64",
    input: `Content-Type: multipart/mixed; boundary="b b"\r\n\r\n--b b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: binary\r\nContent-Disposition: attachment; filename="x.png"\r\n\r\n${BINARY}\r\n--b b--\r\n`,
    leaves: ["base64"],
  },
  {
    name: "base64 written as one overlong line is re-wrapped",
    input: `Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(BINARY, "latin1").toString("base64")}\r\n`,
    leaves: ["base64"],
  },
  {
    name: "8-bit text wrongly labelled 7bit becomes quoted-printable",
    input: `Content-Type: text/plain; charset=utf-8\r\n\r\n${JA}`,
    leaves: ["quoted-printable"],
  },
  {
    name: "an overlong ASCII line becomes quoted-printable",
    input: `Content-Type: text/plain\r\n\r\n${"word ".repeat(300)}\r\n`,
    leaves: ["quoted-printable"],
  },
  {
    name: "8-bit text inside a forwarded message (message/rfc822 labelled 8bit)",
    input: `Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n\r\nSubject: fwd\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${JA}\r\n--o--\r\n`,
    leaves: ["quoted-printable"],
  },
  {
    name: "8-bit HTML in a nested multipart/alternative",
    input: `Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n--i\r\nContent-Type: text/plain\r\n\r\nplain\r\n--i\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<p>${JA}</p>\r\n--i--\r\n\r\n--o\r\n${B64_ATTACHMENT}--o--\r\n`,
    leaves: ["7bit", "quoted-printable", "base64"],
  },
  {
    name: "an 8-bit preamble is dropped, a clean epilogue kept",
    input: `Content-Type: multipart/mixed; boundary=b\r\n\r\n${JA}--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\nbye\r\n`,
    leaves: ["7bit"],
    output: "Content-Type: multipart/mixed; boundary=b\r\n\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\nbye\r\n",
  },
  {
    name: "a missing close delimiter is added",
    input: `Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${JA}`,
    leaves: ["quoted-printable"],
  },
  {
    name: "8-bit UTF-16 text becomes base64 without touching its line ends",
    input: `Content-Type: text/plain; charset=utf-16le\r\nContent-Transfer-Encoding: binary\r\n\r\n${latin1(new Uint8Array(Buffer.from("行\n", "utf16le")))}`,
    leaves: ["base64"],
  },
  {
    name: "no headers at all: the default type is written out",
    input: "\r\nJust text.\r\n",
    leaves: ["7bit"],
    output: "Content-Type: text/plain; charset=us-ascii\r\n\r\nJust text.\r\n",
  },
];

function leaves(part: MimePart, out: MimePart[] = []): MimePart[] {
  if (part.children.length === 0) out.push(part);
  for (const c of part.children) leaves(c, out);
  return out;
}

function isText(part: MimePart): boolean {
  return part.contentType.type === "text" && !/^utf-16/.test(part.contentType.params["charset"] ?? "");
}

describe("prepareEntity", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const input = bytes(c.input);
    const result = prepareEntity(parseMessage(input));
    if (!result.ok) throw new Error(result.detail);
    const out = result.entity;
    expect(isTransportSafe(out)).toBe(true);
    expect(latin1(out)).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    if (c.unchanged) {
      expect(out.buffer).toBe(input.buffer);
      expect(latin1(out)).toBe(c.input);
    }
    if (c.output !== undefined) expect(latin1(out)).toBe(c.output);

    const before = leaves(parseMessage(input));
    const after = leaves(parseMessage(out));
    expect(after.map((p) => p.transferEncoding)).toEqual(c.leaves);
    expect(after.map((p) => `${p.contentType.type}/${p.contentType.subtype}`)).toEqual(before.map((p) => `${p.contentType.type}/${p.contentType.subtype}`));
    before.forEach((b, i) => {
      const a = after[i]!;
      const was = isText(b) ? toCanonicalCRLF(decodeBody(b)) : decodeBody(b);
      expect(Buffer.from(decodeBody(a)).equals(Buffer.from(was)), `leaf ${i}`).toBe(true);
      const fields = (p: MimePart): string[] => p.headers.filter((h) => h.name.toLowerCase() !== "content-transfer-encoding").map((h) => `${h.name}:${h.rawValue}`);
      if (b.headers.length > 0) expect(fields(a)).toEqual(fields(b));
    });
  });

  it("writes only the chosen top-level fields", () => {
    const root = parseMessage(bytes("From: a@example.jp\r\nContent-Type: text/plain\r\nSubject: s\r\nMIME-Version: 1.0\r\n\r\nbody\r\n"));
    const fields = root.headers.filter((h) => h.name !== "From" && h.name !== "Subject");
    const result = prepareEntity(root, { fields });
    expect(result.ok && latin1(result.entity)).toBe("Content-Type: text/plain\r\nMIME-Version: 1.0\r\n\r\nbody\r\n");
  });

  it.each([
    ["8-bit data in an unknown transfer encoding", "Content-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n\xff\r\n"],
    ["a multipart without a boundary holding 8-bit data", "Content-Type: multipart/mixed\r\n\r\n\xff\r\n"],
    [
      "a message nested deeper than the parser reads",
      `${Array.from({ length: 40 }, (_, i) => `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n`).join("")}Content-Type: text/plain\r\n\r\nx\r\n`,
    ],
  ])("refuses %s", (_name, input) => {
    const result = prepareEntity(parseMessage(bytes(input)));
    expect(result.ok).toBe(false);
  });

  it("passes a large clean message on as a view of the input", () => {
    const line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n";
    const head = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\n";
    const text = `${head}Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${line.repeat(40_000)}--b--\r\n`;
    const input = new Uint8Array(Buffer.from(text, "latin1"));
    const result = prepareEntity(parseMessage(input));
    if (!result.ok) throw new Error(result.detail);
    expect(result.entity.buffer === input.buffer).toBe(true);
    expect(result.entity.byteLength).toBe(input.byteLength);
  });
});
