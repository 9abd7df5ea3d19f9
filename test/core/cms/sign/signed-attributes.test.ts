import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { encodeSigningTime, SMIME_ENCRYPTION_KEY_PREFERENCE_OID } from "../../../../src/core/cms/sign/index.js";
import { encodeSignedAttributes } from "../../../../src/core/cms/sign/signed-attributes.js";
import { OID } from "../../../../src/core/cms/oids.js";
import { SMIME_CAPABILITIES_OID } from "../../../../src/core/cms/smime-capabilities.js";
import { compareBytes } from "./helpers.js";

describe("encodeSigningTime", () => {
  it.each([
    ["2026-11-25T17:44:21.999Z", 0x17, "261125174421Z"],
    ["2049-12-31T23:59:59Z", 0x17, "491231235959Z"],
    ["2050-01-01T00:00:00Z", 0x18, "20500101000000Z"],
    ["1950-01-01T00:00:00Z", 0x17, "500101000000Z"],
    ["1949-12-31T23:59:59Z", 0x18, "19491231235959Z"],
  ])("%s", (iso, tag, text) => {
    const der = encodeSigningTime(new Date(iso));
    expect(der[0]).toBe(tag);
    expect(der[1]).toBe(text.length);
    expect(Buffer.from(der.subarray(2)).toString("latin1")).toBe(text);
  });
});

describe("encodeSignedAttributes", () => {
  const issuerAndSerial = new Uint8Array(
    new asn1js.Sequence({
      value: [new asn1js.Sequence({ value: [new asn1js.Set({ value: [] })] }), new asn1js.Integer({ value: 0x1234 })],
    }).toBER(false),
  );

  it.each([
    ["without an encryption key preference", null, 4],
    ["with an encryption key preference", issuerAndSerial, 5],
  ] as const)("writes a DER-sorted SET %s", (_name, pref, count) => {
    const der = encodeSignedAttributes({ messageDigest: new Uint8Array(32).fill(7), signingTime: new Date(), encryptionKeyPreference: pref });
    const parsed = asn1js.fromBER(der);
    expect(parsed.offset).toBe(der.byteLength);
    expect(parsed.result).toBeInstanceOf(asn1js.Set);
    const items = (parsed.result as asn1js.Set).valueBlock.value as asn1js.Sequence[];
    expect(items).toHaveLength(count);
    const encodings = items.map((i) => new Uint8Array(i.valueBeforeDecodeView));
    for (let i = 1; i < encodings.length; i++) expect(compareBytes(encodings[i - 1]!, encodings[i]!)).toBeLessThan(0);
    const types = items.map((i) => (i.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString());
    const expected = [OID.contentType, OID.signingTime, OID.messageDigest, SMIME_CAPABILITIES_OID];
    if (pref) expected.push(SMIME_ENCRYPTION_KEY_PREFERENCE_OID);
    expect([...types].sort()).toEqual(expected.sort());
    if (pref) {
      // [0] IMPLICIT IssuerAndSerialNumber: the same bytes under a context tag.
      const item = items[types.indexOf(SMIME_ENCRYPTION_KEY_PREFERENCE_OID)]!;
      const value = (item.valueBlock.value[1] as asn1js.Set).valueBlock.value[0]!;
      const bytes = new Uint8Array(value.valueBeforeDecodeView);
      expect(bytes[0]).toBe(0xa0);
      expect(Buffer.from(bytes.subarray(1)).equals(Buffer.from(issuerAndSerial.subarray(1)))).toBe(true);
      // Built last, but longer encodings sort after it: DER order is not the order of construction.
      expect(types[types.length - 1]).toBe(SMIME_CAPABILITIES_OID);
    }
  });
});
