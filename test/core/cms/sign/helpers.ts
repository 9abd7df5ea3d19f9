/** Identities from the generated test PKI, messages to sign, and OpenSSL as the peer. */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { Identity, PrivateKeyKind } from "../../../../src/core/keys/identity.js";
import { decodeBody, parseMessage } from "../../../../src/core/mime/index.js";
import type { FixtureSet, PkiName } from "../../../fixtures/generate.js";

export const OPENSSL = process.env["INKAN_OPENSSL"] ?? "openssl";

export function pemToDer(pem: string): Uint8Array {
  const body = pem.replace(/-----(BEGIN|END) [^-]+-----/g, "").replace(/\s+/g, "");
  return new Uint8Array(Buffer.from(body, "base64"));
}

export function derOfFile(file: string): Uint8Array {
  return pemToDer(readFileSync(file, "latin1"));
}

/** An identity as a PKCS #12 import would give it: the issuing CA and the root in the chain. */
export function identityOf(fx: FixtureSet, cert: PkiName, keyKind: PrivateKeyKind, key: PkiName = cert): Identity {
  return {
    certificate: derOfFile(fx.pki[cert].certPem),
    chain: [derOfFile(fx.pki.inter.certPem), derOfFile(fx.pki.root.certPem)],
    privateKey: derOfFile(fx.pki[key].key),
    keyKind,
    friendlyName: null,
  };
}

export function rfc5322Date(at: Date): string {
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${days[at.getUTCDay()]}, ${at.getUTCDate()} ${months[at.getUTCMonth()]} ${at.getUTCFullYear()} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} +0000`;
}

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

export function bytesOf(latin1Text: string): Uint8Array {
  return new Uint8Array(Buffer.from(latin1Text, "latin1"));
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Concatenates pieces given as latin1 strings or bytes. */
export function joinBytes(...pieces: readonly (string | Uint8Array)[]): Uint8Array {
  return new Uint8Array(Buffer.concat(pieces.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p)))));
}

/** A plain message from `from`, with a UTF-8 Japanese text body written as 8-bit. */
export function plainMessage(from: string, at: Date, body = "お世話になっております。\r\n署名のテストです。\r\n"): Uint8Array {
  return joinBytes(
    `From: Test Sender <${from}>\r\n`,
    "To: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <taro.yamada@example.co.jp>\r\n",
    "Subject: =?UTF-8?B?572y5ZCN44Gu44OG44K544OI?=\r\n",
    `Date: ${rfc5322Date(at)}\r\n`,
    "Message-ID: <sign-test@example.jp>\r\n",
    "MIME-Version: 1.0\r\n",
    "Content-Type: text/plain; charset=UTF-8\r\n",
    "Content-Transfer-Encoding: 8bit\r\n",
    "\r\n",
    utf8(body),
  );
}

export function openssl(args: readonly string[], input?: Uint8Array): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync(OPENSSL, args, { input, maxBuffer: 256 << 20 });
  if (r.error !== undefined) throw r.error;
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}

/** The CMS object of a message we signed, exactly as we encoded it. */
export function rawCmsOf(message: Uint8Array): Uint8Array {
  const root = parseMessage(message);
  const holder = root.contentType.type === "multipart" ? root.children[1] : root;
  if (!holder) throw new Error("no signature part");
  return new Uint8Array(decodeBody(holder));
}

export interface SignedDataView {
  readonly signedData: pkijs.SignedData;
  readonly signer: pkijs.SignerInfo;
  /** Attribute type OIDs of the signed attributes, in encoded order. */
  readonly attributeTypes: readonly string[];
  /** The DER of each signed attribute, in encoded order. */
  readonly attributeEncodings: readonly Uint8Array[];
}

export function readSignedData(der: Uint8Array): SignedDataView {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1) throw new Error(parsed.result.error);
  const ci = new pkijs.ContentInfo({ schema: parsed.result });
  const signedData = new pkijs.SignedData({ schema: ci.content });
  const signer = signedData.signerInfos[0];
  if (!signer?.signedAttrs) throw new Error("no signer with signed attributes");
  const setNode = asn1js.fromBER(new Uint8Array(signer.signedAttrs.encodedValue));
  const attributeEncodings = (setNode.result as asn1js.Set).valueBlock.value.map((n) => new Uint8Array(n.valueBeforeDecodeView));
  return { signedData, signer, attributeTypes: signer.signedAttrs.attributes.map((a) => a.type), attributeEncodings };
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * An Ed25519 key and certificate issued by the test PKI's intermediate (the fixture generator makes none: OpenSSL
 * 3.0 cannot sign CMS with Ed25519). Made in `dir` with OpenSSL.
 */
export function makeEd25519Identity(fx: FixtureSet, dir: string, email: string): Identity {
  const run = (args: readonly string[]): void => {
    const r = spawnSync(OPENSSL, args, { cwd: dir });
    if (r.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${r.stderr.toString("utf8")}`);
  };
  const ext = `${dir}/ed25519.ext`;
  writeFileSync(
    ext,
    [
      "basicConstraints = critical, CA:FALSE",
      "keyUsage = critical, digitalSignature, nonRepudiation",
      "extendedKeyUsage = emailProtection",
      `subjectAltName = email:${email}`,
      "subjectKeyIdentifier = hash",
      "authorityKeyIdentifier = keyid:always",
      "",
    ].join("\n"),
  );
  run(["genpkey", "-algorithm", "ED25519", "-out", "ed25519.key"]);
  run(["req", "-new", "-key", "ed25519.key", "-subj", "/C=JP/O=Example KK/CN=Ed25519 Example", "-out", "ed25519.csr"]);
  run([
    "x509", "-req", "-in", "ed25519.csr", "-CA", fx.pki.inter.certPem, "-CAkey", fx.pki.inter.key,
    "-set_serial", "0x5ed25519", "-days", "30", "-extfile", ext, "-out", "ed25519.pem",
  ]);
  return {
    certificate: derOfFile(`${dir}/ed25519.pem`),
    chain: [derOfFile(fx.pki.inter.certPem), derOfFile(fx.pki.root.certPem)],
    privateKey: derOfFile(`${dir}/ed25519.key`),
    keyKind: "ed25519",
    friendlyName: null,
  };
}
