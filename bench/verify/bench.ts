/**
 * The verify benchmark: our engine in a warm process, our CLI as a whole process and `openssl cms -verify` as a
 * whole process, on the same signed messages, plus the peak memory of one verification. Every run must come out
 * verified.
 */
import { createVerifier } from "../../src/core/verify-message.js";
import { ensureCliBuilt, INKAN_BIN } from "../lib/build.js";
import { benchFailure, fileOperation, runBenchCases, type BenchCase, type BenchContext, type BenchDescription } from "../lib/harness.js";
import type { BenchMessage } from "../lib/messages.js";
import { OPENSSL, opensslCms } from "../lib/openssl.js";
import { ensureBenchPki, type BenchPki } from "../lib/pki.js";
import { describeFailure } from "../lib/process.js";
import { selectSizes, WARM_UP_SIZE } from "../lib/sizes.js";
import { ensureSignedMessages } from "./messages.js";

const BENCH: BenchDescription = {
  name: "verify",
  ioColumn: "(+ read file)",
  ratioTargetFromBytes: 0,
  commands: {
    inProcess: "createVerifier({ trustAnchors: [rootDer], useDefaultRoots: false }).verify(bytes) in a warm process",
    cli: "node bin/inkan.js verify FILE --trust root.pem --no-default-roots --json",
    openssl: "openssl cms -verify -in FILE -CAfile root.pem -purpose smimesign -out /dev/null",
    peakMemory: "node --expose-gc --import tsx bench/verify-once.ts FILE --anchor root.der --warm SMALL [--baseline]; openssl under /usr/bin/time -f %M",
  },
};

function fail(message: string): never {
  throw benchFailure(BENCH.name, message);
}

function verifyCase(message: BenchMessage, warmFile: string, pki: BenchPki): BenchCase {
  const { file } = message;
  // Made once, as the task pane or a batch run does: trust anchors are read once, not per message.
  const verifier = createVerifier({ trustAnchors: [pki.rootDer], useDefaultRoots: false });
  return {
    label: message.size.label,
    message,
    inProcess: fileOperation(file, null, async (bytes) => {
      const verdict = await verifier.verify(bytes);
      if (verdict.status !== "verified") fail(`${file}: in-process verdict ${verdict.status} (${verdict.reasons.join(", ")})`);
      return null;
    }),
    cli: {
      command: process.execPath,
      args: [INKAN_BIN, "verify", file, "--trust", pki.rootPem, "--no-default-roots", "--json"],
      check: (run) => {
        if (run.code !== 0) fail(`${file}: ${describeFailure("inkan verify", run)}`);
        const status = (JSON.parse(run.stdout) as { status?: unknown }).status;
        if (status !== "verified") fail(`${file}: CLI verdict ${String(status)}`);
      },
    },
    openssl: {
      command: OPENSSL,
      args: opensslCms.verify(pki, file, "/dev/null"),
      check: (run) => {
        if (run.code !== 0 || !run.stderr.includes("Verification successful")) fail(`${file}: ${describeFailure("openssl cms -verify", run)}`);
      },
    },
    once: { script: "verify-once.ts", args: [file, "--anchor", pki.rootDerFile, "--warm", warmFile], status: "verified" },
  };
}

export async function runVerifyBench(ctx: BenchContext): Promise<string> {
  const sizes = selectSizes(ctx.args);
  ensureCliBuilt(ctx.log);
  const pki = ensureBenchPki(ctx.log);
  const messages = ensureSignedMessages(pki, sizes, ctx.log);
  const warmFile = ensureSignedMessages(pki, [WARM_UP_SIZE], ctx.log)[0]!.file;
  return runBenchCases(ctx, BENCH, messages.map((m) => verifyCase(m, warmFile, pki)));
}
