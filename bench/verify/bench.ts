/**
 * The verify benchmark: our engine in a warm process, our CLI as a whole process and `openssl cms -verify` as a
 * whole process, on the same signed messages, plus the peak memory of one verification. Any run that does not
 * verify makes the benchmark fail: a fast wrong answer measures nothing.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { readFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { createVerifier, type Verifier } from "../../src/core/verify-message.js";
import { ensureCliBuilt } from "../lib/build.js";
import { OPENSSL, opensslVersion } from "../lib/openssl.js";
import { OUT_DIR, REPO_DIR } from "../lib/paths.js";
import { ensureBenchPki, type BenchPki } from "../lib/pki.js";
import { describeFailure, ensureGnuTime, runProcess, runWithMaxRss, type ProcessRun } from "../lib/process.js";
import { mib, selectSizes, WARM_UP_SIZE } from "../lib/sizes.js";
import { collectGarbage, median, summarize, type Samples } from "../lib/stats.js";
import { fixed, formatTable } from "../lib/table.js";
import type { VerifyOnceResult } from "../verify-once.js";
import { ensureSignedMessages, type BenchMessage } from "./messages.js";

export interface BenchContext {
  readonly args: readonly string[];
  /** Progress and notes; stderr, so that stdout carries only the table. */
  readonly log: (line: string) => void;
}

/** The project's targets: at least as fast as OpenSSL in a warm process, and memory within a small multiple of the
 * message (the add-in holds the message and its parse in a browser tab). */
export const TARGET_RATIO_IN_PROCESS = 1.0;
export const TARGET_MEMORY_PER_SIZE = 4;
/** Peak RSS hardly varies between runs; three fresh processes each absorb the odd outlier. */
const MEMORY_RUNS = 3;
const RESULTS_FILE = path.join(OUT_DIR, "verify-results.json");

interface Row {
  readonly size: string;
  readonly messageBytes: number;
  readonly runs: number;
  readonly inProcessMs: Samples;
  readonly inProcessWithReadMs: Samples;
  readonly cliMs: Samples;
  readonly opensslMs: Samples;
  readonly ratioInProcessToOpenssl: number;
  readonly ratioCliToOpenssl: number;
  readonly ours: { readonly maxRssKB: number; readonly baselineMaxRssKB: number; readonly deltaKB: number; readonly deltaPerMessageSize: number };
  readonly openssl: { readonly maxRssKB: number | null };
}

function fail(message: string): never {
  throw new Error(`verify benchmark is broken: ${message}`);
}

async function inProcess(file: string, verifier: Verifier): Promise<{ verifyMs: number; withReadMs: number }> {
  collectGarbage();
  const start = performance.now();
  const buf = await readFile(file);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const read = performance.now();
  const verdict = await verifier.verify(bytes);
  const end = performance.now();
  if (verdict.status !== "verified") fail(`${file}: in-process verdict ${verdict.status} (${verdict.reasons.join(", ")})`);
  return { verifyMs: end - read, withReadMs: end - start };
}

function cliArgs(file: string, pki: BenchPki): string[] {
  return [path.join(REPO_DIR, "bin", "inkan.js"), "verify", file, "--trust", pki.rootPem, "--no-default-roots", "--json"];
}

function checkCli(file: string, run: ProcessRun): void {
  if (run.code !== 0) fail(`${file}: ${describeFailure("inkan verify", run)}`);
  const status = (JSON.parse(run.stdout) as { status?: unknown }).status;
  if (status !== "verified") fail(`${file}: CLI verdict ${String(status)}`);
}

async function cli(file: string, pki: BenchPki): Promise<number> {
  const run = await runProcess(process.execPath, cliArgs(file, pki));
  checkCli(file, run);
  return run.ms;
}

function opensslArgs(file: string, pki: BenchPki): string[] {
  return ["cms", "-verify", "-in", file, "-CAfile", pki.rootPem, "-purpose", "smimesign", "-out", "/dev/null"];
}

function checkOpenssl(file: string, run: ProcessRun): void {
  if (run.code !== 0 || !run.stderr.includes("Verification successful")) fail(`${file}: ${describeFailure("openssl cms -verify", run)}`);
}

async function opensslVerify(file: string, pki: BenchPki): Promise<number> {
  const run = await runProcess(OPENSSL, opensslArgs(file, pki));
  checkOpenssl(file, run);
  return run.ms;
}

