/*
 * The copies of one outgoing message to hand to Graph sendMail, signed and/or encrypted.
 *
 * Graph delivers a MIME message to every address in its To, Cc and Bcc fields, and an encrypted message names
 * every recipient in its RecipientInfos. So, when encrypting, Bcc recipients cannot share the To/Cc copy without
 * being disclosed: the main copy names To and Cc (no Bcc field) and is encrypted to them and the sender; each Bcc
 * recipient gets a copy of their own that names only them (Bcc field) and is encrypted to them and the sender only.
 * The signature is made once: every copy carries the same signed entity, which holds the body only.
 *
 * Signed but not encrypted, one copy goes to everyone with the Bcc field kept: Exchange removes it on delivery, and
 * no RecipientInfos can give the Bcc recipients away.
 */
import type { ContentCipher, EncryptRecipient, EntityEncryptResult } from "../cms/encrypt/index.js";
import { encryptToEntity } from "../cms/encrypt/index.js";
import { OUR_CAPABILITIES } from "../cms/smime-capabilities.js";
import { bytesEqual } from "../cms/der.js";
import { prepareEntityPieces, splitTopLevelHeaders } from "../mime/build/index.js";
import { parseMessage } from "../mime/index.js";
import { composeMessage, type ComposedMessage, type HeaderRecipients } from "./build-message.js";
import { addressKey } from "./header-text.js";
import type { ComposeDraft, Mailbox, OutgoingCopy, ProtectErrorCode, ProtectOptions, ProtectResult } from "./types.js";

const MIME_VERSION = "MIME-Version: 1.0\r\n";
/** Weakest first: without integrity (CBC) before with it (GCM), then by key size. */
const CIPHER_STRENGTH: readonly ContentCipher[] = ["aes-128-cbc", "aes-256-cbc", "aes-128-gcm", "aes-256-gcm"];

type Failure = Extract<ProtectResult, { ok: false }>;

function fail(code: ProtectErrorCode, detail: string, addresses?: readonly string[]): Failure {
  return addresses === undefined ? { ok: false, code, detail } : { ok: false, code, detail, addresses };
}

