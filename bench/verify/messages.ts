/**
 * The messages the verify benchmark reads: the common case of a signed mail with a large attachment, a
 * multipart/signed (detached, as `openssl cms -sign` makes it) over the bench mail's multipart/mixed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureMessages, mixedEntity, topHeaders, toCrlf, type BenchMessage } from "../lib/messages.js";
import { openssl } from "../lib/openssl.js";
import type { BenchPki } from "../lib/pki.js";
import type { BenchSize } from "../lib/sizes.js";

function sign(pki: BenchPki, entity: Buffer, work: string): Buffer {
  const input = path.join(work, "entity.txt");
  const output = path.join(work, "signed.txt");
  fs.writeFileSync(input, entity);
  openssl(
    ["cms", "-sign", "-in", input, "-signer", pki.userPem, "-inkey", pki.userKey, "-certfile", pki.interPem, "-md", "sha256", "-crlfeol", "-out", output],
    work,
  );
  return toCrlf(fs.readFileSync(output));
}

export function ensureSignedMessages(pki: BenchPki, sizes: readonly BenchSize[], log: (line: string) => void): BenchMessage[] {
  return ensureMessages(
    {
      prefix: "signed",
      version: 1,
      dependsOnPki: true,
      make: (size, attachmentBytes, work) => Buffer.concat([topHeaders(size), sign(pki, mixedEntity(attachmentBytes), work)]),
    },
    pki,
    sizes,
    log,
  );
}