async function verifyOnce(file: string, warmFile: string, pki: BenchPki, baseline: boolean): Promise<VerifyOnceResult> {
  const script = path.join(REPO_DIR, "bench", "verify-once.ts");
  const run = await runProcess(process.execPath, ["--expose-gc", "--import", "tsx", script, file, "--anchor", pki.rootDerFile, "--warm", warmFile, ...(baseline ? ["--baseline"] : [])]);
  if (run.code !== 0) fail(describeFailure("verify-once.ts", run));
  const result = JSON.parse(run.stdout) as VerifyOnceResult;
  if (!baseline && result.status !== "verified") fail(`${file}: verify-once verdict ${String(result.status)}`);
  return result;
}

async function ourPeakMemory(file: string, warmFile: string, pki: BenchPki): Promise<{ maxRssKB: number; baselineMaxRssKB: number }> {
  const measured: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < MEMORY_RUNS; i++) {
    baseline.push((await verifyOnce(file, warmFile, pki, true)).maxRssKB);
    measured.push((await verifyOnce(file, warmFile, pki, false)).maxRssKB);
  }
  return { maxRssKB: median(measured), baselineMaxRssKB: median(baseline) };
}

async function opensslPeakMemory(file: string, pki: BenchPki, gnuTime: string | null): Promise<number | null> {
  if (gnuTime === null) return null;
  const peaks: number[] = [];
  for (let i = 0; i < MEMORY_RUNS; i++) {
    const { run, maxRssKB } = await runWithMaxRss(gnuTime, OPENSSL, opensslArgs(file, pki));
    checkOpenssl(file, run);
    peaks.push(maxRssKB);
  }
  return median(peaks);
}

async function measure(message: BenchMessage, warmFile: string, pki: BenchPki, gnuTime: string | null, log: (line: string) => void): Promise<Row> {
  const { file, size } = message;
  // Made once, as the task pane or a batch run does: trust anchors are read once, not per message.
  const verifier = createVerifier({ trustAnchors: [pki.rootDer], useDefaultRoots: false });
  log(`bench: verify ${size.label} (${message.bytes} bytes): warm-up and ${size.runs} runs`);
  await inProcess(file, verifier);
  await cli(file, pki);
  await opensslVerify(file, pki);
  const verifyMs: number[] = [];
  const withReadMs: number[] = [];
  const cliMs: number[] = [];
  const opensslMs: number[] = [];
  // Interleaved rather than one tool after the other, so that drift in the machine's load hits all three alike.
  for (let i = 0; i < size.runs; i++) {
    const ours = await inProcess(file, verifier);
    verifyMs.push(ours.verifyMs);
    withReadMs.push(ours.withReadMs);
    cliMs.push(await cli(file, pki));
    opensslMs.push(await opensslVerify(file, pki));
  }
  log(`bench: verify ${size.label}: peak memory, ${MEMORY_RUNS} fresh processes each`);
  const ours = await ourPeakMemory(file, warmFile, pki);
  const opensslRss = await opensslPeakMemory(file, pki, gnuTime);
  const deltaKB = ours.maxRssKB - ours.baselineMaxRssKB;
  const inProcessMs = summarize(verifyMs);
  const cliSamples = summarize(cliMs);
  const opensslSamples = summarize(opensslMs);
  return {
    size: size.label,
    messageBytes: message.bytes,
    runs: size.runs,
    inProcessMs,
    inProcessWithReadMs: summarize(withReadMs),
    cliMs: cliSamples,
    opensslMs: opensslSamples,
    ratioInProcessToOpenssl: inProcessMs.median / opensslSamples.median,
    ratioCliToOpenssl: cliSamples.median / opensslSamples.median,
    ours: { ...ours, deltaKB, deltaPerMessageSize: (deltaKB * 1024) / message.bytes },
    openssl: { maxRssKB: opensslRss },
  };
}

const kbToMib = (kb: number): number => kb / 1024;

