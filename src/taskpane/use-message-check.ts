import { useCallback, useEffect, useRef, useState } from "react";
import type { MessageContent } from "../core/message-content.js";
import type { SignerMaterial } from "../core/signer-material.js";
import type { Verdict } from "../core/verdict-types.js";
import type { Host, MessageFailure, Remedy } from "../host/host.js";
import { markStep } from "./timing.js";

/**
 * Which anchors the verdict was reached with: the built-in roots and the organisation's stored anchors, or those
 * plus the samples' test root.
 */
export type TrustScope = "built-in" | "sample";

export interface Checked {
  readonly verdict: Verdict;
  readonly content: MessageContent;
  readonly trust: TrustScope;
  /** The binding signer's certificate and announcements, offered to the store after the check; null without one. */
  readonly signer: SignerMaterial | null;
  /** The store's keys had not been read in time: the check ran without them, and runs again once they are. */
  readonly keysPending?: boolean;
}

export type CheckState =
  | { readonly phase: "idle" }
  | { readonly phase: "checking" }
  | ({ readonly phase: "done"; readonly name: string | null } & Checked)
  | { readonly phase: "unavailable"; readonly reason: MessageFailure; readonly detail: string | null; readonly remedy: Remedy }
  /** The check threw: a bug in the engine, never a verdict on the message. */
  | { readonly phase: "error"; readonly message: string };

/**
 * How a message is checked. `prepare` runs when the read of a message begins, and what it returns goes to `check`
 * with the message, so that work that does not need the message (reading the store's keys) overlaps the read.
 */
export interface Checker<P> {
  prepare(): P;
  check(eml: Uint8Array, prepared: P): Promise<Checked>;
}

export interface MessageCheck {
  readonly state: CheckState;
  /** Reads the message again as the user's own action (a button press), which may open a sign-in window. */
  readonly retry: () => void;
}

/** What to offer when a host does not say: a file works wherever reading fails, a retry where it may be passing. */
const DEFAULT_REMEDY = {
  "no-message": "none",
  unsupported: "drop-eml",
  "too-large": "none",
  "read-failed": "retry",
} as const satisfies Record<MessageFailure, Remedy>;

/**
 * Checks the host's current message now and whenever it changes. A slow check that finishes after a newer one has
 * started is dropped, so the pane never shows the verdict of a message that is no longer selected.
 */
export function useMessageCheck<P>(host: Host, checker: Checker<P>): MessageCheck {
  const [state, setState] = useState<CheckState>({ phase: "idle" });
  const generation = useRef(0);

  const run = useCallback(async (userAction: boolean) => {
    const mine = ++generation.current;
    const current = (): boolean => mine === generation.current;
    setState({ phase: "checking" });
    const prepared = checker.prepare();
    const message = await host.getCurrentMessage({ userAction });
    if (!current()) return;
    markStep("message-read");
    if (!message.ok) {
      setState(
        message.reason === "no-message"
          ? { phase: "idle" }
          : { phase: "unavailable", reason: message.reason, detail: message.detail ?? null, remedy: message.remedy ?? DEFAULT_REMEDY[message.reason] },
      );
      return;
    }
    try {
      const checked = await checker.check(message.eml, prepared);
      if (current()) setState({ phase: "done", name: message.name, ...checked });
    } catch (e) {
      if (current()) setState({ phase: "error", message: e instanceof Error ? e.message : String(e) });
    }
  }, [host, checker]);

  useEffect(() => {
    void run(false);
    return host.onItemChanged(() => void run(false));
  }, [host, run]);

  const retry = useCallback(() => void run(true), [run]);
  return { state, retry };
}
