/**
 * One verification in a fresh process, for peak memory: `node --import tsx bench/verify-once.ts FILE --anchor
 * ROOT.der [--baseline]`. With --baseline it loads the same modules and reads the same file but does not verify,
 * so the difference between the two peaks is what verifying costs. Prints one JSON line. Also the process to
 * profile: add `--cpu-prof --cpu-prof-dir bench/out/profiles` (or `--heap-prof`) to the node options.
 */
import { readFile } from "node:fs/promises";
import { verifyMessage } from "../src/core/verify-message.js";

export interface VerifyOnceResult {
  /** process.resourceUsage().maxRSS: peak resident set in KiB over the whole process. */
  readonly maxRssKB: number;
  readonly status: string | null;
  readonly verifyMs: number | null;
}

function parseArgs(argv: readonly string[]): { file: string; anchor: string; baseline: boolean } {
  const at = argv.indexOf("--anchor");
  const anchor = at >= 0 ? argv[at + 1] : undefined;
  const file = argv.find((a, i) => !a.startsWith("--") && argv[i - 1] !== "--anchor");
  if (file === undefined || anchor === undefined) {
    process.stderr.write("usage: verify-once.ts FILE --anchor ROOT.der [--baseline]\n");
    process.exit(2);
  }
  return { file, anchor, baseline: argv.includes("--baseline") };
}

const args = parseArgs(process.argv.slice(2));
const anchor = new Uint8Array(await readFile(args.anchor));
const buf = await readFile(args.file);
const message = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
let status: string | null = null;
let verifyMs: number | null = null;
if (!args.baseline) {
  const start = performance.now();
  const verdict = await verifyMessage(message, { trustAnchors: [anchor], useDefaultRoots: false });
  verifyMs = performance.now() - start;
  status = verdict.status;
}
const result: VerifyOnceResult = { maxRssKB: process.resourceUsage().maxRSS, status, verifyMs };
process.stdout.write(`${JSON.stringify(result)}\n`);
