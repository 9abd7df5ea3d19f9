/**
 * The decrypt benchmark: mail that OpenSSL encrypted to the bench user with AES-256-CBC and AES-256-GCM, decrypted
 * by our engine in a warm process, by our CLI from the .p12 and by `openssl cms -decrypt`, plus the peak memory of
 * one decryption. Ours must give the content OpenSSL gives, with the readable fields put back in front.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Identity } from "../../src/core/keys/identity.js";
import { decryptMessage } from "../../src/core/message-crypto.js";
import { ensureCliBuilt, INKAN_BIN } from "../lib/build.js";
import { BENCH_CIPHERS, type BenchCipher } from "../lib/ciphers.js";
import {
  benchFailure,
  exitsZero,
  fileOperation,
  runBenchCases,
  slug,
  workDir,
  type BenchCase,
  type BenchContext,
  type BenchDescription,
} from "../lib/harness.js";
import { benchIdentity } from "../lib/identity.js";
import { isTailUnderHeaders, type BenchMessage } from "../lib/messages.js";
import { OPENSSL, opensslCms } from "../lib/openssl.js";
import { ensureBenchPki, type BenchPki } from "../lib/pki.js";
import { BENCH_SIZES, selectSizes, WARM_UP_SIZE } from "../lib/sizes.js";
import { ensureEncryptedMessages } from "./messages.js";

const BENCH: BenchDescription = {
  name: "decrypt",
  ioColumn: "(+ read, write file)",
  // At 100 KB both sides are dominated by the one RSA decryption and, for OpenSSL, by starting a process.
  ratioTargetFromBytes: BENCH_SIZES[1]!.bytes,
  commands: {
    inProcess: "decryptMessage(bytes, [identity], globalThis.crypto.subtle) in a warm process, identity from the PEM files",
    cli: "node bin/inkan.js decrypt FILE --identity user.p12 --password-file user.pass -o OUT",
    openssl: "openssl cms -decrypt -in FILE -inkey user.key -recip user.pem -out OUT",
    peakMemory: "node --expose-gc --import tsx bench/decrypt-once.ts FILE --pki DIR --warm SMALL [--baseline]; openssl under /usr/bin/time -f %M",
  },
};

function fail(message: string): never {
  throw benchFailure(BENCH.name, message);
}

function decryptCase(message: BenchMessage, cipher: BenchCipher, warmFile: string, pki: BenchPki, identity: Identity, work: string): BenchCase {
  const { file } = message;
  const label = `${message.size.label} ${cipher.label}`;
  const base = path.join(work, slug(label));
  const outputs = { ours: `${base}-ours.eml`, cli: `${base}-cli.eml`, openssl: `${base}-openssl.eml` };
  return {
    label,
    message,
    inProcess: fileOperation(file, outputs.ours, async (bytes) => {
      const decrypted = await decryptMessage(bytes, [identity], globalThis.crypto.subtle);
      if (!decrypted.ok) fail(`${file}: in-process ${decrypted.error}: ${decrypted.detail}`);
      return decrypted.message;
    }),
    cli: {
      command: process.execPath,
      args: [INKAN_BIN, "decrypt", file, "--identity", pki.userP12, "--password-file", pki.userPasswordFile, "-o", outputs.cli],
      check: exitsZero(BENCH.name, "inkan decrypt"),
    },
    openssl: { command: OPENSSL, args: opensslCms.decrypt(pki, file, outputs.openssl), check: exitsZero(BENCH.name, "openssl cms -decrypt") },
    once: { script: "decrypt-once.ts", args: [file, "--pki", pki.dir, "--warm", warmFile], status: "ok" },
    checkOutputs: async () => {
      const reference = fs.readFileSync(outputs.openssl);
      const ours = fs.readFileSync(outputs.ours);
      if (!isTailUnderHeaders(ours, reference)) fail(`in-process ${outputs.ours}: not OpenSSL's content ${outputs.openssl} under header fields`);
      if (!fs.readFileSync(outputs.cli).equals(ours)) fail(`CLI ${outputs.cli}: differs from the in-process result ${outputs.ours}`);
    },
  };
}

export async function runDecryptBench(ctx: BenchContext): Promise<string> {
  const sizes = selectSizes(ctx.args);
  ensureCliBuilt(ctx.log);
  const pki = ensureBenchPki(ctx.log);
  const identity = benchIdentity(pki);
  const work = workDir(BENCH.name);
  const byCipher = BENCH_CIPHERS.map((cipher) => ({
    cipher,
    messages: ensureEncryptedMessages(pki, cipher, sizes, ctx.log),
    warmFile: ensureEncryptedMessages(pki, cipher, [WARM_UP_SIZE], ctx.log)[0]!.file,
  }));
  // Size by size, both ciphers of a size next to each other, as in the table.
  const cases = sizes.flatMap((_, i) => byCipher.map(({ cipher, messages, warmFile }) => decryptCase(messages[i]!, cipher, warmFile, pki, identity, work)));
  return runBenchCases(ctx, BENCH, cases);
}
