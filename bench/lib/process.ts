import { spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync } from "node:fs";
import { REPO_DIR } from "./paths.js";

export interface ProcessRun {
  /** Wall-clock time from spawning to the streams closing: what a user or a script waits for. */
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runProcess(command: string, args: readonly string[]): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: REPO_DIR, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({
        ms: performance.now() - start,
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}

export function describeFailure(what: string, run: ProcessRun): string {
  return `${what} exited with ${run.code}\n--- stdout\n${run.stdout.slice(0, 4000)}\n--- stderr\n${run.stderr.slice(0, 4000)}`;
}

const GNU_TIME = "/usr/bin/time";

/**
 * GNU time reports a child's peak RSS, which Node cannot read for a process it did not start itself in-process.
 * It comes from the Debian package `time`; when it is missing it is installed once, and the caller says so.
 */
export function ensureGnuTime(log: (line: string) => void): string | null {
  if (existsSync(GNU_TIME)) return GNU_TIME;
  log("bench: /usr/bin/time is missing; installing the Debian package `time` with apt-get to measure OpenSSL's peak RSS");
  const quiet: SpawnSyncOptions = { stdio: ["ignore", "ignore", "inherit"] };
  let ok = spawnSync("apt-get", ["install", "-y", "-qq", "time"], quiet).status === 0;
  if (!ok) ok = spawnSync("apt-get", ["update", "-qq"], quiet).status === 0 && spawnSync("apt-get", ["install", "-y", "-qq", "time"], quiet).status === 0;
  if (ok && existsSync(GNU_TIME)) return GNU_TIME;
  log("bench: could not install `time`; OpenSSL's peak RSS is reported as n/a");
  return null;
}

export interface MeasuredRss {
  readonly run: ProcessRun;
  readonly maxRssKB: number;
}

/** Runs a command under GNU time; its report is the last line of stderr, after anything the command wrote there. */
export async function runWithMaxRss(gnuTime: string, command: string, args: readonly string[]): Promise<MeasuredRss> {
  const run = await runProcess(gnuTime, ["-f", "%M", command, ...args]);
  const lines = run.stderr.trimEnd().split("\n");
  const last = lines.pop() ?? "";
  if (!/^\d+$/.test(last)) throw new Error(`${GNU_TIME} printed no peak RSS:\n${run.stderr}`);
  return { run: { ...run, stderr: lines.join("\n") }, maxRssKB: Number(last) };
}
