/**
 * One signing in a fresh process, for peak memory: `node --expose-gc --import tsx bench/sign-once.ts FILE
 * [--pki bench/out/pki] --warm SMALL.eml [--baseline]` (see bench/lib/once.ts). Also the process to profile.
 */
import { createSigner } from "../src/core/cms/sign/index.js";
import { benchIdentity } from "./lib/identity.js";
import { parseOnceArgs, runOnce } from "./lib/once.js";
import { benchPkiAt, PKI_DIR } from "./lib/pki.js";

const args = parseOnceArgs("sign-once.ts FILE [--pki DIR] --warm SMALL.eml [--baseline]", ["pki"], []);
const made = await createSigner({ identity: benchIdentity(benchPkiAt(args.options["pki"] ?? PKI_DIR)), crypto: globalThis.crypto });
if (!made.ok) throw new Error(`the bench identity cannot sign: ${made.error}: ${made.detail}`);
const { signer } = made;
await runOnce(args, "ok", async (bytes) => {
  const signed = await signer.signMessage(bytes, { now: new Date() });
  return signed.ok ? "ok" : signed.error;
});
