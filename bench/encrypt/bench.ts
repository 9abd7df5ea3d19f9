/**
 * The encrypt benchmark: a plain mail encrypted to the bench user with AES-256-CBC (EnvelopedData) and AES-256-GCM
 * (AuthEnvelopedData) by our engine in a warm process, by our CLI and by `openssl cms -encrypt`, plus the peak memory
 * of one encryption. What we encrypt must decrypt with `openssl cms -decrypt` to the mail's body unchanged.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { nodeStreamingCipher } from "../../src/cli/node-streaming-cipher.js";
import { encryptMessage } from "../../src/core/message-crypto.js";
import { ensureCliBuilt, INKAN_BIN } from "../lib/build.js";
import { BENCH_CIPHERS, type BenchCipher } from "../lib/ciphers.js";
import { readBytes } from "../lib/files.js";
import {
  benchFailure,
  exitsZero,
  fileOperation,
  opensslMustAccept,
  runBenchCases,
  slug,
  workDir,
  type BenchCase,
  type BenchContext,
  type BenchDescription,
} from "../lib/harness.js";
import { userCertificate } from "../lib/identity.js";
import { bodyEntity, ensureMessages, PLAIN_MESSAGES, type BenchMessage } from "../lib/messages.js";
import { OPENSSL, opensslCms } from "../lib/openssl.js";
import { ensureBenchPki, type BenchPki } from "../lib/pki.js";
import { BENCH_SIZES, selectSizes, WARM_UP_SIZE } from "../lib/sizes.js";

const BENCH: BenchDescription = {
  name: "encrypt",
  ioColumn: "(+ read, write file)",
  // At 100 KB both sides are dominated by the one RSA encryption and, for OpenSSL, by starting a process.
  ratioTargetFromBytes: BENCH_SIZES[1]!.bytes,
  commands: {
    inProcess: "encryptMessage(bytes, [{ certificate }], { crypto: globalThis.crypto, now, cipher, streamingCipher: nodeStreamingCipher }) in a warm process, as inkan encrypt runs it",
    cli: "node bin/inkan.js encrypt FILE --to user.pem --cipher aes-256-cbc|aes-256-gcm -o OUT",
    openssl: "openssl cms -encrypt -in FILE -aes256|-aes-256-gcm -out OUT user.pem",
    peakMemory: "node --expose-gc --import tsx bench/encrypt-once.ts FILE --cipher NAME --pki DIR --warm SMALL [--baseline]; openssl under /usr/bin/time -f %M",
  },
};

function fail(message: string): never {
  throw benchFailure(BENCH.name, message);
}

/** The smime-type in the first header block: the CLI's output says which cipher it used only there. */
function smimeTypeOf(file: string): string | null {
  const head = fs.readFileSync(file).subarray(0, 4096).toString("latin1");
  return /smime-type=([A-Za-z-]+)/i.exec(head.slice(0, head.indexOf("\r\n\r\n")))?.[1] ?? null;
}

function encryptCase(message: BenchMessage, cipher: BenchCipher, warmFile: string, pki: BenchPki, certificate: Uint8Array, work: string): BenchCase {
  const { file } = message;
  const label = `${message.size.label} ${cipher.label}`;
  const base = path.join(work, slug(label));
  const outputs = { ours: `${base}-ours.eml`, cli: `${base}-cli.eml`, openssl: `${base}-openssl.eml` };
  return {
    label,
    message,
    inProcess: fileOperation(file, outputs.ours, async (bytes) => {
      const encrypted = await encryptMessage(bytes, [{ certificate }], { crypto: globalThis.crypto, now: new Date(), cipher: cipher.name, streamingCipher: nodeStreamingCipher });
      if (!encrypted.ok) fail(`${file}: in-process ${encrypted.error}: ${encrypted.detail}`);
      if (encrypted.cipher !== cipher.name) fail(`${file}: asked for ${cipher.name}, encrypted with ${encrypted.cipher}`);
      return encrypted.message;
    }),
    cli: {
      command: process.execPath,
      args: [INKAN_BIN, "encrypt", file, "--to", pki.userPem, "--cipher", cipher.name, "-o", outputs.cli],
      check: exitsZero(BENCH.name, "inkan encrypt"),
    },
    openssl: { command: OPENSSL, args: opensslCms.encrypt(pki, cipher, file, outputs.openssl), check: exitsZero(BENCH.name, "openssl cms -encrypt") },
    once: { script: "encrypt-once.ts", args: [file, "--cipher", cipher.name, "--pki", pki.dir, "--warm", warmFile], status: "ok" },
    checkOutputs: async () => {
      const expected = bodyEntity(await readBytes(file));
      const content = `${base}-content.txt`;
      for (const [who, output] of [["in-process", outputs.ours], ["CLI", outputs.cli]] as const) {
        const smimeType = smimeTypeOf(output);
        if (smimeType !== cipher.smimeType) fail(`${who} ${output}: smime-type ${String(smimeType)}, expected ${cipher.smimeType}`);
        opensslMustAccept(BENCH.name, opensslCms.decrypt(pki, output, content), work);
        if (!fs.readFileSync(content).equals(expected)) fail(`${who} ${output}: decrypts to something other than the body of ${file}`);
      }
      fs.rmSync(content);
    },
  };
}

export async function runEncryptBench(ctx: BenchContext): Promise<string> {
  const sizes = selectSizes(ctx.args);
  ensureCliBuilt(ctx.log);
  const pki = ensureBenchPki(ctx.log);
  const messages = ensureMessages(PLAIN_MESSAGES, pki, sizes, ctx.log);
  const warmFile = ensureMessages(PLAIN_MESSAGES, pki, [WARM_UP_SIZE], ctx.log)[0]!.file;
  const certificate = userCertificate(pki);
  const work = workDir(BENCH.name);
  const cases = messages.flatMap((m) => BENCH_CIPHERS.map((c) => encryptCase(m, c, warmFile, pki, certificate, work)));
  return runBenchCases(ctx, BENCH, cases);
}
