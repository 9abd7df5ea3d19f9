import { useCallback, useEffect, useRef, useState } from "react";
import type { Verdict } from "../core/verdict-types.js";
import type { Host, MessageFailure } from "../host/host.js";

export type CheckState =
  | { readonly phase: "idle" }
  | { readonly phase: "checking" }
  | { readonly phase: "done"; readonly verdict: Verdict; readonly name: string | null }
  | { readonly phase: "unavailable"; readonly reason: MessageFailure; readonly detail: string | null }
  /** verifyMessage threw: a bug in the engine, never a verdict on the message. */
  | { readonly phase: "error"; readonly message: string };

export type Verify = (eml: Uint8Array) => Promise<Verdict>;

/**
 * Checks the host's current message now and whenever it changes. A slow check that finishes after a newer one has
 * started is dropped, so the pane never shows the verdict of a message that is no longer selected.
 */
export function useMessageCheck(host: Host, verify: Verify): CheckState {
  const [state, setState] = useState<CheckState>({ phase: "idle" });
  const generation = useRef(0);

  const run = useCallback(async () => {
    const mine = ++generation.current;
    const current = (): boolean => mine === generation.current;
    setState({ phase: "checking" });
    const message = await host.getCurrentMessage();
    if (!current()) return;
    if (!message.ok) {
      setState(
        message.reason === "no-message"
          ? { phase: "idle" }
          : { phase: "unavailable", reason: message.reason, detail: message.detail ?? null },
      );
      return;
    }
    try {
      const verdict = await verify(message.eml);
      if (current()) setState({ phase: "done", verdict, name: message.name });
    } catch (e) {
      if (current()) setState({ phase: "error", message: e instanceof Error ? e.message : String(e) });
    }
  }, [host, verify]);

  useEffect(() => {
    void run();
    return host.onItemChanged(() => void run());
  }, [host, run]);

  return state;
}
