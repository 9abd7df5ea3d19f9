/**
 * Everything heavy the pane needs per message: the verifier (pkijs, asn1js, the built-in roots) and content
 * extraction. index.tsx loads this module with a dynamic import when the first message arrives, so the pane paints
 * without it.
 */
import { extractContent, type MessageContent } from "../core/message-content.js";
import { createVerifier, type Verifier } from "../core/verify-message.js";
import type { Verdict } from "../core/verdict-types.js";

// Made once: the built-in roots are parsed on first use and reused for every message.
let builtIn: Verifier | undefined;

export interface EngineResult {
  readonly verdict: Verdict;
  readonly content: MessageContent;
}

/** Verifies a message against the built-in roots plus `extraAnchors` (DER), and extracts what to show of it. */
export async function checkMessage(eml: Uint8Array, extraAnchors: readonly Uint8Array[]): Promise<EngineResult> {
  const verifier = extraAnchors.length === 0 ? (builtIn ??= createVerifier()) : createVerifier({ trustAnchors: extraAnchors });
  const verdict = await verifier.verify(eml);
  let content: MessageContent;
  try {
    content = extractContent(eml);
  } catch {
    // A fault in extraction must not hide the verdict; showing nothing is the safe side.
    content = { source: "unreadable", text: null, html: null, attachments: [] };
  }
  return { verdict, content };
}
