/** SMIMECapabilities (RFC 8551 §2.5.2): our encoding, and reading what OpenSSL puts in its signatures. */
import { afterAll, describe, expect, it } from "vitest";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import {
  CAPABILITY_OID,
  OUR_CAPABILITIES,
  SMIME_CAPABILITIES_OID,
  encodeSmimeCapabilities,
  parseSmimeCapabilities,
  prefersOaep,
  supportsAuthEnveloped,
  type SmimeCapability,
} from "../../../src/core/cms/smime-capabilities.js";
import { ensureFixtures } from "../../fixtures/generate.js";
import { Scratch, mustOpenssl } from "./encrypt/helpers.js";

const fx = await ensureFixtures();
const scratch = new Scratch();
afterAll(() => scratch.remove());

const hex = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString("hex");
const der = (caps: readonly SmimeCapability[]) => hex(encodeSmimeCapabilities(caps).toBER(false));

describe("encodeSmimeCapabilities", () => {
  it("writes our list in preference order, AES without parameters (RFC 3565 §5, RFC 5084 §5)", () => {
    expect(der(OUR_CAPABILITIES)).toBe(
      "3072" +
        "300b060960864801650304012e" + // aes256-GCM
        "300b0609608648016503040106" + // aes128-GCM, as printed in RFC 5084 §5
        "300b060960864801650304012a" + // aes256-CBC
        "300b0609608648016503040102" + // aes128-CBC
        "303c06092a864886f70d010107" + // RSAES-OAEP with ...
        "302fa00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500", // SHA-256, MGF1-SHA-256
    );
  });

  it("an empty list is an empty SEQUENCE", () => {
    expect(der([])).toBe("3000");
  });

  it("refuses parameters that are not one DER value", () => {
    expect(() => encodeSmimeCapabilities([{ oid: "1.2.3", parameters: Uint8Array.of(0x02, 0x01) }])).toThrow();
  });
});

describe("parseSmimeCapabilities", () => {
  it("round-trips our list", () => {
    const parsed = parseSmimeCapabilities(asn1js.fromBER(encodeSmimeCapabilities(OUR_CAPABILITIES).toBER(false)).result);
    expect(parsed.map((c) => ({ oid: c.oid, parameters: c.parameters && hex(c.parameters) }))).toEqual(
      OUR_CAPABILITIES.map((c) => ({ oid: c.oid, parameters: c.parameters && hex(c.parameters) })),
    );
  });

  it("reads the attribute OpenSSL puts in a signature, parameters and all, and re-encodes it byte for byte", () => {
    const input = scratch.file("m.txt", "hello\r\n");
    const p7 = mustOpenssl(["cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-in", input, "-signer", fx.pki.alice.certPem, "-inkey", fx.pki.alice.key]);
    const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(new Uint8Array(p7)).result });
    const signed = new pkijs.SignedData({ schema: info.content });
    const attribute = signed.signerInfos[0]!.signedAttrs!.attributes.find((a) => a.type === SMIME_CAPABILITIES_OID);
    const value = attribute!.values[0] as asn1js.Sequence;
    const original = hex(value.valueBeforeDecodeView);
    const caps = parseSmimeCapabilities(value);
    expect(caps.map((c) => c.oid)).toEqual(expect.arrayContaining([CAPABILITY_OID.aes256Cbc, CAPABILITY_OID.aes128Cbc]));
    // OpenSSL announces RC2 with its key size as an INTEGER parameter.
    expect(caps.some((c) => c.parameters !== undefined)).toBe(true);
    expect(supportsAuthEnveloped(caps)).toBe(false);
    expect(prefersOaep(caps)).toBe(false);
    expect(der(caps)).toBe(original);
  });

  const RAW: readonly { readonly name: string; readonly value: () => asn1js.AsnType; readonly oids: readonly string[] }[] = [
    { name: "not a SEQUENCE", value: () => new asn1js.Integer({ value: 1 }), oids: [] },
    {
      name: "odd entries skipped, good ones kept",
      value: () =>
        new asn1js.Sequence({
          value: [
            new asn1js.Integer({ value: 5 }),
            new asn1js.Sequence({ value: [new asn1js.Integer({ value: 5 })] }),
            new asn1js.Sequence({ value: [] }),
            new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: CAPABILITY_OID.aes128Gcm })] }),
          ],
        }),
      oids: [CAPABILITY_OID.aes128Gcm],
    },
  ];
  it.each(RAW)("$name", ({ value, oids }) => {
    expect(parseSmimeCapabilities(value()).map((c) => c.oid)).toEqual(oids);
  });
});

describe("supportsAuthEnveloped and prefersOaep", () => {
  const CASES: readonly {
    readonly name: string;
    readonly caps: readonly SmimeCapability[] | undefined;
    readonly gcm: boolean;
    readonly oaep: boolean | null;
  }[] = [
    { name: "nothing known", caps: undefined, gcm: false, oaep: null },
    { name: "empty list", caps: [], gcm: false, oaep: false },
    { name: "ours", caps: OUR_CAPABILITIES, gcm: true, oaep: true },
    { name: "AES-192-GCM only", caps: [{ oid: CAPABILITY_OID.aes192Gcm }], gcm: true, oaep: false },
    { name: "CBC and PKCS #1 v1.5", caps: [{ oid: CAPABILITY_OID.aes256Cbc }, { oid: CAPABILITY_OID.rsaEncryption }], gcm: false, oaep: false },
    { name: "OAEP without parameters (SHA-1 default)", caps: [{ oid: CAPABILITY_OID.rsaesOaep }], gcm: false, oaep: true },
  ];
  it.each(CASES)("$name", ({ caps, gcm, oaep }) => {
    expect(supportsAuthEnveloped(caps)).toBe(gcm);
    expect(prefersOaep(caps)).toBe(oaep);
  });
});
