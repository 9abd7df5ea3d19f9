import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { octetStringValue, parseDer, toHex } from "../../../src/core/cms/der.js";

function octetNode(bytes: number[]): asn1js.OctetString {
  const parsed = parseDer(new Uint8Array(bytes));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.node as asn1js.OctetString;
}

describe("octetStringValue", () => {
  it.each([
    ["primitive", [0x04, 0x03, 0x61, 0x62, 0x63], "abc"],
    ["constructed, definite length", [0x24, 0x08, 0x04, 0x01, 0x61, 0x04, 0x03, 0x62, 0x63, 0x64], "abcd"],
    ["constructed, indefinite length", [0x24, 0x80, 0x04, 0x01, 0x61, 0x04, 0x01, 0x62, 0x00, 0x00], "ab"],
    ["nested constructed pieces", [0x24, 0x80, 0x24, 0x80, 0x04, 0x01, 0x61, 0x00, 0x00, 0x04, 0x01, 0x62, 0x00, 0x00], "ab"],
  ])("joins a %s OCTET STRING", (_name, bytes, text) => {
    expect(new TextDecoder().decode(octetStringValue(octetNode(bytes))!)).toBe(text);
  });

  it("asn1js itself refuses a constructed OCTET STRING holding other types", () => {
    expect(parseDer(new Uint8Array([0x24, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00])).ok).toBe(false);
  });
});

describe("toHex", () => {
  it("writes every byte as two lower-case digits", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toHex(all)).toBe(Buffer.from(all).toString("hex"));
    expect(toHex(new Uint8Array(0))).toBe("");
    expect(toHex(all.subarray(250, 253))).toBe("fafbfc");
  });
});
