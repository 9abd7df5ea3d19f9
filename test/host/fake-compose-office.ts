/// <reference types="office-js" />
import type { OfficeComposeApi } from "../../src/host/compose-item.js";
import { restIdOf } from "./fake-office.js";

/**
 * A stand-in for office.js beside a message being composed, following the documented API (Office.MessageCompose):
 * `subject`, `body`, `to`, `cc`, `bcc` are objects with getAsync/setAsync; `from.getAsync` (Mailbox 1.7) answers
 * EmailAddressDetails; getAttachmentsAsync (1.8) answers AttachmentDetailsCompose objects, which carry no content
 * type; getAttachmentContentAsync (1.8) answers {format, content}: "base64" for files, "eml" (the message as text)
 * for item attachments, "url" for cloud ones; getItemIdAsync (1.8) fails with ItemNotSaved (9046) before the first
 * saveAsync (1.3), which answers the EWS id; getComposeTypeAsync (1.10); closeAsync({discardItem}) (1.14).
 * Callbacks come on a later task with an AsyncResult. Every call is written to `log`.
 */

export interface FakeAttachment {
  readonly id: string;
  readonly name: string;
  readonly attachmentType: "file" | "item" | "cloud";
  readonly size: number;
  readonly isInline: boolean;
  /** Mailbox 1.16. */
  readonly contentId?: string;
  /** What getAttachmentContentAsync answers. */
  readonly content: { readonly format: string; readonly content: string };
}

export interface OfficeError {
  readonly name: string;
  readonly message: string;
  readonly code: number;
}

export interface FakeComposeOptions {
  readonly mailbox?: string;
  readonly naa?: boolean;
  readonly itemType?: "message" | "appointment";
  readonly composeType?: "newMail" | "reply" | "forward";
  /** null: from.getAsync answers null (no From chosen); undefined: item.from absent (before Mailbox 1.7). */
  readonly from?: { displayName: string; emailAddress: string } | null;
  readonly to?: ReadonlyArray<{ displayName: string; emailAddress: string }>;
  readonly cc?: ReadonlyArray<{ displayName: string; emailAddress: string }>;
  readonly bcc?: ReadonlyArray<{ displayName: string; emailAddress: string }>;
  readonly subject?: string;
  readonly html?: string;
  readonly attachments?: readonly FakeAttachment[];
  /** The EWS id the draft gets when saved; set `saved` for a draft Outlook already autosaved. */
  readonly ewsId?: string;
  readonly saved?: boolean;
  /** Office errors by call name ("body.getAsync", "getAttachmentContentAsync:<id>", "closeAsync", ...). */
  readonly failures?: Readonly<Record<string, OfficeError>>;
}

export const ERRORS = {
  generic: { name: "GenericResponseError", message: "An internal error has occurred.", code: 9020 },
  attachmentDownload: { name: "AttachmentDownloadFailed", message: "The attachment could not be downloaded.", code: 9054 },
  itemNotSaved: { name: "ItemNotSaved", message: "The id can't be retrieved until the item is saved.", code: 9046 },
  cancelled: { name: "GenericResponseError", message: "The operation was cancelled by the user.", code: 9020 },
} as const satisfies Record<string, OfficeError>;

function versionAtLeast(have: string, want: string): boolean {
  const [hMajor = 0, hMinor = 0] = have.split(".").map(Number);
  const [wMajor = 0, wMinor = 0] = want.split(".").map(Number);
  return hMajor > wMajor || (hMajor === wMajor && hMinor >= wMinor);
}

type Callback<T> = (result: Office.AsyncResult<T>) => void;

