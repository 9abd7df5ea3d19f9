/**
 * What every benchmark does once it knows its inputs: for each case (a size, perhaps a cipher), our engine in this
 * warm process, our CLI as a whole process and OpenSSL as a whole process, interleaved, then the peak memory of one
 * operation in a fresh process; one table with the targets, and the samples as JSON in bench/out. Any run that
 * comes out wrong stops the benchmark: a fast wrong answer measures nothing.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { readBytes } from "./files.js";
import type { BenchMessage } from "./messages.js";
import type { OnceResult } from "./once.js";
import { OPENSSL, openssl, opensslVersion } from "./openssl.js";
import { OUT_DIR, REPO_DIR } from "./paths.js";
import { describeFailure, ensureGnuTime, runProcess, runWithMaxRss, type ProcessRun } from "./process.js";
import { mib } from "./sizes.js";
import { collectGarbage, median, summarize, type Samples } from "./stats.js";
import { fixed, formatTable } from "./table.js";

export interface BenchContext {
  readonly args: readonly string[];
  /** Progress and notes; stderr, so that stdout carries only the tables. */
  readonly log: (line: string) => void;
}

/** The project's targets: at least as fast as OpenSSL in a warm process, and memory within a small multiple of the
 * message (the add-in holds the message and its parse in a browser tab). */
export const TARGET_RATIO_IN_PROCESS = 1.0;
export const TARGET_MEMORY_PER_SIZE = 4;
/** Peak RSS hardly varies between runs; three fresh processes each absorb the odd outlier. */
const MEMORY_RUNS = 5;

export interface ToolCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Throws unless the run did what it should. */
  readonly check: (run: ProcessRun) => void;
}

export interface InProcessTiming {
  /** The engine call alone, the input already in memory. */
  readonly opMs: number;
  /** Reading the input file, the call, and writing the output when there is one. */
  readonly withIoMs: number;
}

export interface BenchCase {
  /** The first column: the size, and what else tells rows of one size apart. */
  readonly label: string;
  readonly message: BenchMessage;
  /** One call into the engine in this warm process; throws unless its result is right. */
  readonly inProcess: () => Promise<InProcessTiming>;
  readonly cli: ToolCommand;
  readonly openssl: ToolCommand;
  /** The fresh-process probe (a bench/*-once.ts script, see lib/once.ts) and the status it must report. */
  readonly once: { readonly script: string; readonly args: readonly string[]; readonly status: string };
  /** Checks, once, what the warm-up runs wrote; throws when an output is wrong. */
  readonly checkOutputs?: () => Promise<void>;
}

export interface BenchDescription {
  readonly name: string;
  /** What "+ I/O" adds to the in-process time, as the column header says it. */
  readonly ioColumn: string;
  /** The in-process target applies from this message size up; below it the ratio is shown without a verdict. */
  readonly ratioTargetFromBytes: number;
  /** The commands behind each column, for the JSON. */
  readonly commands: Readonly<Record<string, string>>;
}

export interface Row {
  readonly label: string;
  readonly size: string;
  /** The size named (the targets go by it); the file comes a few bytes under it. */
  readonly sizeBytes: number;
  readonly messageBytes: number;
  readonly runs: number;
  readonly inProcessMs: Samples;
  readonly inProcessWithIoMs: Samples;
  readonly cliMs: Samples;
  readonly opensslMs: Samples;
  readonly ratioInProcessToOpenssl: number;
  readonly ratioCliToOpenssl: number;
  readonly ours: { readonly maxRssKB: number; readonly baselineMaxRssKB: number; readonly deltaKB: number; readonly peakReset: boolean; readonly deltaPerMessageSize: number };
  readonly openssl: { readonly maxRssKB: number | null };
}

export function benchFailure(name: string, message: string): Error {
  return new Error(`${name} benchmark is broken: ${message}`);
}

/** The check of a tool whose output is looked at separately (checkOutputs): it must exit 0. */
export function exitsZero(name: string, what: string): (run: ProcessRun) => void {
  return (run) => {
    if (run.code !== 0) throw benchFailure(name, describeFailure(what, run));
  };
}

/** OpenSSL as the judge of our output: its failure is the benchmark's. */
export function opensslMustAccept(name: string, args: readonly string[], cwd: string): Buffer {
  try {
    return openssl(args, cwd);
  } catch (error) {
    throw benchFailure(name, `OpenSSL does not accept our output: ${(error as Error).message}`);
  }
}

