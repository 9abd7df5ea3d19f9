import { describe, expect, it } from "vitest";
import { sevenBitField } from "../../../../src/core/mime/build/encode-header-field.js";
import { prepareEntity } from "../../../../src/core/mime/build/prepare-entity.js";
import { isTransportSafe } from "../../../../src/core/mime/build/transport-safe.js";
import { getHeader, mailboxesOf, parseAddressList, parseMessage } from "../../../../src/core/mime/index.js";
import { bytes, latin1, utf8Latin1 } from "../helpers.js";

/** Parses `field` + body, rewrites the field and parses the result again. */
function rewrite(field: string): { text: string; reparsed: ReturnType<typeof parseMessage> } {
  const part = parseMessage(bytes(`${field}\r\n\r\nbody\r\n`));
  const out = sevenBitField(part.source, part.headers[0]!);
  if (out === null) throw new Error("not rewritten");
  return { text: out, reparsed: parseMessage(bytes(`${out}\r\nbody\r\n`)) };
}

describe("sevenBitField", () => {
  it("leaves 7-bit fields alone", () => {
    const part = parseMessage(bytes("Subject: =?UTF-8?B?5pel5pys?=\r\n\r\n"));
    expect(sevenBitField(part.source, part.headers[0]!)).toBeNull();
  });

  it.each([
    ["a short UTF-8 file name", "日本語の資料.pdf"],
    ["a long UTF-8 file name", `${"とても長いファイル名".repeat(8)}.xlsx`],
    ["a name with quotes and spaces", 'a "quoted" 名前 here.txt'],
  ])("writes Content-Disposition parameters of %s as RFC 2231 values with a fallback", (_name, filename) => {
    const { text, reparsed } = rewrite(`Content-Disposition: attachment; filename="${utf8Latin1(filename).replace(/"/g, '\\"')}"; size=1234`);
    expect(isTransportSafe(bytes(text))).toBe(true);
    for (const line of text.split("\r\n")) expect(line.length).toBeLessThanOrEqual(78);
    expect(text).toMatch(/^Content-Disposition: attachment;\r\n filename="=\?UTF-8\?B\?/);
    expect(text).toMatch(/filename\*(0\*)?=UTF-8''/);
    const cd = getHeader(reparsed, "content-disposition")!;
    expect(cd.rawValue.startsWith("attachment;")).toBe(true);
    const params = parseMessage(bytes(`Content-Type: x/y; ${cd.rawValue.slice("attachment;".length)}\r\n\r\n`)).contentType.params;
    expect(params["filename"]).toBe(filename);
    expect(params["size"]).toBe("1234");
  });

  it("keeps the type, boundary and other parameters of a Content-Type", () => {
    const { text, reparsed } = rewrite(`Content-Type: application/pdf; name="${utf8Latin1("報告書.pdf")}"; x-mac-type="PDF "`);
    expect(isTransportSafe(bytes(text))).toBe(true);
    expect(reparsed.contentType).toEqual({ type: "application", subtype: "pdf", params: expect.objectContaining({ name: "報告書.pdf", "x-mac-type": "PDF " }) });
  });

  it.each([
    ["UTF-8", utf8Latin1("会議 の 件 re: 資料")],
    ["Shift_JIS", latin1(new Uint8Array([0x89, 0xef, 0x8b, 0x63, 0x20, 0x52, 0x65]))],
  ])("writes an unstructured field in %s as encoded words that decode to the same text", (_name, raw) => {
    const { text, reparsed } = rewrite(`Subject: Fwd: ${raw}`);
    expect(isTransportSafe(bytes(text))).toBe(true);
    const original = parseMessage(bytes(`Subject: Fwd: ${raw}\r\n\r\n`));
    expect(getHeader(reparsed, "subject")!.value).toBe(getHeader(original, "subject")!.value);
  });

  it("encodes only the display name of an address field", () => {
    const { text, reparsed } = rewrite(`From: ${utf8Latin1("山田 太郎")} <taro@example.jp>`);
    expect(text).toMatch(/<taro@example\.jp>\r\n$/);
    const [mailbox] = mailboxesOf(parseAddressList(getHeader(reparsed, "from")!.rawValue));
    expect(mailbox).toMatchObject({ name: "山田 太郎", address: "taro@example.jp" });
  });
});

describe("prepareEntity with 8-bit header fields", () => {
  it("rewrites them inside the entity, at any depth, and keeps 7-bit ones byte for byte", () => {
    const input = bytes(
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n--b\r\n" +
        `Content-Type: application/pdf; name="${utf8Latin1("報告書.pdf")}"\r\nContent-Transfer-Encoding: base64\r\n` +
        `Content-Disposition: attachment; filename="${utf8Latin1("報告書.pdf")}"\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n`,
    );
    const result = prepareEntity(parseMessage(input));
    if (!result.ok) throw new Error(result.detail);
    expect(isTransportSafe(result.entity)).toBe(true);
    const out = latin1(result.entity);
    expect(out.startsWith("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n")).toBe(true);
    const attachment = parseMessage(result.entity).children[1]!;
    expect(attachment.contentType.params["name"]).toBe("報告書.pdf");
    expect(getHeader(attachment, "content-transfer-encoding")!.rawValue).toBe("base64");
    expect(out).toContain("JVBERi0xLjQK\r\n--b--\r\n");
  });
});

describe("prepareEntity with an 8-bit boundary", () => {
  it("keeps the multipart readable when its Content-Type is rewritten", () => {
    const boundary = "b\xe9b";
    const input = bytes(`Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`);
    const result = prepareEntity(parseMessage(input));
    if (!result.ok) throw new Error(result.detail);
    const reparsed = parseMessage(result.entity);
    expect(reparsed.contentType.params["boundary"]).toBe(boundary);
    expect(reparsed.children).toHaveLength(1);
    expect(reparsed.defects).toEqual([]);
  });
});
