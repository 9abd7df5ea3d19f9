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
import { mixedEntity } from "../lib/messages.js";

const OPENSSL = process.env.INKAN_OPENSSL ?? "openssl";
/** What each attachment byte costs in the file: 4/3 for base64, plus CRLF per 57 bytes. */
const FILE_BYTES_PER_BYTE = 78 / 57;

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
