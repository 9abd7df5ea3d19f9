/// <reference types="office-js" />
import type { ComposeAttachment, ComposeDraft, Mailbox } from "../core/compose/types.js";
import { base64DecodedLength, base64ToBytes } from "./base64.js";
import type { DraftReadFailureCode, DraftReadResult } from "./compose-host.js";
import { contentTypeForName } from "./content-type-by-name.js";
import { MAX_MESSAGE_BYTES } from "./host.js";
import { officeAsync, type AsyncOutcome } from "./office-async.js";

/**
 * The message being composed, read through office.js (Mailbox 1.8 and later): From, the recipients, the subject, the
 * HTML body and the attachments with their content. Threading fields are not here: Outlook keeps them to itself in
 * compose mode, and outlook-compose-host.ts asks Graph for them.
 */

type Callback<T> = (result: Office.AsyncResult<T>) => void;

/** The part of a compose-mode message item (Office.MessageCompose) this module uses. */
export interface ComposeItem {
  readonly itemType?: Office.MailboxEnums.ItemType | string;
  /** Mailbox 1.7. Absent in older clients, where the sender is the mailbox's own user. */
  readonly from?: { getAsync(callback: Callback<Office.EmailAddressDetails>): void };
  readonly to: { getAsync(callback: Callback<Office.EmailAddressDetails[]>): void };
  readonly cc: { getAsync(callback: Callback<Office.EmailAddressDetails[]>): void };
  readonly bcc: { getAsync(callback: Callback<Office.EmailAddressDetails[]>): void };
  readonly subject: { getAsync(callback: Callback<string>): void };
  readonly body: { getAsync(coercionType: Office.CoercionType | string, callback: Callback<string>): void };
  /** Mailbox 1.8. */
  getAttachmentsAsync?(callback: Callback<Office.AttachmentDetailsCompose[]>): void;
  /** Mailbox 1.8. */
  getAttachmentContentAsync?(attachmentId: string, callback: Callback<Office.AttachmentContent>): void;
  /** Mailbox 1.10: {composeType: "newMail" | "reply" | "forward", coercionType}. */
  getComposeTypeAsync?(callback: Callback<{ readonly composeType?: string }>): void;
  /** Mailbox 1.3: saves the draft to the server and answers its EWS id. */
  saveAsync?(callback: Callback<string>): void;
  /** Mailbox 1.8: the EWS id of the saved draft; fails with ItemNotSaved (9046) before the first save. */
  getItemIdAsync?(callback: Callback<string>): void;
  /** Mailbox 1.14. */
  closeAsync?(options: Office.AsyncContextOptions & { discardItem: boolean }, callback?: Callback<void>): void;
}

/** The part of the office.js global the compose host uses. `typeof Office` satisfies it. */
export interface OfficeComposeApi {
  readonly context: {
    readonly mailbox: {
      /** Narrowed with isComposeItem. */
      readonly item?: unknown;
      readonly userProfile?: { readonly displayName: string; readonly emailAddress: string };
      /** Mailbox 1.3. */
      readonly convertToRestId?: (itemId: string, restVersion: Office.MailboxEnums.RestVersion) => string;
      /** Mailbox 1.6 for the recipient objects used here. */
      readonly displayNewMessageForm?: (parameters: Office.MessageForm) => void;
    };
    readonly requirements: { isSetSupported(name: string, minVersion?: string): boolean };
  };
  readonly AsyncResultStatus: { readonly Succeeded: Office.AsyncResultStatus };
  readonly CoercionType: { readonly Html: Office.CoercionType };
  readonly MailboxEnums?: { readonly RestVersion: { readonly v2_0: Office.MailboxEnums.RestVersion } };
}

/** office.js's error code when an item's id is asked for before its first save. */
export const ITEM_NOT_SAVED = 9046;

/**
 * A message in compose mode. In read mode `subject` is a string and `body` has no setAsync; in compose mode both are
 * objects with getAsync and setAsync, which is how Microsoft's documentation tells the modes apart. An appointment
 * being composed has them too: its itemType is "appointment".
 */
export function isComposeItem(item: unknown): item is ComposeItem {
  if (typeof item !== "object" || item === null) return false;
  const candidate = item as { itemType?: unknown; subject?: unknown; body?: unknown; to?: unknown };
  const hasAsync = (value: unknown, method: string): boolean =>
    typeof value === "object" && value !== null && typeof (value as Record<string, unknown>)[method] === "function";
  return (
    (candidate.itemType === undefined || String(candidate.itemType) === "message") &&
    hasAsync(candidate.subject, "setAsync") &&
    hasAsync(candidate.body, "setAsync") &&
    hasAsync(candidate.to, "getAsync")
  );
}

const fail = (code: DraftReadFailureCode, detail: string): DraftReadResult => ({ ok: false, code, detail });

/** Outlook fills in the address as the display name for addresses it did not resolve; such a name says nothing. */
function toMailbox(details: { readonly displayName?: string | null; readonly emailAddress?: string | null }): Mailbox | null {
  const address = (details.emailAddress ?? "").trim();
  if (address === "") return null;
  const name = (details.displayName ?? "").trim();
  return name === "" || name.toLowerCase() === address.toLowerCase() ? { address } : { name, address };
}

