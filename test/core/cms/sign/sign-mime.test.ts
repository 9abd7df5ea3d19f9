/**
 * The MIME side of signMessage: what goes inside the signature and what stays outside, transport-safe encoding
 * of 8-bit and binary parts, canonical line ends, and parts that are kept byte for byte.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { signMessage, type SignOptions } from "../../../../src/core/cms/sign/index.js";
import { isTransportSafe } from "../../../../src/core/mime/build/index.js";
import { decodeBody, getHeader, parseMessage, type MimePart } from "../../../../src/core/mime/index.js";
import { verifyMessage } from "../../../../src/core/verify-message.js";
import { ensureFixtures } from "../../../fixtures/generate.js";
import { derOfFile, identityOf, joinBytes, latin1, openssl, rfc5322Date, utf8 } from "./helpers.js";

const fx = await ensureFixtures();
const rootDer = derOfFile(fx.pki.root.certPem);
const VERIFY = ["cms", "-verify", "-CAfile", fx.pki.root.certPem, "-purpose", "smimesign", "-out", "/dev/null"];

const JAPANESE = "お世話になっております。\r\n添付の資料をご確認ください。\r\n行末の空白  \r\nFrom the desk of Alice.\r\n.\r\n";
/** Every byte value, CR, LF and NUL among them, as a binary attachment carries them. */
const BINARY = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + (i >> 8)) & 255);

const OUTER = (now: Date): string =>
  "From: =?UTF-8?B?44Ki44Oq44K5?= <alice@example.jp>\r\n" +
  "To: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <taro.yamada@example.co.jp>\r\n" +
  "Subject: =?UTF-8?B?5re75LuY6LOH5paZ44Gu44GU56K66KqN?=\r\n" +
  `Date: ${rfc5322Date(now)}\r\n` +
  "Message-ID: <mime-test@example.jp>\r\n" +
  "X-Mailer: Inkan tests\r\n";

function mixedWithBinary(now: Date): Uint8Array {
  return joinBytes(
    OUTER(now),
    "MIME-Version: 1.0\r\n",
    'Content-Type: multipart/mixed; boundary="mixed-1"\r\n',
    "\r\n",
    "--mixed-1\r\n",
    "Content-Type: text/plain; charset=UTF-8\r\n",
    "Content-Transfer-Encoding: 8bit\r\n",
    "\r\n",
    utf8(JAPANESE),
    "\r\n--mixed-1\r\n",
    'Content-Type: application/octet-stream; name="data.bin"\r\n',
    "Content-Transfer-Encoding: binary\r\n",
    'Content-Disposition: attachment; filename="data.bin"\r\n',
    "\r\n",
    BINARY,
    "\r\n--mixed-1--\r\n",
  );
}

const BASE64_PART =
  'Content-Type: application/pdf; name="report.pdf"\r\n' +
  "Content-Transfer-Encoding: base64\r\n" +
  'Content-Disposition: attachment; filename="report.pdf"\r\n' +
  "\r\n" +
  "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSL0ZpbHRlci9GbGF0ZURl\r\n" +
  "Y29kZT4+CnN0cmVhbQp4nDPQM1Qo5ypUMFAwALJMLU31jBQsTAz1LBSKUrnCtRTyuAIBAG4JBZcK\r\n";

function mixedWithBase64(now: Date, eol: "\r\n" | "\n" = "\r\n"): Uint8Array {
  const text =
    OUTER(now) +
    "MIME-Version: 1.0\r\n" +
    'Content-Type: multipart/mixed; boundary="mixed-2"\r\n' +
    "\r\n" +
    "This is a multi-part message in MIME format.\r\n" +
    "--mixed-2\r\n" +
    "Content-Type: text/plain; charset=us-ascii\r\n" +
    "\r\n" +
    "Please see the report.\r\n" +
    "--mixed-2\r\n" +
    BASE64_PART +
    "--mixed-2--\r\n";
  return joinBytes(eol === "\n" ? text.replace(/\r\n/g, "\n") : text);
}

function sign(message: Uint8Array, now: Date, extra: Partial<SignOptions> = {}) {
  return signMessage(message, { identity: identityOf(fx, "alice", "rsa"), crypto: globalThis.crypto, now, ...extra });
}

/** The signed entity of a multipart/signed message, or the content of an opaque one, parsed. */
function signedEntity(message: Uint8Array): MimePart {
  const root = parseMessage(message);
  if (root.contentType.subtype === "signed") {
    const e = root.children[0]!;
    return parseMessage(root.source.slice(e.range.start, e.range.end));
  }
  const r = openssl(["cms", "-verify", "-noverify"], message);
  if (!r.ok) throw new Error(r.stderr);
  return parseMessage(new Uint8Array(r.stdout));
}

function headerBlock(message: Uint8Array): string[] {
  const text = latin1(message);
  return text.slice(0, text.indexOf("\r\n\r\n")).split(/\r\n(?![ \t])/);
}

async function expectVerified(message: Uint8Array, now: Date): Promise<void> {
  const verdict = await verifyMessage(message, { trustAnchors: [rootDer], useDefaultRoots: false, now });
  expect(verdict.status, JSON.stringify(verdict.reasons)).toBe("verified");
  const r = openssl(VERIFY, message);
  expect(r.ok, r.stderr).toBe(true);
}

