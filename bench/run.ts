/**
 * `npm run bench [-- NAME ...] [--sizes 100KB,1MB]`: runs the named benchmarks, or all of them, and prints their
 * tables together at the end, where they can be read side by side after the progress lines. Each benchmark is a
 * module loaded only when asked for, so one that needs a part of the engine not yet written breaks no other.
 */
import type { BenchContext } from "./lib/harness.js";

type Benchmark = (ctx: BenchContext) => Promise<string>;

const BENCHMARKS: Readonly<Record<string, Benchmark>> = {
  verify: async (ctx) => (await import("./verify/bench.js")).runVerifyBench(ctx),
  sign: async (ctx) => (await import("./sign/bench.js")).runSignBench(ctx),
  encrypt: async (ctx) => (await import("./encrypt/bench.js")).runEncryptBench(ctx),
  decrypt: async (ctx) => (await import("./decrypt/bench.js")).runDecryptBench(ctx),
  taskpane: async (ctx) => (await import("./taskpane/bench.js")).runTaskpaneBench(ctx),
  compose: async (ctx) => (await import("./compose/bench.js")).runComposeBench(ctx),
};

function usage(): string {
  return `usage: npm run bench [-- ${Object.keys(BENCHMARKS).join("|")} ...] [--sizes 100KB,1MB,10MB,50MB]\n`;
}

const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  process.stdout.write(usage());
  process.exit(0);
}
const sizesAt = argv.indexOf("--sizes");
const names = argv.filter((a, i) => !a.startsWith("--") && !(sizesAt >= 0 && i === sizesAt + 1));
const unknown = names.filter((n) => !(n in BENCHMARKS));
if (unknown.length > 0) {
  process.stderr.write(`bench: no benchmark named ${unknown.join(", ")}\n${usage()}`);
  process.exit(2);
}
if (typeof (globalThis as { gc?: unknown }).gc !== "function") {
  process.stderr.write("bench: run with node --expose-gc (npm run bench does), or garbage from one run is charged to the next\n");
}
const ctx: BenchContext = { args: argv, log: (line) => process.stderr.write(`${line}\n`) };
const reports: string[] = [];
try {
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
    reports.push(await BENCHMARKS[name]!(ctx));
  }
} finally {
  // A broken benchmark still leaves the tables of those that finished before it.
  if (reports.length > 0) process.stdout.write(`${reports.join("\n\n")}\n`);
}
