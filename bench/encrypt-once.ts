/**
 * One encryption in a fresh process, for peak memory: `node --expose-gc --import tsx bench/encrypt-once.ts FILE
 * --cipher aes-256-cbc|aes-256-gcm [--pki bench/out/pki] --warm SMALL.eml [--baseline]` (see bench/lib/once.ts).
 * Also the process to profile.
 */
import type { ContentCipher } from "../src/core/cms/encrypt/index.js";
import { nodeStreamingCipher } from "../src/cli/node-streaming-cipher.js";
import { encryptMessage } from "../src/core/message-crypto.js";
import { userCertificate } from "./lib/identity.js";
import { parseOnceArgs, runOnce } from "./lib/once.js";
import { benchPkiAt, PKI_DIR } from "./lib/pki.js";

const args = parseOnceArgs("encrypt-once.ts FILE --cipher NAME [--pki DIR] --warm SMALL.eml [--baseline]", ["cipher", "pki"], ["cipher"]);
const cipher = args.options["cipher"] as ContentCipher;
const recipients = [{ certificate: userCertificate(benchPkiAt(args.options["pki"] ?? PKI_DIR)) }];
await runOnce(args, "ok", async (bytes) => {
  // As `inkan encrypt` does it: the content through Node's streaming cipher.
  const encrypted = await encryptMessage(bytes, recipients, { crypto: globalThis.crypto, now: new Date(), cipher, streamingCipher: nodeStreamingCipher });
  if (!encrypted.ok) return encrypted.error;
  return encrypted.cipher === cipher ? "ok" : `encrypted with ${encrypted.cipher}`;
});
