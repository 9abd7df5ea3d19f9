/**
 * The sign benchmark: a plain mail made into multipart/signed (detached, SHA-256, RSA PKCS #1 v1.5) by our engine
 * in a warm process, by our CLI from the .p12 and by `openssl cms -sign` from the PEM key, plus the peak memory of
 * one signing. What we sign must verify with `openssl cms -verify` and carry the mail's body unchanged.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createSigner, type MessageSigner } from "../../src/core/cms/sign/index.js";
import { ensureCliBuilt, INKAN_BIN } from "../lib/build.js";
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
import { benchIdentity } from "../lib/identity.js";
import { bodyEntity, ensureMessages, PLAIN_MESSAGES, type BenchMessage } from "../lib/messages.js";
import { OPENSSL, opensslCms } from "../lib/openssl.js";
import { ensureBenchPki, type BenchPki } from "../lib/pki.js";
import { BENCH_SIZES, selectSizes, WARM_UP_SIZE } from "../lib/sizes.js";

const BENCH: BenchDescription = {
  name: "sign",
  ioColumn: "(+ read, write file)",
  // At 100 KB both sides are dominated by the one RSA signature and, for OpenSSL, by starting a process.
  ratioTargetFromBytes: BENCH_SIZES[1]!.bytes,
  commands: {
    inProcess: "signer.signMessage(bytes, { now }) in a warm process, the signer made once by createSigner({ identity, crypto }) from the PEM files, as `inkan sign --batch` does",
    cli: "node bin/inkan.js sign FILE --identity user.p12 --password-file user.pass -o OUT",
    openssl: "openssl cms -sign -in FILE -signer user.pem -inkey user.key -certfile inter.pem -md sha256 -out OUT",
    peakMemory: "node --expose-gc --import tsx bench/sign-once.ts FILE --pki DIR --warm SMALL [--baseline]; openssl under /usr/bin/time -f %M",
  },
};

function fail(message: string): never {
  throw benchFailure(BENCH.name, message);
}

function signCase(message: BenchMessage, warmFile: string, pki: BenchPki, signer: MessageSigner, work: string): BenchCase {
  const { file } = message;
  const base = path.join(work, slug(message.size.label));
  const outputs = { ours: `${base}-ours.eml`, cli: `${base}-cli.eml`, openssl: `${base}-openssl.eml` };
  return {
    label: message.size.label,
    message,
    inProcess: fileOperation(file, outputs.ours, async (bytes) => {
      const signed = await signer.signMessage(bytes, { now: new Date() });
      if (!signed.ok) fail(`${file}: in-process ${signed.error}: ${signed.detail}`);
      return signed.message;
    }),
    cli: {
      command: process.execPath,
      args: [INKAN_BIN, "sign", file, "--identity", pki.userP12, "--password-file", pki.userPasswordFile, "-o", outputs.cli],
      check: exitsZero(BENCH.name, "inkan sign"),
    },
    openssl: { command: OPENSSL, args: opensslCms.sign(pki, file, outputs.openssl), check: exitsZero(BENCH.name, "openssl cms -sign") },
    once: { script: "sign-once.ts", args: [file, "--pki", pki.dir, "--warm", warmFile], status: "ok" },
    checkOutputs: async () => {
      const expected = bodyEntity(await readBytes(file));
      const content = `${base}-content.txt`;
      for (const [who, output] of [["in-process", outputs.ours], ["CLI", outputs.cli]] as const) {
        opensslMustAccept(BENCH.name, opensslCms.verify(pki, output, content), work);
        if (!fs.readFileSync(content).equals(expected)) fail(`${who} ${output}: the signed content is not the body of ${file}`);
      }
      fs.rmSync(content);
    },
  };
}

export async function runSignBench(ctx: BenchContext): Promise<string> {
  const sizes = selectSizes(ctx.args);
  ensureCliBuilt(ctx.log);
  const pki = ensureBenchPki(ctx.log);
  const messages = ensureMessages(PLAIN_MESSAGES, pki, sizes, ctx.log);
  const warmFile = ensureMessages(PLAIN_MESSAGES, pki, [WARM_UP_SIZE], ctx.log)[0]!.file;
  // Made once, as a batch run or the compose pane does: the certificate is checked and the key imported once.
  const made = await createSigner({ identity: benchIdentity(pki), crypto: globalThis.crypto });
  if (!made.ok) fail(`the bench identity cannot sign: ${made.error}: ${made.detail}`);
  const work = workDir(BENCH.name);
  return runBenchCases(ctx, BENCH, messages.map((m) => signCase(m, warmFile, pki, made.signer, work)));
}