export function fakeComposeOutlook(options: FakeComposeOptions = {}) {
  const version = options.mailbox ?? "1.14";
  const log: Array<{ readonly call: string; readonly args?: unknown }> = [];
  const failures = options.failures ?? {};
  let saved = options.saved === true;
  const ewsId = options.ewsId ?? "AAMkAGDraft/1+x=";
  const newMessageForms: Office.MessageForm[] = [];

  function answer<T>(call: string, callback: Callback<T> | undefined, value: () => T, args?: unknown): void {
    log.push(args === undefined ? { call } : { call, args });
    const error = failures[call];
    setTimeout(() => {
      if (callback === undefined) return;
      if (error !== undefined)
        callback({ status: "failed", value: undefined, error: { ...error } } as unknown as Office.AsyncResult<T>);
      else callback({ status: "succeeded", value: value() } as unknown as Office.AsyncResult<T>);
    }, 0);
  }

  const details = (list: ReadonlyArray<{ displayName: string; emailAddress: string }> | undefined) => () =>
    (list ?? []).map((r) => ({ ...r, recipientType: "externalUser" }));

  const field = (name: string, list: ReadonlyArray<{ displayName: string; emailAddress: string }> | undefined) => ({
    getAsync: (cb: Callback<Office.EmailAddressDetails[]>) => answer(`${name}.getAsync`, cb, details(list) as () => Office.EmailAddressDetails[]),
    setAsync: () => undefined,
  });

  const item: Record<string, unknown> = {
    itemType: options.itemType ?? "message",
    subject: { getAsync: (cb: Callback<string>) => answer("subject.getAsync", cb, () => options.subject ?? ""), setAsync: () => undefined },
    body: {
      getAsync: (coercion: string, cb: Callback<string>) => answer("body.getAsync", cb, () => options.html ?? "", coercion),
      setAsync: () => undefined,
    },
    to: field("to", options.to),
    cc: field("cc", options.cc),
    bcc: field("bcc", options.bcc),
    saveAsync: (cb: Callback<string>) =>
      answer("saveAsync", cb, () => {
        saved = true;
        return ewsId;
      }),
  };
  if (options.from !== undefined && versionAtLeast(version, "1.7"))
    item.from = {
      getAsync: (cb: Callback<Office.EmailAddressDetails | null>) =>
        answer("from.getAsync", cb, () => (options.from === null ? null : ({ ...options.from, recipientType: "user" } as unknown as Office.EmailAddressDetails))),
    };
  if (versionAtLeast(version, "1.8")) {
    item.getAttachmentsAsync = (cb: Callback<unknown[]>) =>
      answer("getAttachmentsAsync", cb, () =>
        (options.attachments ?? []).map(({ content: _content, ...d }) => ({ ...d, isServiceAccessible: true })),
      );
    item.getAttachmentContentAsync = (id: string, cb: Callback<Office.AttachmentContent>) => {
      const found = options.attachments?.find((a) => a.id === id);
      if (found === undefined) {
        log.push({ call: `getAttachmentContentAsync:${id}` });
        setTimeout(() => cb({ status: "failed", error: { name: "InvalidAttachmentId", message: "The attachment ID was invalid.", code: 9003 } } as unknown as Office.AsyncResult<Office.AttachmentContent>), 0);
        return;
      }
      answer(`getAttachmentContentAsync:${id}`, cb, () => ({ ...found.content }) as Office.AttachmentContent);
    };
    item.getItemIdAsync = (cb: Callback<string>) => {
      if (!saved && failures.getItemIdAsync === undefined) {
        log.push({ call: "getItemIdAsync" });
        setTimeout(() => cb({ status: "failed", value: undefined, error: { ...ERRORS.itemNotSaved } } as unknown as Office.AsyncResult<string>), 0);
        return;
      }
      answer("getItemIdAsync", cb, () => ewsId);
    };
  }
  if (versionAtLeast(version, "1.10"))
    item.getComposeTypeAsync = (cb: Callback<{ composeType: string; coercionType: string }>) =>
      answer("getComposeTypeAsync", cb, () => ({ composeType: options.composeType ?? "newMail", coercionType: "html" }));
  if (versionAtLeast(version, "1.14"))
    item.closeAsync = (opts: { discardItem?: boolean }, cb?: Callback<void>) => answer("closeAsync", cb, () => undefined, opts);

  const office = {
    context: {
      mailbox: {
        item: item as unknown,
        userProfile: { displayName: "Taro Yamada", emailAddress: "taro.yamada@example.co.jp" },
        convertToRestId(id: string, restVersion: Office.MailboxEnums.RestVersion): string {
          log.push({ call: "convertToRestId", args: { id, restVersion } });
          return restIdOf(id);
        },
        displayNewMessageForm(parameters: Office.MessageForm): void {
          log.push({ call: "displayNewMessageForm", args: parameters });
          newMessageForms.push(parameters);
        },
      },
      requirements: {
        isSetSupported(name: string, minVersion?: string): boolean {
          const set = name.toLowerCase();
          if (set === "mailbox") return versionAtLeast(version, minVersion ?? "1.1");
          if (set === "nestedappauth") return options.naa !== false && versionAtLeast("1.1", minVersion ?? "1.1");
          return false;
        },
      },
    },
    AsyncResultStatus: { Succeeded: "succeeded" as unknown as Office.AsyncResultStatus },
    CoercionType: { Html: "html" as unknown as Office.CoercionType },
    MailboxEnums: { RestVersion: { v2_0: "v2.0" as unknown as Office.MailboxEnums.RestVersion } },
  } satisfies OfficeComposeApi;

  return {
    office,
    log,
    newMessageForms,
    /** The draft's REST id, as Graph knows it. */
    restId: restIdOf(ewsId),
    calls: (): string[] => log.map((l) => l.call),
  };
}