/** Where a benchmark's runs write their outputs; removed when the benchmark ends well, kept to look at otherwise. */
export function workDir(name: string): string {
  const dir = path.join(OUT_DIR, "work", name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function slug(label: string): string {
  return label.replace(/\s+/g, "").toLowerCase();
}

/**
 * The in-process case of an operation with a file in and (optionally) a file out: `run` gets the input bytes and
 * returns the output, throwing when the engine reports a failure.
 */
export function fileOperation(file: string, outFile: string | null, run: (bytes: Uint8Array) => Promise<Uint8Array | null>): () => Promise<InProcessTiming> {
  return async () => {
    const start = performance.now();
    const bytes = await readBytes(file);
    const read = performance.now();
    const output = await run(bytes);
    const done = performance.now();
    if (outFile !== null && output !== null) await writeFile(outFile, output);
    return { opMs: done - read, withIoMs: performance.now() - start };
  };
}

async function timeTool(tool: ToolCommand): Promise<number> {
  const run = await runProcess(tool.command, tool.args);
  tool.check(run);
  return run.ms;
}

async function once(bench: BenchDescription, c: BenchCase, baseline: boolean): Promise<OnceResult> {
  const script = path.join(REPO_DIR, "bench", c.once.script);
  const run = await runProcess(process.execPath, ["--expose-gc", "--import", "tsx", script, ...c.once.args, ...(baseline ? ["--baseline"] : [])]);
  if (run.code !== 0) throw benchFailure(bench.name, describeFailure(c.once.script, run));
  const result = JSON.parse(run.stdout) as OnceResult;
  if (!baseline && result.status !== c.once.status) throw benchFailure(bench.name, `${c.message.file}: ${c.once.script} reported ${String(result.status)}`);
  return result;
}

/**
 * What the operation adds to the resident set at its peak, in KiB: with the peak reset before the operation, the
 * median rise in the measured mode less the median rise in the baseline mode (the probe's own bookkeeping); without
 * it, the difference between the two modes' whole-process peaks.
 */
async function ourPeakMemory(bench: BenchDescription, c: BenchCase): Promise<{ maxRssKB: number; baselineMaxRssKB: number; deltaKB: number; peakReset: boolean }> {
  const measured: OnceResult[] = [];
  const baseline: OnceResult[] = [];
  for (let i = 0; i < MEMORY_RUNS; i++) {
    baseline.push(await once(bench, c, true));
    measured.push(await once(bench, c, false));
  }
  const peakReset = [...measured, ...baseline].every((r) => r.peakReset);
  const maxRssKB = median(measured.map((r) => r.maxRssKB));
  const baselineMaxRssKB = median(baseline.map((r) => r.maxRssKB));
  const rise = (runs: readonly OnceResult[]): number => median(runs.map((r) => r.maxRssKB - r.rssBeforeKB));
  const deltaKB = peakReset ? rise(measured) - rise(baseline) : maxRssKB - baselineMaxRssKB;
  return { maxRssKB, baselineMaxRssKB, deltaKB, peakReset };
}

async function opensslPeakMemory(tool: ToolCommand, gnuTime: string | null): Promise<number | null> {
  if (gnuTime === null) return null;
  const peaks: number[] = [];
  for (let i = 0; i < MEMORY_RUNS; i++) {
    const { run, maxRssKB } = await runWithMaxRss(gnuTime, tool.command, tool.args);
    tool.check(run);
    peaks.push(maxRssKB);
  }
  return median(peaks);
}

async function measure(bench: BenchDescription, c: BenchCase, gnuTime: string | null, log: (line: string) => void): Promise<Row> {
  const { size } = c.message;
  log(`bench: ${bench.name} ${c.label} (${c.message.bytes} bytes): warm-up and ${size.runs} runs`);
  collectGarbage();
  await c.inProcess();
  await timeTool(c.cli);
  await timeTool(c.openssl);
  await c.checkOutputs?.();
  const opMs: number[] = [];
  const withIoMs: number[] = [];
  const cliMs: number[] = [];
  const opensslMs: number[] = [];
  // Interleaved rather than one tool after the other, so that drift in the machine's load hits all three alike.
  for (let i = 0; i < size.runs; i++) {
    collectGarbage();
    const ours = await c.inProcess();
    opMs.push(ours.opMs);
    withIoMs.push(ours.withIoMs);
    cliMs.push(await timeTool(c.cli));
    opensslMs.push(await timeTool(c.openssl));
  }
  log(`bench: ${bench.name} ${c.label}: peak memory, ${MEMORY_RUNS} fresh processes each`);
  const ours = await ourPeakMemory(bench, c);
  const opensslRss = await opensslPeakMemory(c.openssl, gnuTime);
  const { deltaKB } = ours;
  const inProcessMs = summarize(opMs);
  const cliSamples = summarize(cliMs);
  const opensslSamples = summarize(opensslMs);
  return {
    label: c.label,
    size: size.label,
    sizeBytes: size.bytes,
    messageBytes: c.message.bytes,
    runs: size.runs,
    inProcessMs,
    inProcessWithIoMs: summarize(withIoMs),
    cliMs: cliSamples,
    opensslMs: opensslSamples,
    ratioInProcessToOpenssl: inProcessMs.median / opensslSamples.median,
    ratioCliToOpenssl: cliSamples.median / opensslSamples.median,
    ours: { ...ours, deltaKB, deltaPerMessageSize: (deltaKB * 1024) / c.message.bytes },
    openssl: { maxRssKB: opensslRss },
  };
}

const kbToMib = (kb: number): number => kb / 1024;

function table(bench: BenchDescription, rows: readonly Row[]): string {
  return formatTable(
    [
      "size",
      "ours in-process ms",
      bench.ioColumn,
      "ours CLI ms",
      "openssl ms",
      "in-process/openssl",
      "CLI/openssl",
      "our peak RSS MB (delta, ×size)",
      "openssl peak RSS MB",
    ],
    rows.map((r) => [
      `${r.label} (${fixed(mib(r.messageBytes), 2)} MB)`,
      fixed(r.inProcessMs.median),
      fixed(r.inProcessWithIoMs.median),
      fixed(r.cliMs.median),
      fixed(r.opensslMs.median),
      fixed(r.ratioInProcessToOpenssl, 2),
      fixed(r.ratioCliToOpenssl, 2),
      `${fixed(kbToMib(r.ours.maxRssKB))} (${fixed(kbToMib(r.ours.deltaKB))}, ${fixed(r.ours.deltaPerMessageSize, 1)}×)`,
      r.openssl.maxRssKB === null ? "n/a" : fixed(kbToMib(r.openssl.maxRssKB)),
    ]),
  );
}

function targetLines(bench: BenchDescription, rows: readonly Row[]): string[] {
  const check = (ok: boolean): string => (ok ? "met" : "MISSED");
  const ratio = (r: Row): string => {
    const value = `${r.label} ${fixed(r.ratioInProcessToOpenssl, 2)}`;
    return r.sizeBytes < bench.ratioTargetFromBytes ? `${value} (no target)` : `${value} ${check(r.ratioInProcessToOpenssl <= TARGET_RATIO_IN_PROCESS)}`;
  };
  const from = bench.ratioTargetFromBytes > 0 ? ` from ${fixed(mib(bench.ratioTargetFromBytes), 0)} MB up` : "";
  return [
    `target in-process/openssl <= ${TARGET_RATIO_IN_PROCESS}${from}: ${rows.map(ratio).join("; ")}`,
    `target peak RSS delta <= ${TARGET_MEMORY_PER_SIZE}× message: ${rows.map((r) => `${r.label} ${fixed(r.ours.deltaPerMessageSize, 1)}× ${check(r.ours.deltaPerMessageSize <= TARGET_MEMORY_PER_SIZE)}`).join("; ")}`,
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

/** Measures every case in order and returns the printed report (the caller prints it); writes
 * bench/out/NAME-results.json with all samples. */
export async function runBenchCases(ctx: BenchContext, bench: BenchDescription, cases: readonly BenchCase[]): Promise<string> {
  const gnuTime = ensureGnuTime(ctx.log);
  // Other work on the machine slows processes more than a warm in-process loop: the load belongs with the figures.
  const loadBefore = os.loadavg()[0]!;
  const rows: Row[] = [];
  for (const c of cases) rows.push(await measure(bench, c, gnuTime, ctx.log));
  const loadAfter = os.loadavg()[0]!;

  const lines = [
    `${bench.name}: median wall-clock ms; MB = 2^20 bytes; ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, ${opensslVersion()}`,
    `load average (1 min) ${fixed(loadBefore, 2)} before, ${fixed(loadAfter, 2)} after`,
    table(bench, rows),
    ...targetLines(bench, rows),
  ];
  if (gnuTime === null) lines.push("openssl peak RSS: n/a, GNU time (Debian package `time`) could not be installed");
  const printed = lines.join("\n");

  const results = {
    benchmark: bench.name,
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      totalMemoryBytes: os.totalmem(),
      node: process.version,
      openssl: opensslVersion(),
      opensslPath: OPENSSL,
      pkijs: packageVersion("pkijs"),
      asn1js: packageVersion("asn1js"),
      commit: gitCommit(),
      loadAverage1mBefore: loadBefore,
      loadAverage1mAfter: loadAfter,
    },
    commands: bench.commands,
    targets: {
      ratioInProcessToOpenssl: TARGET_RATIO_IN_PROCESS,
      ratioTargetFromBytes: bench.ratioTargetFromBytes,
      peakDeltaPerMessageSize: TARGET_MEMORY_PER_SIZE,
    },
    rows,
    table: printed,
  };
  const resultsFile = path.join(OUT_DIR, `${bench.name}-results.json`);
  fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  fs.rmSync(path.join(OUT_DIR, "work", bench.name), { recursive: true, force: true });
  ctx.log(`bench: results written to ${path.relative(REPO_DIR, resultsFile)}`);
  return printed;
}