function recipients(field: string, outcome: AsyncOutcome<Office.EmailAddressDetails[]>): Mailbox[] | DraftReadResult {
  if (!outcome.ok) return fail("office-read-failed", `${field}: ${outcome.message}`);
  const list: Mailbox[] = [];
  for (const details of outcome.value ?? []) {
    const mailbox = toMailbox(details);
    // A contact group Outlook has not expanded has a name and no address: sending would silently drop its members.
    if (mailbox === null) return fail("office-read-failed", `${field}: "${details.displayName ?? ""}" has no email address`);
    list.push(mailbox);
  }
  return list;
}

/** Reads the draft as it is now. Resolves to a result; never rejects. */
export async function readComposeItem(office: OfficeComposeApi, item: ComposeItem): Promise<DraftReadResult> {
  const succeeded = office.AsyncResultStatus.Succeeded;
  const from = item.from;
  const [fromOutcome, to, cc, bcc, subject, body] = await Promise.all([
    from === undefined ? Promise.resolve(null) : officeAsync<Office.EmailAddressDetails>(succeeded, (cb) => from.getAsync(cb)),
    officeAsync<Office.EmailAddressDetails[]>(succeeded, (cb) => item.to.getAsync(cb)),
    officeAsync<Office.EmailAddressDetails[]>(succeeded, (cb) => item.cc.getAsync(cb)),
    officeAsync<Office.EmailAddressDetails[]>(succeeded, (cb) => item.bcc.getAsync(cb)),
    officeAsync<string>(succeeded, (cb) => item.subject.getAsync(cb)),
    officeAsync<string>(succeeded, (cb) => item.body.getAsync(office.CoercionType.Html, cb)),
  ]);

  if (fromOutcome !== null && !fromOutcome.ok) return fail("office-read-failed", `from: ${fromOutcome.message}`);
  // Without item.from (before Mailbox 1.7), or when the user has not chosen another From, the sender is the user.
  const sender =
    (fromOutcome?.ok === true && fromOutcome.value !== null && fromOutcome.value !== undefined ? toMailbox(fromOutcome.value) : null) ??
    (office.context.mailbox.userProfile === undefined ? null : toMailbox(office.context.mailbox.userProfile));
  if (sender === null) return fail("office-read-failed", "from: Outlook gave no sender address");

  const toList = recipients("to", to);
  if (!Array.isArray(toList)) return toList;
  const ccList = recipients("cc", cc);
  if (!Array.isArray(ccList)) return ccList;
  const bccList = recipients("bcc", bcc);
  if (!Array.isArray(bccList)) return bccList;
  if (!subject.ok) return fail("office-read-failed", `subject: ${subject.message}`);
  if (!body.ok) return fail("office-read-failed", `body: ${body.message}`);
  const html = body.value ?? "";

  const attachments = await readAttachments(office, item, html);
  if (!Array.isArray(attachments)) return attachments;

  const draft: ComposeDraft = {
    from: sender,
    to: toList,
    cc: ccList,
    bcc: bccList,
    subject: subject.value ?? "",
    html,
    attachments,
  };
  return { ok: true, draft };
}

