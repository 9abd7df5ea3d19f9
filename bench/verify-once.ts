/**
 * One verification in a fresh process, for peak memory: `node --expose-gc --import tsx bench/verify-once.ts FILE
 * --anchor ROOT.der --warm SMALL.eml [--baseline]`. Both modes first verify the small warm-up message (loading and
 * compiling the engine costs a fixed few megabytes that belong to no message), then collect garbage; with
 * --baseline the process stops there, otherwise it verifies FILE. The difference between the two peaks is what
 * verifying FILE costs. Prints one JSON line. Also the process to profile: add `--cpu-prof --cpu-prof-dir
 * bench/out/profiles` (or `--heap-prof`) to the node options.
 */
import { readFile } from "node:fs/promises";
import { createVerifier } from "../src/core/verify-message.js";

export interface VerifyOnceResult {
  /** process.resourceUsage().maxRSS: peak resident set in KiB over the whole process. */
  readonly maxRssKB: number;
  readonly status: string | null;
  readonly verifyMs: number | null;
}

function parseArgs(argv: readonly string[]): { file: string; anchor: string; warm: string; baseline: boolean } {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const anchor = value("--anchor");
  const warm = value("--warm");
  const file = argv.find((a, i) => !a.startsWith("--") && argv[i - 1] !== "--anchor" && argv[i - 1] !== "--warm");
  if (file === undefined || anchor === undefined || warm === undefined) {
    process.stderr.write("usage: verify-once.ts FILE --anchor ROOT.der --warm SMALL.eml [--baseline]\n");
    process.exit(2);
  }
  return { file, anchor, warm, baseline: argv.includes("--baseline") };
}

async function readBytes(file: string): Promise<Uint8Array> {
  const buf = await readFile(file);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

const args = parseArgs(process.argv.slice(2));
const verifier = createVerifier({ trustAnchors: [await readBytes(args.anchor)], useDefaultRoots: false });
const warm = await verifier.verify(await readBytes(args.warm));
if (warm.status !== "verified") throw new Error(`warm-up message verdict ${warm.status}`);
const message = await readBytes(args.file);
(globalThis as { gc?: () => void }).gc?.();
let status: string | null = null;
let verifyMs: number | null = null;
if (!args.baseline) {
  const start = performance.now();
  const verdict = await verifier.verify(message);
  verifyMs = performance.now() - start;
  status = verdict.status;
}
const result: VerifyOnceResult = { maxRssKB: process.resourceUsage().maxRSS, status, verifyMs };
process.stdout.write(`${JSON.stringify(result)}\n`);
