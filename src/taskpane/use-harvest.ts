import { useCallback, useEffect, useRef, useState } from "react";
import type { HarvestCode } from "../store/types.js";
import type { Keyring } from "./keyring.js";
import { pageLoaded } from "./page-load.js";
import type { CheckState } from "./use-message-check.js";

/** What became of the checked message's signer certificate. */
export type HarvestState =
  | { readonly phase: "none" }
  | { readonly phase: "saving" }
  /** The store's harvest rules decided; `confirmed`: the user asked to keep a certificate of an untrusted message. */
  | { readonly phase: "decided"; readonly code: HarvestCode; readonly confirmed: boolean };

export interface Harvest {
  readonly state: HarvestState;
  /** Keeps an untrusted message's certificate, marked as not verified; only offered after `needs-confirmation`. */
  readonly confirm: () => void;
}

const NONE: HarvestState = { phase: "none" };

/**
 * Offers each checked message's signer to the store, whose harvest rules decide what is kept: a `verified` signer is
 * kept at once, an `untrusted` one only when the user confirms, nothing from `invalid`, `mismatch` or `partial`.
 * Samples are never offered: they are verified only because the page trusts the test root for them. Contacts serve
 * writing, not reading, so a saved one does not call for checking the message again.
 */
export function useHarvest(check: CheckState, keyring: Keyring | null): Harvest {
  const [state, setState] = useState<HarvestState>(NONE);
  // The check a decision belongs to: a decision that arrives after another message was opened is dropped.
  const current = useRef<CheckState>(check);
  current.current = check;

  const offer = useCallback(
    async (checked: Extract<CheckState, { phase: "done" }>, confirmed: boolean): Promise<void> => {
      if (keyring === null) return;
      setState({ phase: "saving" });
      try {
        // Its code (the store's certificate handling) is fetched after the page has loaded, not during.
        await pageLoaded();
        const opened = await keyring.open();
        if (!opened.ok) {
          if (current.current === checked) setState(NONE);
          return;
        }
        const decision = await opened.store.harvest({
          status: checked.verdict.status,
          fromAddress: checked.verdict.from?.address ?? null,
          signer: checked.signer,
          userConfirmed: confirmed,
        });
        if (current.current !== checked) return;
        setState({ phase: "decided", code: decision.code, confirmed });
      } catch {
        // The browser's storage broke under the store: said like a failed write; the verdict stands.
        if (current.current === checked) setState({ phase: "decided", code: "storage-failed", confirmed });
      }
    },
    [keyring],
  );

  useEffect(() => {
    setState(NONE);
    if (check.phase !== "done" || check.trust === "sample" || check.signer === null) return;
    void offer(check, false);
  }, [check, offer]);

  const confirm = useCallback(() => {
    const checked = current.current;
    if (checked.phase === "done" && state.phase === "decided" && state.code === "needs-confirmation") void offer(checked, true);
  }, [offer, state]);

  return { state, confirm };
}