function table(rows: readonly Row[]): string {
  return formatTable(
    [
      "size",
      "ours in-process ms",
      "(+ read file)",
      "ours CLI ms",
      "openssl ms",
      "in-process/openssl",
      "CLI/openssl",
      "our peak RSS MB (delta, ×size)",
      "openssl peak RSS MB",
    ],
    rows.map((r) => [
      `${r.size} (${fixed(mib(r.messageBytes), 2)} MB)`,
      fixed(r.inProcessMs.median),
      fixed(r.inProcessWithReadMs.median),
      fixed(r.cliMs.median),
      fixed(r.opensslMs.median),
      fixed(r.ratioInProcessToOpenssl, 2),
      fixed(r.ratioCliToOpenssl, 2),
      `${fixed(kbToMib(r.ours.maxRssKB))} (${fixed(kbToMib(r.ours.deltaKB))}, ${fixed(r.ours.deltaPerMessageSize, 1)}×)`,
      r.openssl.maxRssKB === null ? "n/a" : fixed(kbToMib(r.openssl.maxRssKB)),
    ]),
  );
}

function targetLines(rows: readonly Row[]): string[] {
  const check = (ok: boolean): string => (ok ? "met" : "MISSED");
  return [
    `target in-process/openssl <= ${TARGET_RATIO_IN_PROCESS}: ${rows.map((r) => `${r.size} ${fixed(r.ratioInProcessToOpenssl, 2)} ${check(r.ratioInProcessToOpenssl <= TARGET_RATIO_IN_PROCESS)}`).join("; ")}`,
    `target peak RSS delta <= ${TARGET_MEMORY_PER_SIZE}× message: ${rows.map((r) => `${r.size} ${fixed(r.ours.deltaPerMessageSize, 1)}× ${check(r.ours.deltaPerMessageSize <= TARGET_MEMORY_PER_SIZE)}`).join("; ")}`,
  ];
}

function packageVersion(name: string): string | null {
  try {
    return (JSON.parse(fs.readFileSync(path.join(REPO_DIR, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return null;
  }
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["describe", "--always", "--dirty"], { cwd: REPO_DIR, stdio: ["ignore", "pipe", "ignore"] }).toString("utf8").trim();
  } catch {
    return null;
  }
}

export async function runVerifyBench(ctx: BenchContext): Promise<void> {
  const sizes = selectSizes(ctx.args);
  ensureCliBuilt(ctx.log);
  const pki = ensureBenchPki(ctx.log);
  const messages = ensureSignedMessages(pki, sizes, ctx.log);
  const warmFile = ensureSignedMessages(pki, [WARM_UP_SIZE], ctx.log)[0]!.file;
  const gnuTime = ensureGnuTime(ctx.log);
  // Other work on the machine slows processes more than a warm in-process loop: the load belongs with the figures.
  const loadBefore = os.loadavg()[0]!;
  const rows: Row[] = [];
  for (const message of messages) rows.push(await measure(message, warmFile, pki, gnuTime, ctx.log));
  const loadAfter = os.loadavg()[0]!;

  const printed = [
    `verify: median wall-clock ms; MB = 2^20 bytes; ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, ${opensslVersion()}`,
    `load average (1 min) ${fixed(loadBefore, 2)} before, ${fixed(loadAfter, 2)} after`,
    table(rows),
    ...targetLines(rows),
  ].join("\n");
  process.stdout.write(`${printed}\n`);
  if (gnuTime === null) process.stdout.write("openssl peak RSS: n/a, GNU time (Debian package `time`) could not be installed\n");

  const results = {
    benchmark: "verify",
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      totalMemoryBytes: os.totalmem(),
      node: process.version,
      openssl: opensslVersion(),
      pkijs: packageVersion("pkijs"),
      asn1js: packageVersion("asn1js"),
      commit: gitCommit(),
      loadAverage1mBefore: loadBefore,
      loadAverage1mAfter: loadAfter,
    },
    commands: {
      inProcess: "createVerifier({ trustAnchors: [rootDer], useDefaultRoots: false }).verify(bytes) in a warm process",
      cli: "node bin/inkan.js verify FILE --trust root.pem --no-default-roots --json",
      openssl: "openssl cms -verify -in FILE -CAfile root.pem -purpose smimesign -out /dev/null",
      peakMemory: "node --import tsx bench/verify-once.ts FILE --anchor root.der [--baseline]; openssl under /usr/bin/time -f %M",
    },
    targets: { ratioInProcessToOpenssl: TARGET_RATIO_IN_PROCESS, peakDeltaPerMessageSize: TARGET_MEMORY_PER_SIZE },
    rows,
    table: printed,
  };
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  ctx.log(`bench: results written to ${path.relative(REPO_DIR, RESULTS_FILE)}`);
}
