import * as asn1js from "asn1js";
import type * as pkijs from "pkijs";
import { bytesEqual, viewOf } from "../cms/der.js";

/**
 * Whether two X.500 names are the same name, with exactly the answers of pkijs's `RelativeDistinguishedNames.isEqual`
 * (attribute by attribute, in order; strings compared after trimming, collapsing spaces and lower-casing, then with
 * `localeCompare`, so that canonically equivalent Unicode matches; other values byte for byte).
 *
 * The answer is the same, the cost is not: `localeCompare` starts the runtime's collator, which in a freshly loaded
 * page costs more than verifying a whole message. Equal encodings, the usual case, need no comparison at all, and two
 * printable-ASCII strings collate equal only when they are identical, so the collator is reached only for names that
 * differ in encoding and carry text beyond ASCII.
 */
export function sameName(a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames): boolean {
  const da = viewOf(a.valueBeforeDecode);
  if (da.byteLength > 0 && bytesEqual(da, viewOf(b.valueBeforeDecode))) return true;
  if (a.typesAndValues.length !== b.typesAndValues.length) return false;
  return a.typesAndValues.every((tv, i) => sameAttribute(tv, b.typesAndValues[i]!));
}

/** The string types, by the block names pkijs tells them apart with. */
const STRING_TYPES: ReadonlySet<string> = new Set(
  [
    asn1js.Utf8String,
    asn1js.BmpString,
    asn1js.UniversalString,
    asn1js.NumericString,
    asn1js.PrintableString,
    asn1js.TeletexString,
    asn1js.VideotexString,
    asn1js.IA5String,
    asn1js.GraphicString,
    asn1js.VisibleString,
    asn1js.GeneralString,
    asn1js.CharacterString,
  ].map((t) => t.blockName()),
);

function isString(value: unknown): boolean {
  const type = (value as { constructor?: { blockName?: () => string } }).constructor;
  return typeof type?.blockName === "function" && STRING_TYPES.has(type.blockName());
}

function sameAttribute(a: pkijs.AttributeTypeAndValue, b: pkijs.AttributeTypeAndValue): boolean {
  if (a.type !== b.type) return false;
  const aString = isString(a.value);
  if (aString !== isString(b.value)) return false;
  if (!aString) {
    const av = (a.value as { valueBeforeDecodeView: Uint8Array }).valueBeforeDecodeView;
    const bv = (b.value as { valueBeforeDecodeView: Uint8Array }).valueBeforeDecodeView;
    return bytesEqual(av, bv);
  }
  const x = prepared((a.value as { valueBlock: { value: string } }).valueBlock.value);
  const y = prepared((b.value as { valueBlock: { value: string } }).valueBlock.value);
  if (x === y) return true;
  if (printableAscii(x) && printableAscii(y)) return false;
  return x.localeCompare(y) === 0;
}

/** pkijs's `stringPrep`: trimmed, runs of spaces as one, lower case. */
function prepared(s: string): string {
  return s.trim().replace(/ {2,}/g, " ").toLowerCase();
}

/** Every character from space to tilde: each has a collation weight of its own, so none is ignored or merged. */
function printableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}
