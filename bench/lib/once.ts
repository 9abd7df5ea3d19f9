/**
 * The child side of the peak-memory probes (bench/*-once.ts). Each probe runs its operation once on a small warm-up
 * file (loading and compiling the engine costs a fixed few megabytes that belong to no message), reads the measured
 * file, collects garbage, and then, unless given --baseline, runs the operation on that file.
 *
 * On Linux the probe then resets the kernel's peak-RSS mark (writing 5 to /proc/self/clear_refs) just before the
 * operation, so the peak it reports is the operation's own: the resident set it started from plus what it added.
 * Without the reset the process peak is set while tsx compiles the engine at start-up, a few megabytes above
 * anything a 100 KB message costs, and two such peaks differ by more than the operation. Elsewhere the peak is the
 * whole process's, and only the difference between the two modes says anything. Prints one JSON line.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readBytes } from "./files.js";

/**
 * Warm-up operations on the small file. One loads the engine; V8 optimises the hot loops only after more work,
 * and a single warm-up left that compiling to the measured operation: its compiler's memory (on a thread of its
 * own) was most of what a 100 KB operation seemed to add, 0.3-0.5 MB, and not there with the compiler on the main
 * thread.
 */
const WARM_UP_RUNS = 20;

export interface OnceResult {
  /** Peak resident set in KiB: since the reset when `peakReset`, else over the whole process. */
  readonly maxRssKB: number;
  /** The resident set in KiB when the measured part began (after the reset). */
  readonly rssBeforeKB: number;
  /** Whether the peak was reset just before the measured part. */
  readonly peakReset: boolean;
  /** What the operation reported on the measured file; null with --baseline. */
  readonly status: string | null;
  readonly ms: number | null;
}

export interface OnceArgs {
  readonly file: string;
  readonly warm: string;
  readonly baseline: boolean;
  /** The script's own options, by name. */
  readonly options: Readonly<Record<string, string | undefined>>;
}

/** `SCRIPT FILE --warm SMALL [--baseline]` plus the script's own string options; exits with a usage line on error. */
export function parseOnceArgs(usage: string, names: readonly string[], required: readonly string[] = names): OnceArgs {
  try {
    const { values, positionals } = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        warm: { type: "string" },
        baseline: { type: "boolean", default: false },
        ...Object.fromEntries(names.map((n) => [n, { type: "string" as const }])),
      },
    });
    const options = values as Record<string, string | boolean | undefined>;
    const file = positionals[0];
    const warm = options["warm"];
    if (positionals.length !== 1 || file === undefined || typeof warm !== "string" || required.some((n) => options[n] === undefined)) throw new Error("missing arguments");
    const own = Object.fromEntries(names.map((n) => [n, options[n] as string | undefined]));
    return { file, warm, baseline: options["baseline"] === true, options: own };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nusage: ${usage}\n`);
    process.exit(2);
  }
}

/**
 * Runs the probe; `operation` returns a status word, and the warm-up must come out as `expected` (a warm-up that
 * fails would leave the measured run to pay for the loading it should have absorbed).
 */
export async function runOnce(args: OnceArgs, expected: string, operation: (bytes: Uint8Array) => Promise<string>): Promise<void> {
  const small = await readBytes(args.warm);
  for (let i = 0; i < WARM_UP_RUNS; i++) {
    const warm = await operation(small);
    if (warm !== expected) throw new Error(`warm-up ${args.warm}: ${warm}`);
  }
  const message = await readBytes(args.file);
  await settle();
  const peakReset = resetPeak();
  const rssBeforeKB = residentKB("VmRSS") ?? process.resourceUsage().maxRSS;
  let status: string | null = null;
  let ms: number | null = null;
  if (!args.baseline) {
    const start = performance.now();
    status = await operation(message);
    ms = performance.now() - start;
  }
  const maxRssKB = (peakReset ? residentKB("VmHWM") : null) ?? process.resourceUsage().maxRSS;
  const result: OnceResult = { maxRssKB, rssBeforeKB, peakReset, status, ms };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Collects garbage and lets the collection finish. V8 frees the memory of dead ArrayBuffers on a background thread
 * after the collection returns, so a measurement started at once saw the resident set fall during the operation
 * (rises of -0.4 to +0.9 MB for one 100 KB encryption, from run to run); after a pause and a second collection it
 * starts from a resident set that stays put.
 */
async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await pause(100);
  gc?.();
  await pause(100);
}

function resetPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/** A field of /proc/self/status in KiB (VmRSS now, VmHWM the peak), or null where there is no such file. */
function residentKB(field: "VmRSS" | "VmHWM"): number | null {
  try {
    const match = new RegExp(`^${field}:\\s*(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "latin1"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}
