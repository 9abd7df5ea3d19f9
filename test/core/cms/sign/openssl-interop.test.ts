/**
 * OpenSSL, the interop peer, verifies what we sign (`openssl cms -verify -purpose smimesign`), detached and opaque,
 * and refuses it once one byte of the signed content has changed. OpenSSL 3.0 cannot verify CMS Ed25519, so
 * Ed25519 is checked by our verifier only (sign-roundtrip.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSignedData, signEntity, signMessage, type SignOptions } from "../../../../src/core/cms/sign/index.js";
import { encodeBase64Lines } from "../../../../src/core/mime/encode-base64.js";
import { decodeBody, parseMessage } from "../../../../src/core/mime/index.js";
import { ensureFixtures, type PkiName } from "../../../fixtures/generate.js";
import { derOfFile, rawCmsOf, identityOf, joinBytes, latin1, openssl, plainMessage, readSignedData } from "./helpers.js";
import { OID } from "../../../../src/core/cms/oids.js";
import { SMIME_ENCRYPTION_KEY_PREFERENCE_OID } from "../../../../src/core/cms/sign/index.js";
import type { Identity } from "../../../../src/core/keys/identity.js";

const fx = await ensureFixtures();
const scratch = mkdtempSync(path.join(tmpdir(), "inkan-sign-peer-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const VERIFY = ["cms", "-verify", "-CAfile", fx.pki.root.certPem, "-purpose", "smimesign", "-out", "/dev/null"];

interface PeerCase {
  readonly name: string;
  readonly signer: PkiName;
  readonly kind: Identity["keyKind"];
  readonly options: Pick<SignOptions, "digest" | "scheme">;
}

const PEER_CASES: readonly PeerCase[] = [
  { name: "RSA PKCS#1 v1.5 SHA-256", signer: "alice", kind: "rsa", options: {} },
  { name: "RSA PKCS#1 v1.5 SHA-512", signer: "alice", kind: "rsa", options: { digest: "SHA-512" } },
  { name: "RSASSA-PSS SHA-256", signer: "alice", kind: "rsa", options: { scheme: "rsa-pss" } },
  { name: "RSASSA-PSS SHA-384", signer: "alice", kind: "rsa", options: { scheme: "rsa-pss", digest: "SHA-384" } },
  { name: "ECDSA P-256", signer: "bob", kind: "ec-p256", options: {} },
  { name: "ECDSA P-384 SHA-384", signer: "carol", kind: "ec-p384", options: { digest: "SHA-384" } },
  { name: "ECDSA P-521 SHA-512", signer: "dave", kind: "ec-p521", options: { digest: "SHA-512" } },
];

const MARKER = "marker-for-tampering";

/** Turns the marker's first letter upper-case in a copy of `bytes`. */
function flipMarker(bytes: Uint8Array): Uint8Array {
  const at = latin1(bytes).indexOf(MARKER);
  expect(at).toBeGreaterThanOrEqual(0);
  const out = new Uint8Array(bytes);
  out[at] = out[at]! ^ 0x20;
  return out;
}

/** Changes one byte of the signed text: in the message itself (detached) or inside the embedded content (opaque). */
function tamper(message: Uint8Array, opaque: boolean): Uint8Array {
  if (!opaque) return flipMarker(message);
  const root = parseMessage(message);
  const der = flipMarker(decodeBody(root));
  return joinBytes(latin1(message.subarray(0, root.bodyRange.start)), encodeBase64Lines([der]));
}