/** Mailboxes with each address once (the first one kept), compared lower-cased. */
function uniqueMailboxes(mailboxes: readonly Mailbox[], seen = new Set<string>()): Mailbox[] {
  const out: Mailbox[] = [];
  for (const m of mailboxes) {
    const key = addressKey(m.address);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

/** To, Cc and (when `withBcc`) Bcc, each address once, in the first field that names it. */
function headerRecipients(draft: ComposeDraft, withBcc: boolean): HeaderRecipients {
  const seen = new Set<string>();
  const to = uniqueMailboxes(draft.to, seen);
  const cc = uniqueMailboxes(draft.cc, seen);
  return { to, cc, bcc: withBcc ? uniqueMailboxes(draft.bcc, seen) : [] };
}

function keysOf(mailboxes: readonly Mailbox[]): string[] {
  return mailboxes.map((m) => addressKey(m.address));
}

/** One recipient of an encryption, with the address that names it in errors. */
interface Addressed {
  readonly address: string;
  readonly recipient: EncryptRecipient;
}

/** Whom each address is encrypted to: its contact's certificate, or the sender's own when writing to themself. */
interface Resolved {
  readonly sender: Addressed | null;
  readonly byAddress: ReadonlyMap<string, EncryptRecipient>;
  /** Addresses with neither, lower-cased, in order. */
  readonly missing: readonly string[];
}

function resolveRecipients(addresses: readonly string[], draft: ComposeDraft, options: ProtectOptions): Resolved {
  const senderCertificate = options.senderCertificate;
  const sender: Addressed | null =
    senderCertificate === undefined
      ? null
      : {
          address: addressKey(draft.from.address),
          recipient: { certificate: senderCertificate, capabilities: options.senderCapabilities ?? OUR_CAPABILITIES },
        };
  const byAddress = new Map<string, EncryptRecipient>();
  const missing: string[] = [];
  for (const address of addresses) {
    const key = options.recipientKeys?.get(address);
    if (key !== undefined) byAddress.set(address, key.capabilities === undefined ? { certificate: key.certificate } : { certificate: key.certificate, capabilities: key.capabilities });
    else if (sender !== null && address === sender.address) byAddress.set(address, sender.recipient);
    else missing.push(address);
  }
  return { sender, byAddress, missing };
}

function weakest(ciphers: readonly ContentCipher[]): ContentCipher | null {
  let out: ContentCipher | null = null;
  for (const c of ciphers) if (out === null || CIPHER_STRENGTH.indexOf(c) < CIPHER_STRENGTH.indexOf(out)) out = c;
  return out;
}

/** The message naming `recipients`, signed (multipart/signed); the signer refuses a From its certificate does not name. */
async function signedMessage(composed: ComposedMessage, recipients: HeaderRecipients, options: ProtectOptions): Promise<{ ok: true; message: Uint8Array } | Failure> {
  if (options.signer === undefined) return fail("sign-failed", "signing was asked for but no signer was given");
  const signed = await options.signer.signMessage(composed.message(recipients), { now: options.date });
  if (!signed.ok) return fail("sign-failed", `${signed.error}: ${signed.detail}`);
  return { ok: true, message: signed.message };
}

async function encryptCopy(
  entity: readonly Uint8Array[],
  to: readonly Addressed[],
  prefix: string,
  options: ProtectOptions,
): Promise<{ ok: true; mime: Uint8Array; cipher: ContentCipher } | Failure> {
  // One certificate listed twice (an alias, or the sender among the recipients) needs one RecipientInfo.
  const unique = to.filter((r, i) => to.findIndex((s) => bytesEqual(s.recipient.certificate, r.recipient.certificate)) === i);
  const result: EntityEncryptResult = await encryptToEntity(
    entity,
    unique.map((r) => r.recipient),
    { crypto: options.crypto, now: options.date, ...(options.cipher === undefined ? {} : { cipher: options.cipher }) },
    new TextEncoder().encode(prefix + MIME_VERSION),
  );
  if (result.ok) return { ok: true, mime: result.entity, cipher: result.cipher };
  const who = result.recipient === undefined ? undefined : unique[result.recipient]?.address;
  return fail("encrypt-failed", `${who === undefined ? "" : `${who}: `}${result.error}: ${result.detail}`, who === undefined ? undefined : [who]);
}

async function encryptedCopies(composed: ComposedMessage, draft: ComposeDraft, options: ProtectOptions, resolved: Resolved, shown: Mailbox[], hidden: Mailbox[]): Promise<ProtectResult> {
  const { sender } = resolved;
  if (sender === null) {
    const address = addressKey(draft.from.address);
    return fail("encrypt-failed", `${address}: the sender's own certificate is needed, so that the sent copy stays readable`, [address]);
  }
  // Every address was resolved before this is called (see protectOutgoing).
  const addressed = (mailboxes: readonly Mailbox[]): Addressed[] =>
    keysOf(mailboxes).map((address) => ({ address, recipient: resolved.byAddress.get(address)! }));

  const main = headerRecipients(draft, false);
  let entity: readonly Uint8Array[] = [composed.entity];
  if (options.sign) {
    const signed = await signedMessage(composed, main, options);
    if (!signed.ok) return signed;
    const root = parseMessage(signed.message);
    const prepared = prepareEntityPieces(root, { fields: splitTopLevelHeaders(root).inner });
    // The signer wrote this entity itself, in 7-bit: a failure here is a bug, not an outcome.
    if (!prepared.ok) throw new Error(`the signed entity cannot be read back: ${prepared.detail}`);
    entity = prepared.pieces;
  }

  const copies: OutgoingCopy[] = [];
  const ciphers: ContentCipher[] = [];
  if (shown.length > 0) {
    const copy = await encryptCopy(entity, [...addressed(shown), sender], composed.headerFields(main), options);
    if (!copy.ok) return copy;
    copies.push({ kind: "main", deliverTo: keysOf(shown), mime: copy.mime, cipher: copy.cipher });
    ciphers.push(copy.cipher);
  }
  for (const m of hidden) {
    const header: HeaderRecipients = { to: [], cc: [], bcc: [m] };
    const copy = await encryptCopy(entity, [...addressed([m]), sender], composed.headerFields(header), options);
    if (!copy.ok) return copy;
    copies.push({ kind: "bcc", deliverTo: keysOf([m]), mime: copy.mime, cipher: copy.cipher });
    ciphers.push(copy.cipher);
  }
  return { ok: true, copies, cipher: weakest(ciphers) };
}

/**
 * Builds the draft and protects it as asked. Expected failures are results: no recipient, missing certificates (all
 * of them, lower-cased), a draft that cannot be written, the signer's or the encryption engine's refusal. With
 * neither sign nor encrypt, the one copy is the plain message. When encrypting, a Bcc address that is also in To or
 * Cc gets the main copy only, and a message with Bcc recipients only has no main copy.
 */
export async function protectOutgoing(draft: ComposeDraft, options: ProtectOptions): Promise<ProtectResult> {
  const shown = uniqueMailboxes([...draft.to, ...draft.cc]);
  const hidden = uniqueMailboxes(draft.bcc, new Set(keysOf(shown)));
  if (shown.length + hidden.length === 0) return fail("no-recipients", "the message has no To, Cc or Bcc recipient");

  const composed = composeMessage(draft, { ...options, random: options.random ?? ((bytes) => options.crypto.getRandomValues(bytes)) });
  if (!composed.ok) {
    const { problem } = composed;
    return fail("malformed-draft", `${problem.code}: ${problem.detail}`, problem.addresses?.map(addressKey));
  }

  if (options.encrypt) {
    const resolved = resolveRecipients(keysOf([...shown, ...hidden]), draft, options);
    const { missing } = resolved;
    if (missing.length > 0) return fail("missing-certificates", `no certificate to encrypt to for ${missing.join(", ")}`, missing);
    return encryptedCopies(composed.composed, draft, options, resolved, shown, hidden);
  }

  const everyone = headerRecipients(draft, true);
  const deliverTo = keysOf([...shown, ...hidden]);
  if (!options.sign) return { ok: true, copies: [{ kind: "main", deliverTo, mime: composed.composed.message(everyone), cipher: null }], cipher: null };
  const signed = await signedMessage(composed.composed, everyone, options);
  if (!signed.ok) return signed;
  return { ok: true, copies: [{ kind: "main", deliverTo, mime: signed.message, cipher: null }], cipher: null };
}
