/**
 * Everything heavy the pane needs per message: the verifier (pkijs, asn1js, the built-in roots) and content
 * extraction. index.tsx loads this module with a dynamic import when the first message arrives, so the pane paints
 * without it.
 */
import type { Identity } from "../core/keys/identity.js";
import { decryptMessage } from "../core/message-decrypt.js";
import { extractContent, type MessageContent } from "../core/message-content.js";
import type { SignerMaterial } from "../core/signer-material.js";
import { createVerifier, type Verifier } from "../core/verify-message.js";
import type { Verdict } from "../core/verdict-types.js";
import { markStep } from "./timing.js";

// Made once: the built-in roots are parsed on first use and reused for every message.
let builtIn: Verifier | undefined;
// The verifier for the last set of extra anchors: the user's anchors rarely change between messages, and a verifier
// keeps the certificates it parsed and the signatures it checked.
let withExtra: { readonly key: string; readonly verifier: Verifier } | undefined;

export interface EngineResult {
  readonly verdict: Verdict;
  readonly content: MessageContent;
  /** The binding signer's certificate and announcements, for saving it as a contact; null without one. */
  readonly signer: SignerMaterial | null;
}

function anchorsKey(anchors: readonly Uint8Array[]): string {
  return anchors.map((der) => Array.from(der, (b) => b.toString(16).padStart(2, "0")).join("")).join(",");
}

function verifierFor(extraAnchors: readonly Uint8Array[]): Verifier {
  if (extraAnchors.length === 0) return (builtIn ??= createVerifier());
  const key = anchorsKey(extraAnchors);
  if (withExtra?.key !== key) withExtra = { key, verifier: createVerifier({ trustAnchors: extraAnchors }) };
  return withExtra.verifier;
}

/**
 * The plaintext of the message's encryption layer, for showing its content. The verifier opens the layer too but
 * keeps no plaintext: the verdict is a report, not a message store. Only a message whose body is the encrypted
 * layer is opened again here; one nested deeper shows as encrypted, with the verdict still saying it was decrypted.
 */
async function plaintextsOf(eml: Uint8Array, verdict: Verdict, identities: readonly Identity[]): Promise<Uint8Array[]> {
  if (verdict.encryption !== "decrypted" || identities.length === 0) return [];
  const opened = await decryptMessage(eml, identities, globalThis.crypto.subtle);
  return opened.ok ? [opened.outcome.content] : [];
}

/**
 * Verifies a message against the built-in roots plus `extraAnchors` (DER), opens its encryption with `identities`
 * (every stored key, superseded ones included), and extracts what to show of it.
 */
export async function checkMessage(eml: Uint8Array, extraAnchors: readonly Uint8Array[], identities: readonly Identity[] = []): Promise<EngineResult> {
  markStep("verifying");
  const { verdict, signer } = await verifierFor(extraAnchors).verifyWithSigner(eml, { identities });
  markStep("verified");
  let content: MessageContent;
  try {
    content = extractContent(eml, await plaintextsOf(eml, verdict, identities));
  } catch {
    // A fault in extraction must not hide the verdict; showing nothing is the safe side.
    content = { source: "unreadable", text: null, html: null, attachments: [] };
  }
  return { verdict, content, signer };
}
