/**
 * One decryption in a fresh process, for peak memory: `node --expose-gc --import tsx bench/decrypt-once.ts FILE
 * [--pki bench/out/pki] --warm SMALL.eml [--baseline]` (see bench/lib/once.ts). Also the process to profile.
 */
import { decryptMessage } from "../src/core/message-crypto.js";
import { benchIdentity } from "./lib/identity.js";
import { parseOnceArgs, runOnce } from "./lib/once.js";
import { benchPkiAt, PKI_DIR } from "./lib/pki.js";

const args = parseOnceArgs("decrypt-once.ts FILE [--pki DIR] --warm SMALL.eml [--baseline]", ["pki"], []);
const identities = [benchIdentity(benchPkiAt(args.options["pki"] ?? PKI_DIR))];
await runOnce(args, "ok", async (bytes) => {
  const decrypted = await decryptMessage(bytes, identities, globalThis.crypto.subtle);
  return decrypted.ok ? "ok" : decrypted.error;
});
