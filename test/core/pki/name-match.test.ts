import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describe, expect, it } from "vitest";
import { sameName } from "../../../src/core/pki/name-match.js";

type Value = asn1js.AsnType;
type Attribute = readonly [oid: string, value: Value];

const CN = "2.5.4.3";
const O = "2.5.4.10";
const C = "2.5.4.6";

const utf8 = (s: string) => new asn1js.Utf8String({ value: s });
const printable = (s: string) => new asn1js.PrintableString({ value: s });
const bmp = (s: string) => new asn1js.BmpString({ value: s });
const ia5 = (s: string) => new asn1js.IA5String({ value: s });

/** A name as it arrives in a certificate: encoded, then parsed, so that it keeps its encoding. */
function name(...attributes: readonly Attribute[]): pkijs.RelativeDistinguishedNames {
  const der = new asn1js.Sequence({
    value: attributes.map(
      ([oid, value]) => new asn1js.Set({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), value] })] }),
    ),
  }).toBER(false);
  return pkijs.RelativeDistinguishedNames.fromBER(der);
}

/** Both answers, which must agree: pkijs's comparison is the reference. */
function compare(a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames): boolean {
  const ours = sameName(a, b);
  expect(ours, "sameName must answer as pkijs's isEqual").toBe(a.isEqual(b));
  expect(sameName(b, a)).toBe(ours);
  return ours;
}

describe("sameName", () => {
  it("matches a name encoded the same way", () => {
    expect(compare(name([C, printable("JP")], [O, utf8("Inkan")], [CN, utf8("Inkan Test CA")]), name([C, printable("JP")], [O, utf8("Inkan")], [CN, utf8("Inkan Test CA")]))).toBe(true);
  });

  it("matches the same text in another string type, case or spacing, as X.500 compares names", () => {
    expect(compare(name([CN, utf8("Inkan Test CA")]), name([CN, printable("Inkan Test CA")]))).toBe(true);
    expect(compare(name([CN, utf8("Inkan Test CA")]), name([CN, bmp("inkan test ca")]))).toBe(true);
    expect(compare(name([CN, utf8(" Inkan  Test   CA ")]), name([CN, ia5("INKAN TEST CA")]))).toBe(true);
    expect(compare(name([CN, utf8("山田  太郎")]), name([CN, bmp("山田 太郎")]))).toBe(true);
  });

  it("matches canonically equivalent Unicode (composed and decomposed accents)", () => {
    expect(compare(name([CN, utf8("Ren\u00e9")]), name([CN, utf8("Rene\u0301")]))).toBe(true);
  });

  it("tells different names apart", () => {
    expect(compare(name([CN, utf8("Inkan Test CA")]), name([CN, utf8("Inkan Test CA 2")]))).toBe(false);
    expect(compare(name([CN, utf8("Inkan Test CA")]), name([O, utf8("Inkan Test CA")]))).toBe(false);
    expect(compare(name([CN, utf8("Inkan")], [O, utf8("Inkan")]), name([CN, utf8("Inkan")]))).toBe(false);
    expect(compare(name([C, printable("JP")], [CN, utf8("A")]), name([CN, utf8("A")], [C, printable("JP")]))).toBe(false);
    expect(compare(name([CN, utf8("Ren\u00e9")]), name([CN, utf8("Rene")]))).toBe(false);
    expect(compare(name([CN, utf8("山田 太郎")]), name([CN, utf8("山田 次郎")]))).toBe(false);
  });

  it("compares values that are not strings byte for byte, and never equal to a string", () => {
    const octets = (bytes: number[]) => new asn1js.OctetString({ valueHex: new Uint8Array(bytes).buffer });
    expect(compare(name([CN, octets([1, 2, 3])]), name([CN, octets([1, 2, 3])]))).toBe(true);
    expect(compare(name([CN, octets([1, 2, 3])], [O, utf8("x")]), name([CN, octets([1, 2, 3])], [O, utf8("X")]))).toBe(true);
    expect(compare(name([CN, octets([1, 2, 3])], [O, utf8("x")]), name([CN, octets([1, 2, 4])], [O, utf8("X")]))).toBe(false);
    expect(compare(name([CN, octets([0x41])], [O, utf8("x")]), name([CN, utf8("A")], [O, utf8("X")]))).toBe(false);
  });

  it("answers as pkijs for text the collator treats specially (controls, ignorables, beyond ASCII)", () => {
    const texts = ["Alice", "alice", "Alice\u0001", "Al\u200bice", "Alice\u00a0", "\u00c5lice", "A\u030alice", "Ａｌｉｃｅ", "ALICE", "Alice\t"];
    for (const x of texts) for (const y of texts) compare(name([O, utf8("Inkan")], [CN, utf8(x)]), name([O, utf8("Inkan")], [CN, bmp(y)]));
  });

  it("agrees with the collator that distinct printable-ASCII texts are never equal", () => {
    // The shortcut that spares the collator rests on this; checked here against the runtime's own collator.
    const chars = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
    for (const x of chars) for (const y of chars) if (x.toLowerCase() !== y.toLowerCase()) expect(`a${x}b`.toLowerCase().localeCompare(`a${y}b`.toLowerCase())).not.toBe(0);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const pick = () => Array.from({ length: 1 + (next() % 5) }, () => chars[next() % 12 === 0 ? 0 : 13 + (next() % 20)]).join("");
    for (let i = 0; i < 300; i++) compare(name([CN, utf8(pick())]), name([CN, printable(pick())]));
  });
});
