import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = path.resolve(BENCH_DIR, "..");
/** Everything the benchmarks make or measure lands here; git ignores it. */
export const OUT_DIR = path.join(BENCH_DIR, "out");
