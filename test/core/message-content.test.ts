/**
 * What the pane shows of a message Outlook may not display. Opaque signatures are made by OpenSSL, the interop
 * peer, so the content comes out of the same structure real clients send.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_SHOWN_BODY_BYTES, MAX_WRAPPERS, extractContent } from "../../src/core/message-content.js";
import { ensureFixtures } from "../fixtures/generate.js";

const fixtures = await ensureFixtures();
const OPENSSL = process.env["INKAN_OPENSSL"] ?? "openssl";
const message = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(fixtures.dir, "messages", `${name}.eml`)));
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const crlf = (text: string): string => text.replace(/\r?\n/g, "\r\n");

/** `inner` (a MIME entity) signed by alice as application/pkcs7-mime signed-data, wrapped in a message. */
function opaque(inner: Uint8Array, headers = "From: Alice Example <alice@example.jp>\r\nSubject: opaque\r\n"): Uint8Array {
  const { pki } = fixtures;
  const run = spawnSync(OPENSSL, ["cms", "-sign", "-nodetach", "-binary", "-signer", pki.alice.certPem, "-inkey", pki.alice.key, "-outform", "DER"], {
    input: inner,
    // Each wrapper grows the message by a third (base64) plus a certificate: sixteen of them pass a megabyte.
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`openssl cms -sign failed: ${run.stderr.toString()}`);
  const b64 = run.stdout.toString("base64").replace(/.{1,64}/g, "$&\r\n");
  return bytes(
    `${headers}MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"\r\n` +
      `Content-Disposition: attachment; filename="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}`,
  );
}

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==", "base64");

const RICH = crlf(`Content-Type: multipart/mixed; boundary="mixed"

--mixed
Content-Type: multipart/related; boundary="related"

--related
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=ISO-2022-JP
Content-Transfer-Encoding: 7bit

\x1b$B$*@$OC$K$J$C$F$*$j$^$9!#\x1b(B
--alt
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

<p>=E3=81=8A=E4=B8=96=E8=A9=B1</p><img src=3D"cid:logo@example.jp">
--alt--

--related
Content-Type: image/png
Content-ID: <logo@example.jp>
Content-Transfer-Encoding: base64

${PNG.toString("base64")}
--related--

--mixed
Content-Type: application/pdf
Content-Disposition: attachment; filename*=UTF-8''%E8%AB%8B%E6%B1%82%E6%9B%B8.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--mixed
Content-Type: message/rfc822

From: someone@example.com
Subject: forwarded

forwarded body
--mixed--
`);

describe("extractContent", () => {
  it("opens an opaque signature and returns text, HTML and attachments", () => {
    const content = extractContent(opaque(bytes(RICH)));
    expect(content.source).toBe("opaque-signed");
    expect(content.text?.trim()).toBe("お世話になっております。");
    expect(content.html).toBe('<p>お世話</p><img src="cid:logo@example.jp">');
    expect(content.attachments.map((a) => [a.name, a.type, a.contentId])).toEqual([
      ["attachment-1.png", "image/png", "logo@example.jp"],
      ["請求書.pdf", "application/pdf", null],
      ["attachment-3.eml", "message/rfc822", null],
    ]);
    expect(Buffer.from(content.attachments[0]!.bytes)).toEqual(PNG);
    expect(new TextDecoder().decode(content.attachments[1]!.bytes)).toBe("%PDF-1.4\n");
  });

  it("reads the fixtures OpenSSL signs opaquely, base64 with LF line ends and the old x-pkcs7 type included", () => {
    for (const name of ["opaque-rsa", "opaque-rsa-base64-lf", "x-pkcs7-opaque"]) {
      const content = extractContent(message(name));
      expect(content.source, name).toBe("opaque-signed");
      expect(content.text, name).toContain(`(fixture ${name})`);
      expect(content.html, name).toBeNull();
      expect(content.attachments, name).toEqual([]);
    }
  });

  it("takes the last alternative of each kind and does not list the others as attachments", () => {
    const inner = crlf(`Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain

first
--b
Content-Type: text/plain

second
--b--
`);
    const content = extractContent(opaque(bytes(inner)));
    expect(content.text?.trim()).toBe("second");
    expect(content.attachments).toEqual([]);
  });

  it("offers a text part marked as attachment as a file, not as the body", () => {
    const inner = crlf(`Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

body
--b
Content-Type: text/plain; name="notes.txt"
Content-Disposition: attachment

notes
--b--
`);
    const content = extractContent(opaque(bytes(inner)));
    expect(content.text?.trim()).toBe("body");
    expect(content.attachments.map((a) => a.name)).toEqual(["notes.txt"]);
  });

  it("leaves out the signature of a multipart/signed message inside an opaque one", () => {
    const content = extractContent(opaque(message("detached-rsa")));
    expect(content.source).toBe("opaque-signed");
    expect(content.text).toContain("(fixture detached-rsa)");
    expect(content.attachments).toEqual([]);
  });

  it("extracts nothing from messages every mail program shows", () => {
    for (const name of ["unsigned", "detached-rsa", "partial-footer-after", "tampered-content", "certs-only-no-signer"])
      expect(extractContent(message(name)), name).toEqual({ source: "host", text: null, html: null, attachments: [] });
  });

  it("says encrypted when no plaintext is given, and shows a plaintext the caller decrypted", () => {
    expect(extractContent(message("encrypted-to-alice")).source).toBe("encrypted");
    expect(extractContent(message("sign-then-encrypt")).source).toBe("encrypted");
    const content = extractContent(message("encrypted-to-alice"), [bytes("Content-Type: text/plain\r\n\r\nsecret plan\r\n")]);
    expect(content).toMatchObject({ source: "decrypted", text: "secret plan\r\n", html: null });
  });

  it("keeps going through a signature inside a decrypted layer", () => {
    const content = extractContent(message("sign-then-encrypt"), [opaque(bytes("Content-Type: text/plain\r\n\r\ninner\r\n"), "")]);
    expect(content).toMatchObject({ source: "decrypted", text: "inner\r\n" });
  });

  it("offers a body part too large to show as a file instead", () => {
    const big = "x".repeat(MAX_SHOWN_BODY_BYTES + 1);
    const content = extractContent(message("encrypted-to-alice"), [bytes(`Content-Type: text/html\r\n\r\n${big}`)]);
    expect(content.html).toBeNull();
    expect(content.attachments.map((a) => [a.type, a.bytes.length])).toEqual([["text/html", big.length]]);
  });

  it("calls damaged signed-data unreadable instead of guessing", () => {
    const damaged = bytes(
      "Content-Type: application/pkcs7-mime; smime-type=signed-data\r\nContent-Transfer-Encoding: base64\r\n\r\nMIIBogYJKoZIhvcNAQcCoIIBkzCC\r\n",
    );
    expect(extractContent(damaged).source).toBe("unreadable");
  });

  it(`unwraps ${MAX_WRAPPERS} opaque signatures and refuses one more`, () => {
    let wrapped = bytes("Content-Type: text/plain\r\n\r\ndeep\r\n");
    for (let i = 0; i < MAX_WRAPPERS; i++) wrapped = opaque(wrapped, "");
    expect(extractContent(wrapped)).toMatchObject({ source: "opaque-signed", text: "deep\r\n" });
    expect(extractContent(opaque(wrapped, "")).source).toBe("unreadable");
  });
});
