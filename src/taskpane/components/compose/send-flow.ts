/**
 * One press of Send, from the compose item to Microsoft Graph: read the draft as it is now, make the signer, sign
 * and/or encrypt, measure, send every copy (the To/Cc copy first, then one per Bcc recipient), and only when Graph
 * accepted all of them remove the draft. Every way this can stop is an outcome with a code; none of them touches the
 * draft, so the user loses nothing. No React here: the view renders the progress and the outcome.
 */
import type { SignError } from "../../../core/cms/sign/index.js";
import type { ComposeDraft, OutgoingCopy, ProtectErrorCode, RecipientStatus } from "../../../core/compose/types.js";
import type { Identity } from "../../../core/keys/identity.js";
import type { ComposeHost, DiscardResult, DraftReadFailureCode, SendFailureCode } from "../../../host/compose-host.js";
import type { KeyLoadProblem } from "../../../i18n/compose.js";
import type { IdentitySummary, InkanStore, Settings } from "../../../store/types.js";
import type { ComposeEngine } from "../../compose-engine.js";
import { senderIdentity, type SenderIdentity } from "./sender-identity.js";

export type SendProgress =
  | { readonly step: "reading" | "preparing" | "protecting" | "discarding" }
  /** `index` counts from 1. */
  | { readonly step: "sending"; readonly index: number; readonly total: number };

export type SendOutcome =
  | { readonly kind: "read-failed"; readonly code: DraftReadFailureCode; readonly detail: string }
  /** The draft's From address has no usable identity (it changed since the view looked, or the identity did). */
  | { readonly kind: "no-identity"; readonly address: string; readonly sender: Exclude<SenderIdentity, { kind: "ready" }> }
  | { readonly kind: "key-failed"; readonly code: KeyLoadProblem; readonly detail: string }
  | { readonly kind: "signer-failed"; readonly code: SignError; readonly detail: string }
  | { readonly kind: "protect-failed"; readonly code: ProtectErrorCode; readonly detail: string; readonly addresses: readonly string[] }
  /** Some copy is larger than the host sends; nothing was sent. The copies are kept for saving. */
  | { readonly kind: "too-large"; readonly copies: readonly OutgoingCopy[]; readonly limit: number; readonly largest: number; readonly subject: string }
  /**
   * A copy was refused or could not be sent. `delivered`: the addresses of the copies Graph accepted before it
   * (none when the To/Cc copy failed); `pending`: the failed copy and those after it, ready to be sent again as they
   * are, so that no one gets the message twice.
   */
  | {
      readonly kind: "send-failed";
      readonly code: SendFailureCode;
      readonly status: number | null;
      readonly detail: string;
      readonly delivered: readonly string[];
      readonly pending: readonly OutgoingCopy[];
      /** The failed copy (pending[0]) may have reached Exchange although no 202 came back (see SendResult.maybeSent). */
      readonly maybeSent: boolean;
    }
  /** Every copy was accepted. `discarded`: null while the draft is being removed. */
  | { readonly kind: "sent"; readonly delivered: readonly string[]; readonly discarded: DiscardResult | null }
  /** A fault in Inkan (an exception where results were expected). Nothing was sent. */
  | { readonly kind: "internal"; readonly detail: string };

export interface SendDeps {
  readonly host: ComposeHost;
  readonly engine: ComposeEngine;
  readonly store: InkanStore;
  readonly now: () => Date;
  /**
   * Told before each step. The flow waits for what it returns: signing and encrypting a large message keeps the
   * main thread busy, and a view that wants its progress painted first gets the chance here.
   */
  readonly onProgress: (progress: SendProgress) => void | Promise<void>;
  /**
   * Every copy was accepted; the draft is about to be removed. Outlook may end the pane when it closes the form, so
   * this is where the user learns that the message went out.
   */
  readonly onSent?: (delivered: readonly string[]) => void;
  /** The draft as read for this Send and its recipients' states, for the view to show what is being sent. */
  readonly onDraft?: (draft: ComposeDraft, statuses: readonly RecipientStatus[]) => void;
}

export interface SendChoice {
  readonly sign: boolean;
  readonly encrypt: boolean;
  readonly cipher: Settings["cipher"];
  /** Opens an identity kept under a passphrase only. */
  readonly passphrase?: string;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The To/Cc copy goes first: should it fail, no Bcc recipient has a message the others never got. */
function mainFirst(copies: readonly OutgoingCopy[]): OutgoingCopy[] {
  return [...copies].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "main" ? -1 : 1));
}

