import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { MAX_ASN1_DEPTH } from "../../../src/core/cms/der.js";
import { timeValue } from "../../../src/core/cms/read-signer-info.js";
import { childrenOf, octetStringContents, oidText, readTlv, tlvBudget, TlvError, type Tlv } from "../../../src/core/cms/tlv.js";

function read(bytes: number[]): { bytes: Uint8Array; tlv: Tlv } {
  const b = new Uint8Array(bytes);
  return { bytes: b, tlv: readTlv(b, 0, b.byteLength, tlvBudget()) };
}

function readError(bytes: number[]): string {
  try {
    read(bytes);
  } catch (e) {
    if (e instanceof TlvError) return e.message;
    throw e;
  }
  return "no error";
}

describe("readTlv", () => {
  it("reads short and long definite lengths", () => {
    expect(read([0x04, 0x02, 0xaa, 0xbb]).tlv).toMatchObject({ tagClass: 0, constructed: false, tagNumber: 4, contentStart: 2, contentEnd: 4, end: 4 });
    const long = [0x04, 0x81, 0x80, ...new Array<number>(128).fill(1)];
    expect(read(long).tlv).toMatchObject({ contentStart: 3, contentEnd: 131, end: 131 });
  });

  it("reads high tag numbers and context-specific constructed tags", () => {
    expect(read([0xbf, 0x81, 0x00, 0x00]).tlv).toMatchObject({ tagClass: 2, constructed: true, tagNumber: 128 });
    expect(read([0xa0, 0x00]).tlv).toMatchObject({ tagClass: 2, constructed: true, tagNumber: 0 });
  });

  it("resolves nested indefinite lengths to their end-of-contents octets", () => {
    const { bytes, tlv } = read([0x30, 0x80, 0x24, 0x80, 0x04, 0x01, 0x61, 0x00, 0x00, 0x02, 0x01, 0x05, 0x00, 0x00]);
    expect(tlv).toMatchObject({ contentStart: 2, contentEnd: 12, end: 14 });
    expect(childrenOf(bytes, tlv, tlvBudget()).map((c) => c.tagNumber)).toEqual([4, 2]);
  });

  it.each([
    ["an empty input", [], /should start/],
    ["a primitive value with an indefinite length", [0x04, 0x80, 0x00, 0x00], /indefinite/],
    ["a length past the end", [0x04, 0x05, 0x01], /runs past/],
    ["a long length past the end", [0x04, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x00], /runs past/],
    ["five length octets", [0x04, 0x85, 0, 0, 0, 0, 1, 0], /too large/],
    ["the reserved length octet", [0x04, 0xff], /too large/],
    ["a truncated high tag", [0x1f, 0x81], /inside a tag/],
    ["a missing end-of-contents", [0x30, 0x80, 0x02, 0x01, 0x05], /ends where a value should start/],
    ["a child running past its indefinite parent", [0x30, 0x80, 0x02, 0x05, 0x05], /runs past/],
  ])("refuses %s", (_name, bytes, error) => {
    expect(readError(bytes)).toMatch(error);
  });

  it("refuses nesting deeper than the limit without exhausting the stack", () => {
    const deep = [...new Array<number[]>(MAX_ASN1_DEPTH + 2).fill([0x30, 0x80]).flat(), ...new Array<number>((MAX_ASN1_DEPTH + 2) * 2).fill(0)];
    expect(readError(deep)).toMatch(/deeper/);
  });

  it("counts every value read against one budget", () => {
    const many = new Uint8Array([0x30, 0x80, ...new Array<number[]>(50).fill([0x05, 0x00]).flat(), 0x00, 0x00]);
    expect(() => readTlv(many, 0, many.byteLength, { nodes: 10 })).toThrow(TlvError);
    expect(readTlv(many, 0, many.byteLength, { nodes: 60 }).end).toBe(many.byteLength);
  });
});

describe("oidText", () => {
  it.each(["1.2.840.113549.1.7.2", "2.5.29.14", "0.9.2342.19200300.100.1.25", "2.999.3", "1.3.6.1.4.1.311.60.2.1.3"])("decodes %s as asn1js encodes it", (oid) => {
    const der = new Uint8Array(new asn1js.ObjectIdentifier({ value: oid }).toBER(false));
    const b = new Uint8Array(der);
    expect(oidText(b, readTlv(b, 0, b.byteLength, tlvBudget()))).toBe(oid);
  });

  it.each([
    ["empty", [0x06, 0x00]],
    ["an arc with a leading 0x80", [0x06, 0x02, 0x80, 0x01]],
    ["an unfinished arc", [0x06, 0x02, 0x2a, 0x86]],
  ])("refuses %s", (_name, bytes) => {
    const { bytes: b, tlv } = read(bytes);
    expect(() => oidText(b, tlv)).toThrow(TlvError);
  });
});

describe("octetStringContents", () => {
  it.each([
    ["primitive", [0x04, 0x03, 0x61, 0x62, 0x63], "abc"],
    ["constructed, definite length", [0x24, 0x08, 0x04, 0x01, 0x61, 0x04, 0x03, 0x62, 0x63, 0x64], "abcd"],
    ["constructed, indefinite length", [0x24, 0x80, 0x04, 0x01, 0x61, 0x04, 0x01, 0x62, 0x00, 0x00], "ab"],
    ["nested constructed pieces", [0x24, 0x80, 0x24, 0x80, 0x04, 0x01, 0x61, 0x00, 0x00, 0x04, 0x01, 0x62, 0x00, 0x00], "ab"],
  ])("joins a %s OCTET STRING", (_name, bytes, text) => {
    const { bytes: b, tlv } = read(bytes);
    expect(new TextDecoder().decode(octetStringContents(b, tlv, tlvBudget())!)).toBe(text);
  });

  it("refuses a constructed OCTET STRING holding another type (X.690 §8.7.3)", () => {
    const { bytes: b, tlv } = read([0x24, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00]);
    expect(octetStringContents(b, tlv, tlvBudget())).toBeNull();
  });
});

describe("timeValue", () => {
  const time = (tag: number, text: string): Date | null => {
    const b = new Uint8Array([tag, text.length, ...Array.from(text, (c) => c.charCodeAt(0))]);
    return timeValue(b, readTlv(b, 0, b.byteLength, tlvBudget()));
  };
  it.each([
    [23, "491231235959Z", "2049-12-31T23:59:59.000Z"],
    [23, "500101000000Z", "1950-01-01T00:00:00.000Z"],
    [23, "2501020304Z", "2025-01-02T03:04:00.000Z"],
    [23, "250102090000+0900", "2025-01-02T00:00:00.000Z"],
    [24, "20240229120000Z", "2024-02-29T12:00:00.000Z"],
    [24, "20240229120000.5Z", "2024-02-29T12:00:00.500Z"],
    [24, "20240101000000-0130", "2024-01-01T01:30:00.000Z"],
  ])("reads tag %i %s", (tag, text, iso) => {
    expect(time(tag, text)?.toISOString()).toBe(iso);
  });

  it.each([
    [23, "250231000000Z"],
    [23, "251301000000Z"],
    [23, "250101240000Z"],
    [23, "250101000000"],
    [24, "20230229120000Z"],
    [24, "2024022912Z"],
    [4, "250101000000Z"],
  ])("refuses tag %i %s", (tag, text) => {
    expect(time(tag, text)).toBeNull();
  });
});