describe("OpenSSL verifies what we sign", () => {
  const cases = PEER_CASES.flatMap((c) => [[`${c.name}, detached`, c, false] as const, [`${c.name}, opaque`, c, true] as const]);

  it.each(cases)("%s", async (_name, c, opaque) => {
    const now = new Date();
    const body = `テスト ${MARKER}\r\n`;
    const signed = await signMessage(plainMessage(`${c.signer}@example.jp`, now, body), {
      identity: identityOf(fx, c.signer, c.kind),
      crypto: globalThis.crypto,
      now,
      opaque,
      ...c.options,
    });
    if (!signed.ok) throw new Error(`${signed.error}: ${signed.detail}`);
    const ok = openssl(VERIFY, signed.message);
    expect(ok.stderr).toContain("Verification successful");
    expect(ok.ok).toBe(true);

    const bad = openssl(VERIFY, tamper(signed.message, opaque));
    expect(bad.ok).toBe(false);
    expect(bad.stderr).toMatch(/verification failure|digest failure/);
  });

  it("reads exactly one messageDigest and the attributes in DER order (openssl asn1parse)", async () => {
    const now = new Date();
    // The encryption key preference is longer than the other attributes but capabilities, so DER order differs
    // from the order the attributes are built in.
    const signed = await signMessage(plainMessage("alice@example.jp", now), {
      identity: identityOf(fx, "alice", "rsa"),
      crypto: globalThis.crypto,
      now,
      encryptionCertificate: derOfFile(fx.pki.bob.certPem),
    });
    if (!signed.ok) throw new Error(signed.detail);
    const derFile = path.join(scratch, "attrs.der");
    const der = rawCmsOf(signed.message);
    writeFileSync(derFile, der);
    const parsed = openssl(["asn1parse", "-inform", "DER", "-in", derFile]);
    expect(parsed.ok).toBe(true);
    const lines = parsed.stdout.toString("latin1").split("\n");
    expect(lines.filter((l) => /OBJECT\s+:messageDigest$/.test(l))).toHaveLength(1);
    // Signed attributes: the cont [ 0 ] at depth 5 (inside the SignerInfo); each attribute a SEQUENCE at depth 6.
    const start = lines.findIndex((l) => /d=5 .*cons: cont \[ 0 \]/.test(l));
    expect(start).toBeGreaterThan(0);
    const attrs: { offset: number; header: number; length: number }[] = [];
    for (const l of lines.slice(start + 1)) {
      const m = /^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)/.exec(l);
      if (!m || Number(m[2]) < 6) break;
      if (Number(m[2]) === 6) attrs.push({ offset: Number(m[1]), header: Number(m[3]), length: Number(m[4]) });
    }
    expect(attrs).toHaveLength(5);
    const encodings = attrs.map((a) => Buffer.from(der.subarray(a.offset, a.offset + a.header + a.length)));
    for (let i = 1; i < encodings.length; i++) expect(Buffer.compare(encodings[i - 1]!, encodings[i]!)).toBe(-1);
    expect(openssl(VERIFY, signed.message).ok).toBe(true);

    const view = readSignedData(der);
    expect(view.attributeTypes).toContain(SMIME_ENCRYPTION_KEY_PREFERENCE_OID);
    expect(view.attributeTypes.indexOf(SMIME_ENCRYPTION_KEY_PREFERENCE_OID)).toBeLessThan(view.attributeTypes.length - 1);
  });

  it("verifies a signed entity (signEntity) and a bare SignedData (createSignedData, both kinds)", async () => {
    const now = new Date();
    const identity = identityOf(fx, "bob", "ec-p256");
    const entity = joinBytes("Content-Type: text/plain; charset=us-ascii\r\n\r\nan entity to sign\r\n");
    const signed = await signEntity(entity, { identity, crypto: globalThis.crypto, now });
    if (!signed.ok) throw new Error(signed.detail);
    expect(latin1(signed.message)).toMatch(/^MIME-Version: 1\.0\r\nContent-Type: multipart\/signed; /);
    const out = openssl(["cms", "-verify", "-CAfile", fx.pki.root.certPem, "-purpose", "smimesign"], signed.message);
    expect(out.ok, out.stderr).toBe(true);
    expect(out.stdout.toString("latin1")).toBe(latin1(entity));

    const content = joinBytes("raw content, not MIME\n\x00\xff");
    const contentFile = path.join(scratch, "content.bin");
    writeFileSync(contentFile, content);
    for (const detached of [true, false]) {
      const sd = await createSignedData(content, { identity, crypto: globalThis.crypto, now, detached });
      if (!sd.ok) throw new Error(sd.detail);
      const file = path.join(scratch, `bare-${detached}.der`);
      writeFileSync(file, sd.der);
      const args = ["cms", "-verify", "-binary", "-inform", "DER", "-in", file, "-CAfile", fx.pki.root.certPem, "-purpose", "smimesign"];
      const r = openssl(detached ? [...args, "-content", contentFile] : args);
      expect(r.ok, r.stderr).toBe(true);
      expect(Buffer.compare(r.stdout, Buffer.from(content))).toBe(0);
      const view = readSignedData(sd.der);
      expect(view.signedData.encapContentInfo.eContent === undefined).toBe(detached);
      expect(view.signer.signatureAlgorithm.algorithmId).toBe(OID.ecdsaWithSHA256);
    }
  });
});