async function signingIdentity(
  store: InkanStore,
  summary: IdentitySummary,
  passphrase: string | undefined,
): Promise<{ readonly ok: true; readonly identity: Identity } | Extract<SendOutcome, { kind: "key-failed" }>> {
  let loaded;
  try {
    loaded = await store.loadIdentities(passphrase === undefined || passphrase === "" ? undefined : { passphrase });
  } catch (e) {
    return { kind: "key-failed", code: "store-failed", detail: message(e) };
  }
  const found = loaded.loaded.find((l) => l.summary.id === summary.id);
  if (found !== undefined) return { ok: true, identity: found.identity };
  if (loaded.locked.some((l) => l.id === summary.id)) return { kind: "key-failed", code: "locked", detail: summary.id };
  const failed = loaded.failed.find((f) => f.summary.id === summary.id);
  if (failed !== undefined) return { kind: "key-failed", code: "unusable", detail: failed.code };
  return { kind: "key-failed", code: "gone", detail: summary.id };
}

/**
 * Sends `copies` in order and removes the draft once every one was accepted. Also what "send the rest" runs after a
 * partial failure, with the copies that did not go out and the addresses that already got theirs.
 */
export async function sendCopies(
  deps: Pick<SendDeps, "host" | "onProgress" | "onSent">,
  copies: readonly OutgoingCopy[],
  alreadyDelivered: readonly string[] = [],
): Promise<SendOutcome> {
  const delivered = [...alreadyDelivered];
  for (const [i, copy] of copies.entries()) {
    await deps.onProgress({ step: "sending", index: i + 1, total: copies.length });
    const sent = await deps.host.sendMime(copy.mime, { userAction: true });
    if (!sent.ok) {
      return {
        kind: "send-failed",
        code: sent.code,
        status: sent.status ?? null,
        detail: sent.detail,
        delivered,
        pending: copies.slice(i),
        maybeSent: sent.maybeSent === true,
      };
    }
    delivered.push(...copy.deliverTo);
  }
  deps.onSent?.(delivered);
  await deps.onProgress({ step: "discarding" });
  return { kind: "sent", delivered, discarded: await deps.host.discardDraft() };
}

/** Everything before the first copy goes out: the copies to send, or why there are none. */
async function prepareCopies(deps: SendDeps, choice: SendChoice): Promise<SendOutcome | { readonly kind: "ready"; readonly copies: readonly OutgoingCopy[] }> {
  const { host, engine, store } = deps;
  await deps.onProgress({ step: "reading" });
  const read = await host.readDraft();
  if (!read.ok) return { kind: "read-failed", code: read.code, detail: read.detail };
  const { draft } = read;
  const now = deps.now();
  const contacts = await store.listContacts();
  deps.onDraft?.(draft, await engine.recipientStatuses(draft, contacts, now));

  const sender = senderIdentity(await store.listIdentities(), draft.from.address, now);
  if (sender.kind !== "ready") return { kind: "no-identity", address: draft.from.address, sender };

  let signer;
  if (choice.sign) {
    await deps.onProgress({ step: "preparing" });
    const identity = await signingIdentity(store, sender.summary, choice.passphrase);
    if (!("ok" in identity)) return identity;
    const made = await engine.createSigner(identity.identity);
    if (!made.ok) return { kind: "signer-failed", code: made.error, detail: made.detail };
    signer = made.signer;
  }

  await deps.onProgress({ step: "protecting" });
  const protectedCopies = await engine.protect(draft, {
    sign: choice.sign,
    encrypt: choice.encrypt,
    ...(signer === undefined ? {} : { signer }),
    ...(choice.encrypt ? { senderCertificate: sender.summary.certificate } : {}),
    contacts,
    cipher: choice.cipher,
    date: now,
  });
  if (!protectedCopies.ok) {
    return { kind: "protect-failed", code: protectedCopies.code, detail: protectedCopies.detail, addresses: protectedCopies.addresses ?? [] };
  }
  const copies = mainFirst(protectedCopies.copies);

  // Graph refuses a larger S/MIME message with 413 after the upload: measured here, nothing is sent in vain, and
  // no Bcc recipient gets a copy of a message the others never receive.
  const limit = await host.maxSendBytes();
  const largest = Math.max(...copies.map((c) => c.mime.byteLength));
  if (largest > limit) return { kind: "too-large", copies, limit, largest, subject: draft.subject };
  return { kind: "ready", copies };
}

/** Runs one Send. Resolves to an outcome; never rejects. */
export async function protectAndSendDraft(deps: SendDeps, choice: SendChoice): Promise<SendOutcome> {
  let prepared;
  try {
    prepared = await prepareCopies(deps, choice);
  } catch (e) {
    // Host, store and engine calls resolve to results; an exception is a bug or a broken browser. Nothing has been
    // sent at this point.
    return { kind: "internal", detail: message(e) };
  }
  return prepared.kind === "ready" ? sendCopies(deps, prepared.copies) : prepared;
}
