/**
 * `npm run bench [-- NAME ...] [--sizes 100KB,1MB]`: runs the named benchmarks, or all of them. Each benchmark is a
 * module loaded only when asked for, so one that needs a part of the engine not yet written breaks no other.
 */
import type { BenchContext } from "./verify/bench.js";

type Benchmark = (ctx: BenchContext) => Promise<void>;

const BENCHMARKS: Readonly<Record<string, Benchmark>> = {
  verify: async (ctx) => (await import("./verify/bench.js")).runVerifyBench(ctx),
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
for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
  await BENCHMARKS[name]!(ctx);
}
