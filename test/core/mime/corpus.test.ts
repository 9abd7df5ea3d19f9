/*
 * Real messages written by other software: the shared S/MIME corpus, and multipart/signed mail that OpenSSL
 * signs here. For signed mail the first part's bytes (after CRLF canonicalisation) must be exactly what was
 * signed, which OpenSSL itself confirms.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  decodeBody,
  decodeText,
  getHeader,
  mailboxesOf,
  parseAddressList,
  parseMessage,
  toCanonicalCRLF,
  type MimePart,
} from "../../../src/core/mime/index.js";
import { at, expectInvariants, latin1 } from "./helpers.js";

const CORPUS = join(import.meta.dirname, "../../../../shared/corpus");
const corpusExists = existsSync(CORPUS);
if (!corpusExists) console.warn(`corpus tests skipped: ${CORPUS} does not exist (the shared S/MIME corpus is not here)`);

function opensslWorks(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}
const hasOpenssl = opensslWorks();
if (!hasOpenssl) console.warn("OpenSSL cross-checks skipped: the openssl command is not available");

const work = mkdtempSync(join(tmpdir(), "inkan-mime-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function signedContent(part: MimePart): Uint8Array {
  return toCanonicalCRLF(part.source.subarray(part.range.start, part.range.end));
}

/** `openssl cms -verify` of a detached signature over `content`, without chain checks: only the bytes matter here. */
function opensslVerifiesDetached(content: Uint8Array, signatureDer: Uint8Array, name: string): boolean {
  const contentFile = join(work, `${name}.content`);
  const sigFile = join(work, `${name}.p7s`);
  writeFileSync(contentFile, content);
  writeFileSync(sigFile, signatureDer);
  try {
    execFileSync("openssl", ["cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", sigFile, "-content", contentFile, "-out", "/dev/null"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

function readCorpus(relative: string): MimePart {
  const root = parseMessage(new Uint8Array(readFileSync(join(CORPUS, relative))));
  expectInvariants(root);
  return root;
}

describe.skipIf(!corpusExists)("shared corpus", () => {
  const emls = corpusExists
    ? readdirSync(CORPUS, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".eml"))
    : [];

  it("holds the messages these tests expect", () => {
    expect(emls.length).toBeGreaterThanOrEqual(10);
  });

  it.each(emls)("%s parses, every part decodes, a From header holds one mailbox", (file) => {
    const root = readCorpus(file);
    expect(root.defects.filter((d) => d.startsWith("limit:"))).toEqual([]);
    const walk = (p: MimePart): void => {
      decodeBody(p);
      decodeText(p);
      p.children.forEach(walk);
    };
    walk(root);
    const from = getHeader(root, "From");
    // pkcs7-empty-digest-set.eml is the only one without a From header.
    expect(from !== undefined || file.endsWith("pkcs7-empty-digest-set.eml")).toBe(true);
    if (from) expect(mailboxesOf(parseAddressList(from.rawValue))).toHaveLength(1);
  });

  it("rfc4134/4.8.eml: LF-only, header-less first part", () => {
    const root = readCorpus("rfc4134/4.8.eml");
    expect(root.contentType.subtype).toBe("signed");
    const [first, sig] = root.children as [MimePart, MimePart];
    expect(first.headers).toEqual([]);
    expect(at(first, first.range)).toBe("\nThis is some sample content.");
    expect(latin1(signedContent(first))).toBe("\r\nThis is some sample content.");
    expect(sig.contentType.type + "/" + sig.contentType.subtype).toBe("application/pkcs7-signature");
    expect(parseAddressList(getHeader(root, "from")!.rawValue)).toEqual([{ name: "", address: "aliceDss@examples.com" }]);
  });

  it("openssl-cms-test-data/pkcs7-empty-digest-set.eml: first part without a header block", () => {
    const root = readCorpus("openssl-cms-test-data/pkcs7-empty-digest-set.eml");
    const [first, sig] = root.children as [MimePart, MimePart];
    expect(first.headers).toEqual([]);
    expect(first.defects).toEqual(["header:no-header-block"]);
    expect(at(first, first.bodyRange)).toBe("This is the content to be signed.\n");
    // The README states messageDigest = SHA-256 of the canonical content; the signature must carry that value.
    const digest = createHash("sha256").update(signedContent(first)).digest();
    expect(Buffer.from(decodeBody(sig)).includes(digest)).toBe(true);
  });

  it("smime-rs-selected/general/signed-rsa-pss.eml: From with a Q-encoded name", () => {
    const root = readCorpus("smime-rs-selected/general/signed-rsa-pss.eml");
    expect(parseAddressList(getHeader(root, "to")!.rawValue)).toEqual([{ name: "Taavi Eomäe", address: "taavi@zone.ee" }]);
    expect(root.children.map((c) => c.contentType.subtype)).toEqual(["html", "pkcs7-signature"]);
  });

  describe.skipIf(!hasOpenssl)("OpenSSL verifies the first part's bytes", () => {
    it.each([
      "rfc4134/4.8.eml",
      "smime-rs-selected/general/smime-multipart.eml",
      "smime-rs-selected/general/signed-rsa-pss.eml",
    ])("%s", (file) => {
      const root = readCorpus(file);
      const [first, sig] = root.children as [MimePart, MimePart];
      expect(opensslVerifiesDetached(signedContent(first), decodeBody(sig), file.replaceAll("/", "_"))).toBe(true);
    });
  });
});

describe.skipIf(!hasOpenssl)("multipart/signed made by OpenSSL, with its line endings rewritten", () => {
  const content = "Content-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n\r\n--\r\n-- \r\nsig  \r\n";
  let signed = "";
  if (hasOpenssl) {
    const key = join(work, "key.pem");
    const cert = join(work, "cert.pem");
    const contentFile = join(work, "content.txt");
    writeFileSync(contentFile, content, "latin1");
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-subj", "/CN=Test", "-days", "2"], { stdio: "pipe" });
    signed = execFileSync("openssl", ["cms", "-sign", "-binary", "-in", contentFile, "-signer", cert, "-inkey", key], { stdio: "pipe" }).toString("latin1");
  }

  it.each([
    ["as OpenSSL wrote it (LF headers, CRLF content)", (s: string) => s],
    ["all CRLF", (s: string) => s.replace(/\r?\n/g, "\r\n")],
    ["all LF", (s: string) => s.replace(/\r\n/g, "\n")],
    ["transport padding on boundary lines", (s: string) => s.replace(/^(------[0-9A-F]+(?:--)?)(\r?\n)/gm, "$1 \t$2")],
  ])("%s", (_name, rewrite) => {
    const root = parseMessage(Uint8Array.from(rewrite(signed), (c) => c.charCodeAt(0)));
    expectInvariants(root);
    expect(root.defects).toEqual([]);
    const [first, sig] = root.children as [MimePart, MimePart];
    expect(latin1(signedContent(first))).toBe(content);
    expect(opensslVerifiesDetached(signedContent(first), decodeBody(sig), "generated")).toBe(true);
  });

  it("a changed byte in the first part is caught by OpenSSL (the check can fail)", () => {
    const root = parseMessage(Uint8Array.from(signed.replace("Hello", "Jello"), (c) => c.charCodeAt(0)));
    const [first, sig] = root.children as [MimePart, MimePart];
    expect(opensslVerifiesDetached(signedContent(first), decodeBody(sig), "tampered")).toBe(false);
  });
});
