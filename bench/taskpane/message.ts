/**
 * The message the task-pane benchmark opens: a signed mail of about 100 KB (a short text and a base64 attachment of
 * random bytes in a multipart/mixed, under multipart/signed), signed by the test PKI's alice with `openssl cms`.
 * Made afresh on every run: signing takes milliseconds, and a fresh file never outlives the fixture set it names.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FixtureSet } from "../../test/fixtures/generate.js";

const OPENSSL = process.env.INKAN_OPENSSL ?? "openssl";
/** RFC 2045: base64 lines of 76 characters carry 57 bytes. */
const BASE64_LINE_BYTES = 57;
/** What each attachment byte costs in the file: 4/3 for base64, plus CRLF per 57 bytes. */
const FILE_BYTES_PER_BYTE = 78 / 57;

function base64Lines(data: Buffer): string {
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += BASE64_LINE_BYTES) lines.push(data.subarray(i, i + BASE64_LINE_BYTES).toString("base64"));
  return `${lines.join("\r\n")}\r\n`;
}

function mixedEntity(attachmentBytes: number): string {
  const boundary = `=_bench_${randomBytes(8).toString("hex")}`;
  return [
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 7bit",
    "",
    "Hello,",
    "",
    "the figures for this quarter are attached.",
    "",
    `--${boundary}`,
    'Content-Type: application/octet-stream; name="figures.bin"',
    'Content-Disposition: attachment; filename="figures.bin"',
    "Content-Transfer-Encoding: base64",
    "",
    `${base64Lines(randomBytes(attachmentBytes))}--${boundary}--`,
    "",
  ].join("\r\n");
}

function signedMessage(fx: FixtureSet, attachmentBytes: number, work: string): Buffer {
  const input = join(work, "entity.txt");
  writeFileSync(input, mixedEntity(attachmentBytes));
  const signed = execFileSync(
    OPENSSL,
    [
      "cms",
      "-sign",
      "-md",
      "sha256",
      "-in",
      input,
      "-signer",
      fx.pki.alice.certPem,
      "-inkey",
      fx.pki.alice.key,
      "-certfile",
      fx.pki.inter.certPem,
      "-crlfeol",
    ],
    { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 },
  )
    .toString("latin1")
    .replace(/\r?\n/g, "\r\n")
    .replace(/^MIME-Version: 1\.0\r\n/i, "");
  const headers = [
    "From: Alice Example <alice@example.jp>",
    "To: Taro Yamada <taro.yamada@example.co.jp>",
    "Subject: Quarterly figures",
    `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <taskpane-bench.${randomBytes(6).toString("hex")}@bench.inkan.test>`,
    "MIME-Version: 1.0",
  ];
  return Buffer.from(`${headers.join("\r\n")}\r\n${signed}`, "latin1");
}

/** A signed message within half a percent of `targetBytes`, written to `dir`. */
export function makeSignedMessage(fx: FixtureSet, targetBytes: number, dir: string): { readonly file: string; readonly bytes: Buffer } {
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "inkan-bench-taskpane-"));
  try {
    // Two probes give the fixed overhead (headers, signature, certificates); the third file hits the size.
    const small = signedMessage(fx, 0, work).length;
    let attachment = Math.max(0, Math.round((targetBytes - small) / FILE_BYTES_PER_BYTE));
    let bytes = signedMessage(fx, attachment, work);
    attachment = Math.max(0, attachment + Math.round((targetBytes - bytes.length) / FILE_BYTES_PER_BYTE));
    bytes = signedMessage(fx, attachment, work);
    const file = join(dir, `signed-${Math.round(targetBytes / 1024)}kb.eml`);
    writeFileSync(file, bytes);
    return { file, bytes };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