describe("signMessage writes transport-safe MIME", () => {
  it.each([false, true])("re-encodes 8-bit Japanese text and a binary attachment (opaque: %s)", async (opaque) => {
    const now = new Date();
    const signed = await sign(mixedWithBinary(now), now, { opaque });
    if (!signed.ok) throw new Error(signed.detail);
    expect(isTransportSafe(signed.message)).toBe(true);
    await expectVerified(signed.message, now);

    const entity = signedEntity(signed.message);
    expect(isTransportSafe(entity.source)).toBe(true);
    const [text, attachment] = entity.children;
    expect(text!.transferEncoding).toBe("quoted-printable");
    expect(Buffer.from(decodeBody(text!)).toString("utf8")).toBe(JAPANESE);
    expect(attachment!.transferEncoding).toBe("base64");
    expect(getHeader(attachment!, "content-disposition")?.rawValue).toBe('attachment; filename="data.bin"');
    expect(Buffer.from(decodeBody(attachment!)).equals(Buffer.from(BINARY))).toBe(true);
  });

  it("signs a message with LF-only line ends as its canonical CRLF form", async () => {
    const now = new Date();
    const signed = await sign(mixedWithBase64(now, "\n"), now);
    if (!signed.ok) throw new Error(signed.detail);
    expect(latin1(signed.message)).not.toMatch(/[^\r]\n/);
    await expectVerified(signed.message, now);
    expect(latin1(signed.message)).toContain(BASE64_PART);
  });

  it("keeps a base64 attachment of a multipart/mixed byte for byte", async () => {
    const now = new Date();
    const original = mixedWithBase64(now);
    const signed = await sign(original, now);
    if (!signed.ok) throw new Error(signed.detail);
    await expectVerified(signed.message, now);
    const bodyStart = latin1(original).indexOf("\r\n\r\n") + 4;
    // The whole original body, preamble, boundaries and attachment included, is inside the signed entity unchanged.
    expect(latin1(signed.message)).toContain(latin1(original.subarray(bodyStart)));
    const attachment = signedEntity(signed.message).children[1]!;
    expect(latin1(attachment.source.subarray(attachment.range.start, attachment.range.end))).toBe(BASE64_PART.replace(/\r\n$/, ""));
  });

  it("keeps the RFC 5322 header fields at the top, in order, and moves the MIME fields inside", async () => {
    const now = new Date();
    const signed = await sign(mixedWithBase64(now), now);
    if (!signed.ok) throw new Error(signed.detail);
    const top = headerBlock(signed.message);
    expect(top.slice(0, 6)).toEqual(OUTER(now).split("\r\n").slice(0, 6));
    expect(top[6]).toBe("MIME-Version: 1.0");
    expect(top[7]).toMatch(/^Content-Type: multipart\/signed; protocol="application\/pkcs7-signature";\r\n\tmicalg=sha-256; boundary="[^"]+"$/);
    for (const line of top[7]!.split("\r\n")) expect(line.length).toBeLessThanOrEqual(78);
    expect(top).toHaveLength(8);
    const entityHeaders = signedEntity(signed.message).headers.map((h) => `${h.name}: ${h.rawValue}`);
    expect(entityHeaders).toEqual(["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="mixed-2"']);
  });

  it("labels an 8-bit body without Content-Type as UTF-8 text", async () => {
    const now = new Date();
    const message = joinBytes(OUTER(now), "\r\n", utf8("本文だけのメール\r\n"));
    const signed = await sign(message, now);
    if (!signed.ok) throw new Error(signed.detail);
    await expectVerified(signed.message, now);
    const entity = signedEntity(signed.message);
    expect(entity.contentType).toMatchObject({ type: "text", subtype: "plain", params: { charset: "utf-8" } });
    expect(entity.transferEncoding).toBe("quoted-printable");
    expect(Buffer.from(decodeBody(entity)).toString("utf8")).toBe("本文だけのメール\r\n");
  });

  it("uses a boundary that is not in the content", async () => {
    const now = new Date();
    const signed = await sign(mixedWithBase64(now), now);
    if (!signed.ok) throw new Error(signed.detail);
    const root = parseMessage(signed.message);
    const boundary = root.contentType.params["boundary"]!;
    const entity = root.children[0]!;
    expect(latin1(root.source.subarray(entity.range.start, entity.range.end))).not.toContain(boundary);
    const again = await sign(mixedWithBase64(now), now);
    if (!again.ok) throw new Error(again.detail);
    expect(parseMessage(again.message).contentType.params["boundary"]).not.toBe(boundary);
  });
});

describe("signMessage over a signed message", () => {
  it("keeps an inner multipart/signed with 8-bit text unchanged, so both signatures verify", async () => {
    // OpenSSL's fixture: multipart/signed over 8-bit UTF-8 text, signed by alice.
    const inner = readFileSync(path.join(fx.dir, "messages", "detached-rsa.eml"));
    const text = inner.toString("latin1");
    const bodyStart = text.indexOf("\r\n\r\n") + 4;
    const now = new Date();
    const message = joinBytes(
      OUTER(now),
      "MIME-Version: 1.0\r\n",
      text.slice(text.indexOf("Content-Type: multipart/signed"), bodyStart),
      new Uint8Array(inner.subarray(bodyStart)),
    );
    const signed = await sign(message, now);
    if (!signed.ok) throw new Error(signed.detail);
    expect(latin1(signed.message)).toContain(text.slice(bodyStart));
    const verdict = await verifyMessage(signed.message, { trustAnchors: [rootDer], useDefaultRoots: false, now });
    expect(verdict.layers.map((l) => l.kind)).toEqual(["multipart-signed", "multipart-signed"]);
    for (const layer of verdict.layers) expect(layer.reasons).not.toContain("digest-mismatch");
    expect(openssl(VERIFY, signed.message).ok).toBe(true);
  });
});
