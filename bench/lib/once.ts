/**
 * The child side of the peak-memory probes (bench/*-once.ts). Each probe runs its operation once on a small warm-up
 * file (loading and compiling the engine costs a fixed few megabytes that belong to no message), reads the measured
 * file, collects garbage, and then, unless given --baseline, runs the operation on that file. The difference
 * between the peaks of the two modes is what the operation on the file costs. Prints one JSON line.
 */
import { parseArgs } from "node:util";
import { readBytes } from "./files.js";

export interface OnceResult {
  /** process.resourceUsage().maxRSS: peak resident set in KiB over the whole process. */
  readonly maxRssKB: number;
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
  const warm = await operation(await readBytes(args.warm));
  if (warm !== expected) throw new Error(`warm-up ${args.warm}: ${warm}`);
  const message = await readBytes(args.file);
  (globalThis as { gc?: () => void }).gc?.();
  let status: string | null = null;
  let ms: number | null = null;
  if (!args.baseline) {
    const start = performance.now();
    status = await operation(message);
    ms = performance.now() - start;
  }
  const result: OnceResult = { maxRssKB: process.resourceUsage().maxRSS, status, ms };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
