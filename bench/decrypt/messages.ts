/**
 * The messages the decrypt benchmark reads: the bench mail's body encrypted to the bench user by `openssl cms
 * -encrypt`, once per cipher, under the RFC 5322 fields that stay readable. Sized like every bench file: the whole
 * encrypted file comes close to the target size.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BenchCipher } from "../lib/ciphers.js";
import { ensureMessages, mimeEntity, topHeaders, toCrlf, type BenchMessage } from "../lib/messages.js";
import { openssl, opensslCms } from "../lib/openssl.js";
import type { BenchPki } from "../lib/pki.js";
import type { BenchSize } from "../lib/sizes.js";

function encrypt(pki: BenchPki, cipher: BenchCipher, entity: Buffer, work: string): Buffer {
  const input = path.join(work, "entity.txt");
  const output = path.join(work, "encrypted.txt");
  fs.writeFileSync(input, entity);
  openssl(opensslCms.encrypt(pki, cipher, input, output), work);
  return toCrlf(fs.readFileSync(output));
}

export function ensureEncryptedMessages(pki: BenchPki, cipher: BenchCipher, sizes: readonly BenchSize[], log: (line: string) => void): BenchMessage[] {
  return ensureMessages(
    {
      prefix: `encrypted-${cipher.label.toLowerCase()}`,
      version: 1,
      dependsOnPki: true,
      make: (size, attachmentBytes, work) => Buffer.concat([topHeaders(size), encrypt(pki, cipher, mimeEntity(attachmentBytes), work)]),
    },
    pki,
    sizes,
    log,
  );
}