/** `cid:` URLs in the HTML, decoded (RFC 2392: a cid URL is the content id, URL-encoded). */
function cidReferences(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/\bcid:([^"'\s<>)]+)/gi)) {
    try {
      found.push(decodeURIComponent(match[1]!));
    } catch {
      found.push(match[1]!);
    }
  }
  return found;
}

const stripAngles = (id: string): string => id.trim().replace(/^<(.*)>$/, "$1");

function withExtension(name: string, extension: string): string {
  return name.toLowerCase().endsWith(extension) ? name : `${name}${extension}`;
}

async function readAttachments(office: OfficeComposeApi, item: ComposeItem, html: string): Promise<ComposeAttachment[] | DraftReadResult> {
  const list = item.getAttachmentsAsync;
  const content = item.getAttachmentContentAsync;
  if (typeof list !== "function" || typeof content !== "function")
    return fail("office-read-failed", "attachments: this Outlook cannot hand them over (Mailbox 1.8 is needed)");
  const succeeded = office.AsyncResultStatus.Succeeded;
  const listed = await officeAsync<Office.AttachmentDetailsCompose[]>(succeeded, (cb) => list.call(item, cb));
  if (!listed.ok) return fail("office-read-failed", `attachments: ${listed.message}`);
  const details = listed.value ?? [];

  // Checked before any content is fetched: a cloud attachment fails the whole read, and there is no point in
  // downloading the others first.
  const cloud = details.find((d) => String(d.attachmentType) === "cloud");
  if (cloud !== undefined) return fail("cloud-attachment", cloud.name);

  const references = cidReferences(html);
  const claimed = new Set<string>();
  const attachments: ComposeAttachment[] = [];
  let total = 0;
  // One at a time: each may be megabytes of base64 in memory, and Outlook fetches them from the server.
  for (const d of details) {
    total += d.size > 0 ? d.size : 0;
    if (total > MAX_MESSAGE_BYTES)
      return fail("attachment-read-failed", `${d.name}: the attachments pass the ${MAX_MESSAGE_BYTES / (1024 * 1024)} MB a message may hold`);
    const got = await officeAsync<Office.AttachmentContent>(succeeded, (cb) => content.call(item, d.id, cb));
    if (!got.ok) return fail("attachment-read-failed", `${d.name}: ${got.message}`);
    const read = attachmentContent(d, got.value);
    if ("code" in read) return read;

    let inline = d.isInline === true;
    let contentId = typeof d.contentId === "string" && d.contentId.trim() !== "" ? stripAngles(d.contentId) : undefined;
    if (inline && contentId === undefined) {
      // Before Mailbox 1.16 there is no contentId; Outlook's own cids start with the file name ("image001.png@01DA...").
      contentId = references.find((r) => !claimed.has(r) && (r === d.name || r.startsWith(`${d.name}@`)));
      // An inline image nothing in the HTML can be matched to still reaches the recipients, as an ordinary attachment.
      if (contentId === undefined) inline = false;
    }
    if (contentId !== undefined) claimed.add(contentId);
    attachments.push({
      name: read.name,
      contentType: read.contentType,
      content: read.content,
      inline,
      ...(inline && contentId !== undefined ? { contentId } : {}),
    });
  }
  return attachments;
}

function attachmentContent(
  details: Office.AttachmentDetailsCompose,
  got: Office.AttachmentContent,
): { readonly name: string; readonly contentType: string; readonly content: Uint8Array } | Extract<DraftReadResult, { ok: false }> {
  const format = String(got?.format ?? "");
  const text = typeof got?.content === "string" ? got.content : "";
  // Some clients hand over a content type although AttachmentDetailsCompose does not document one.
  const declared = (details as { contentType?: unknown }).contentType;
  const typeFor = (name: string): string =>
    typeof declared === "string" && /^[a-z]+\/[a-z0-9.+-]+$/i.test(declared) ? declared.toLowerCase() : contentTypeForName(name);
  switch (format) {
    case "base64": {
      if (base64DecodedLength(text) > MAX_MESSAGE_BYTES)
        return { ok: false, code: "attachment-read-failed", detail: `${details.name}: larger than a message may be` };
      try {
        return { name: details.name, contentType: typeFor(details.name), content: base64ToBytes(text) };
      } catch (e) {
        return { ok: false, code: "attachment-read-failed", detail: `${details.name}: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    // An attached message ("Forward as attachment", Attach Item): Outlook hands over its .eml as text, and item
    // attachments come without an extension in their name.
    case "eml":
      return { name: withExtension(details.name, ".eml"), contentType: "message/rfc822", content: new TextEncoder().encode(text) };
    case "iCalendar":
      return { name: withExtension(details.name, ".ics"), contentType: "text/calendar", content: new TextEncoder().encode(text) };
    case "url":
      return { ok: false, code: "cloud-attachment", detail: details.name };
    default:
      return { ok: false, code: "attachment-read-failed", detail: `${details.name}: content in an unknown format "${format}"` };
  }
}

export type ComposeKind = "newMail" | "reply" | "forward" | "unknown";

/** What kind of message this is (Mailbox 1.10); `unknown` on older clients or when the call fails. */
export async function composeKind(office: OfficeComposeApi, item: ComposeItem): Promise<ComposeKind> {
  const get = item.getComposeTypeAsync;
  if (typeof get !== "function") return "unknown";
  const outcome = await officeAsync<{ readonly composeType?: string }>(office.AsyncResultStatus.Succeeded, (cb) => get.call(item, cb));
  if (!outcome.ok) return "unknown";
  const kind = String(outcome.value?.composeType ?? "");
  return kind === "newMail" || kind === "reply" || kind === "forward" ? kind : "unknown";
}

export type ItemIdResult = { readonly ok: true; readonly id: string | null } | { readonly ok: false; readonly detail: string };

/**
 * The EWS id of the draft on the server; null when it has never been saved (there is then nothing on the server).
 * With `save`, an unsaved draft is saved first (saveAsync answers its id).
 */
export async function draftItemId(office: OfficeComposeApi, item: ComposeItem, options: { readonly save: boolean }): Promise<ItemIdResult> {
  const succeeded = office.AsyncResultStatus.Succeeded;
  const getId = item.getItemIdAsync;
  if (typeof getId === "function") {
    const outcome = await officeAsync<string>(succeeded, (cb) => getId.call(item, cb));
    if (outcome.ok && typeof outcome.value === "string" && outcome.value !== "") return { ok: true, id: outcome.value };
    if (!outcome.ok && outcome.code !== ITEM_NOT_SAVED) return { ok: false, detail: outcome.message };
  }
  if (!options.save) return { ok: true, id: null };
  const save = item.saveAsync;
  if (typeof save !== "function") return { ok: true, id: null };
  const saved = await officeAsync<string>(succeeded, (cb) => save.call(item, cb));
  if (!saved.ok) return { ok: false, detail: saved.message };
  return { ok: true, id: typeof saved.value === "string" && saved.value !== "" ? saved.value : null };
}
