/**
 * The compose view's surroundings in jsdom: a ComposeHost that follows its contract (results, never rejections) and
 * records every call in order, and an engine whose answers each test sets. The store is the real one (keyring-kit).
 */
import type { MessageSigner, SignFailure } from "../../src/core/cms/sign/index.js";
import type { ComposeDraft, Mailbox, OutgoingCopy, ProtectResult, RecipientStatus } from "../../src/core/compose/types.js";
import type { Identity } from "../../src/core/keys/identity.js";
import type { ComposeHost, DiscardResult, DraftReadResult, NewMessageForm, SendResult } from "../../src/host/compose-host.js";
import { GRAPH_MIME_LIMIT_BYTES } from "../../src/host/compose-host.js";
import type { Lang } from "../../src/i18n/language.js";
import { expiryState } from "../../src/store/expiry.js";
import type { ContactRecord } from "../../src/store/types.js";
import type { ComposeEngine, ProtectRequest } from "../../src/taskpane/compose-engine.js";

export const box = (address: string, name?: string): Mailbox => (name === undefined ? { address } : { name, address });

export function draftOf(overrides: Partial<ComposeDraft> = {}): ComposeDraft {
  return {
    from: box("me@example.jp", "Me Example"),
    to: [box("alice@example.jp", "Alice")],
    cc: [],
    bcc: [],
    subject: "Quarterly figures",
    html: "<p>Hello</p>",
    attachments: [],
    ...overrides,
  };
}

export type HostCall =
  | { readonly api: "readDraft" }
  | { readonly api: "sendMime"; readonly mime: string; readonly userAction: boolean }
  | { readonly api: "discardDraft" }
  | { readonly api: "openNewMessage"; readonly form: NewMessageForm }
  | { readonly api: "maxSendBytes" };

export interface FakeComposeHost extends ComposeHost {
  readonly calls: HostCall[];
  /** What the next readDraft calls answer, in turn; the last one repeats. */
  drafts: DraftReadResult[];
  /** What sendMime answers for each call, in turn; a 202 once the list is used up. */
  sends: (SendResult | Promise<SendResult>)[];
  discard: DiscardResult | Promise<DiscardResult>;
  limit: number;
}

export function fakeComposeHost(draft: ComposeDraft = draftOf()): FakeComposeHost {
  const host: FakeComposeHost = {
    calls: [],
    drafts: [{ ok: true, draft }],
    sends: [],
    discard: { ok: true },
    limit: GRAPH_MIME_LIMIT_BYTES,
    async readDraft() {
      host.calls.push({ api: "readDraft" });
      return host.drafts.length > 1 ? host.drafts.shift()! : host.drafts[0]!;
    },
    async sendMime(mime, options) {
      host.calls.push({ api: "sendMime", mime: new TextDecoder().decode(mime), userAction: options.userAction });
      return (await host.sends.shift()) ?? { ok: true };
    },
    async discardDraft() {
      host.calls.push({ api: "discardDraft" });
      return await host.discard;
    },
    openNewMessage(form) {
      host.calls.push({ api: "openNewMessage", form });
    },
    async maxSendBytes() {
      host.calls.push({ api: "maxSendBytes" });
      return host.limit;
    },
  };
  return host;
}

export interface EngineCall {
  readonly api: "createSigner" | "protect" | "certificateRequest";
  readonly identity?: Identity;
  readonly request?: ProtectRequest;
  readonly draft?: ComposeDraft;
  readonly lang?: Lang;
  readonly to?: Mailbox;
}

export interface FakeEngine extends ComposeEngine {
  readonly calls: EngineCall[];
  /** Overrides the copies protect makes (by default one per To/Cc group and one per Bcc address). */
  protectResult: ProtectResult | null;
  signerResult: SignFailure | null;
  /** Bytes of padding in each copy, to test the size limit. */
  padding: number;
}

const DAY_MS = 86_400_000;

/** What the store says of each recipient, as the engine's recipientStatuses reports it. */
function statusOf(field: RecipientStatus["field"], mailbox: Mailbox, contacts: readonly ContactRecord[], now: Date): RecipientStatus {
  const contact = contacts.find((c) => c.address === mailbox.address.toLowerCase());
  if (contact === undefined) return { field, mailbox, state: "none", source: null, verified: false, notAfter: null };
  const expiry = expiryState(contact.notBefore, contact.notAfter, now);
  const state = expiry === "valid" ? "valid" : expiry === "expiring-soon" ? "expiring" : "expired";
  return { field, mailbox, state, source: contact.source, verified: contact.verified, notAfter: contact.notAfter };
}

const fakeSigner: MessageSigner = {
  signMessage: async () => ({ ok: true, message: new Uint8Array() }),
  signEntity: async () => ({ ok: true, message: new Uint8Array() }),
};

/** A copy whose text says what it is, so tests can tell the copies apart in the host's calls. */
function copyOf(kind: OutgoingCopy["kind"], deliverTo: readonly string[], request: ProtectRequest, padding: number): OutgoingCopy {
  const label = `${kind} to ${deliverTo.join(",")} sign=${request.sign} encrypt=${request.encrypt}`;
  return { kind, deliverTo, mime: new TextEncoder().encode(label + " ".repeat(padding)) };
}

export function fakeEngine(): FakeEngine {
  const engine: FakeEngine = {
    calls: [],
    protectResult: null,
    signerResult: null,
    padding: 0,
    async recipientStatuses(draft, contacts, now) {
      return [
        ...draft.to.map((m) => statusOf("to", m, contacts, now)),
        ...draft.cc.map((m) => statusOf("cc", m, contacts, now)),
        ...draft.bcc.map((m) => statusOf("bcc", m, contacts, now)),
      ];
    },
    async createSigner(identity) {
      engine.calls.push({ api: "createSigner", identity });
      return engine.signerResult ?? { ok: true, signer: fakeSigner };
    },
    async protect(draft, request) {
      engine.calls.push({ api: "protect", draft, request });
      if (engine.protectResult !== null) return engine.protectResult;
      const main = [...draft.to, ...draft.cc].map((m) => m.address.toLowerCase());
      const bcc = draft.bcc.map((m) => m.address.toLowerCase());
      // As the engine does: Bcc recipients get copies of their own only when encrypting.
      const copies = request.encrypt
        ? [copyOf("main", main, request, engine.padding), ...bcc.map((a) => copyOf("bcc", [a], request, engine.padding))]
        : [copyOf("main", [...main, ...bcc], request, engine.padding)];
      return { ok: true, copies, cipher: request.encrypt ? "aes-256-cbc" : null };
    },
    async certificateRequest(lang, from, to) {
      engine.calls.push({ api: "certificateRequest", lang, to });
      return { to: [to], subject: `${lang}: certificate please`, htmlBody: `<p>from ${from.address}</p>` };
    },
  };
  return engine;
}

/** A sendMime answer the test releases when it wants, to look at the pane while a copy is on its way. */
export function heldSend(): { readonly promise: Promise<SendResult>; readonly release: (result?: SendResult) => void } {
  let release!: (result?: SendResult) => void;
  const promise = new Promise<SendResult>((resolve) => {
    release = (result = { ok: true }) => resolve(result);
  });
  return { promise, release };
}
