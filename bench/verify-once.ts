/**
 * One verification in a fresh process, for peak memory: `node --expose-gc --import tsx bench/verify-once.ts FILE
 * --anchor ROOT.der --warm SMALL.eml [--baseline]` (see bench/lib/once.ts). Also the process to profile: add
 * `--cpu-prof --cpu-prof-dir bench/out/profiles` (or `--heap-prof`) to the node options.
 */
import { createVerifier } from "../src/core/verify-message.js";
import { readBytes } from "./lib/files.js";
import { parseOnceArgs, runOnce } from "./lib/once.js";

const args = parseOnceArgs("verify-once.ts FILE --anchor ROOT.der --warm SMALL.eml [--baseline]", ["anchor"]);
const verifier = createVerifier({ trustAnchors: [await readBytes(args.options["anchor"]!)], useDefaultRoots: false });
await runOnce(args, "verified", async (bytes) => (await verifier.verify(bytes)).status);
