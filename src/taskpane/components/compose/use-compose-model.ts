/**
 * What the compose view shows before anyone presses Send: the draft's From and recipients as Outlook has them now,
 * each recipient's certificate state from the store, the sending identity and the user's settings. Read when the
 * view opens, when the user asks (recipients changed in Outlook), and when identities or contacts change.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { ComposeDraft, RecipientStatus } from "../../../core/compose/types.js";
import type { ComposeHost, DraftReadFailureCode } from "../../../host/compose-host.js";
import type { InkanStore, OpenStoreError, Settings } from "../../../store/types.js";
import type { ComposeEngine } from "../../compose-engine.js";
import type { Keyring } from "../../keyring.js";
import { senderIdentity, type SenderIdentity } from "./sender-identity.js";

export type ComposeModel =
  | { readonly phase: "loading" }
  /** No store: no identity to sign with, no contacts to encrypt to. */
  | { readonly phase: "no-store"; readonly code: OpenStoreError }
  | { readonly phase: "read-failed"; readonly code: DraftReadFailureCode; readonly detail: string }
  | {
      readonly phase: "ready";
      readonly store: InkanStore;
      readonly draft: ComposeDraft;
      readonly statuses: readonly RecipientStatus[];
      readonly sender: SenderIdentity;
      readonly settings: Settings;
      /** The sending identity's key opens only with its passphrase (it was kept under one only). */
      readonly needsPassphrase: boolean;
    };

export interface ComposeModelHandle {
  readonly model: ComposeModel;
  /** Reads the draft and the store again. */
  readonly reload: () => void;
  /** Shows a draft read for a Send (the recipients may have changed since the view read them). */
  readonly showDraft: (draft: ComposeDraft, statuses: readonly RecipientStatus[]) => void;
}

async function load(host: ComposeHost, engine: ComposeEngine, keyring: Keyring | null, now: Date): Promise<ComposeModel> {
  if (keyring === null) return { phase: "no-store", code: "unavailable" };
  const opened = await keyring.open();
  if (!opened.ok) return { phase: "no-store", code: opened.code };
  const { store } = opened;
  const read = await host.readDraft();
  if (!read.ok) return { phase: "read-failed", code: read.code, detail: read.detail };
  const { draft } = read;
  const [contacts, identities, settings] = await Promise.all([store.listContacts(), store.listIdentities(), store.getSettings()]);
  const sender = senderIdentity(identities, draft.from.address, now);
  const masterKeyUnusable = (await store.health()).masterKey === "unusable";
  return {
    phase: "ready",
    store,
    draft,
    statuses: await engine.recipientStatuses(draft, contacts, now),
    sender,
    settings,
    needsPassphrase: sender.kind === "ready" && (!sender.summary.protection.includes("device") || masterKeyUnusable),
  };
}

/** `version`: bumped when identities or anchors change elsewhere (the Certificates view), which reloads. */
export function useComposeModel(host: ComposeHost, engine: ComposeEngine, keyring: Keyring | null, now: () => Date, version: number): ComposeModelHandle {
  const [model, setModel] = useState<ComposeModel>({ phase: "loading" });
  const [reloads, setReloads] = useState(0);
  // Only the latest read may show: a slow read started before a reload must not overwrite it.
  const latest = useRef(0);

  useEffect(() => {
    const mine = ++latest.current;
    setModel({ phase: "loading" });
    void load(host, engine, keyring, now()).then(
      (m) => {
        if (mine === latest.current) setModel(m);
      },
      () => {
        // The store threw (a broken browser): treated as no store, which says what cannot be done.
        if (mine === latest.current) setModel({ phase: "no-store", code: "failed" });
      },
    );
    // `now` is a clock, not an input: a new function from the parent must not re-read the draft.
  }, [host, engine, keyring, version, reloads]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const showDraft = useCallback((draft: ComposeDraft, statuses: readonly RecipientStatus[]) => {
    setModel((m) => (m.phase === "ready" ? { ...m, draft, statuses } : m));
  }, []);
  return { model, reload, showDraft };
}
