/**
 * One signing in a fresh process, for peak memory: `node --expose-gc --import tsx bench/sign-once.ts FILE
 * [--pki bench/out/pki] --warm SMALL.eml [--baseline]` (see bench/lib/once.ts). Also the process to profile.
 */
import { signMessage } from "../src/core/cms/sign/index.js";
import { benchIdentity } from "./lib/identity.js";
import { parseOnceArgs, runOnce } from "./lib/once.js";
import { benchPkiAt, PKI_DIR } from "./lib/pki.js";

const args = parseOnceArgs("sign-once.ts FILE [--pki DIR] --warm SMALL.eml [--baseline]", ["pki"], []);
const identity = benchIdentity(benchPkiAt(args.options["pki"] ?? PKI_DIR));
await runOnce(args, "ok", async (bytes) => {
  const signed = await signMessage(bytes, { identity, crypto: globalThis.crypto, now: new Date() });
  return signed.ok ? "ok" : signed.error;
});
