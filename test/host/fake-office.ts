/// <reference types="office-js" />
import type { OfficeMailApi, OutlookItem } from "../../src/host/outlook-host.js";

/**
 * A stand-in for office.js in Outlook, following the documented API: `Office.context.mailbox.item` is a new object for
 * each selected item and null when nothing is selected; `itemId` is the EWS id of a saved item and is absent in
 * compose mode; `getAsFileAsync` exists only in read mode on clients with Mailbox 1.14 and calls back asynchronously
 * with an AsyncResult whose value is the message as base64; `convertToRestId` (Mailbox 1.3) turns an EWS id into the
 * REST form, which differs by using "-" and "_" where EWS ids have "/" and "+"; `isSetSupported` answers for the
 * Mailbox and NestedAppAuth requirement sets; ItemChanged handlers run after `item` has been replaced.
 */

export interface FakeMessage {
  /** The EWS id Outlook exposes as itemId. */
  readonly ewsId: string;
  readonly eml: Uint8Array;
}

export interface FakeOutlookOptions {
  /** The highest Mailbox requirement set the client supports. */
  readonly mailbox?: string;
  /** Whether NestedAppAuth 1.1 is supported. */
  readonly naa?: boolean;
  readonly mode?: "read" | "compose";
  readonly selected?: FakeMessage | null;
  /** Delay before getAsFileAsync calls back, in milliseconds; a function to vary it by message. */
  readonly getAsFileDelayMs?: number | ((message: FakeMessage) => number);
}

function versionAtLeast(have: string, want: string): boolean {
  const [hMajor = 0, hMinor = 0] = have.split(".").map(Number);
  const [wMajor = 0, wMinor = 0] = want.split(".").map(Number);
  return hMajor > wMajor || (hMajor === wMajor && hMinor >= wMinor);
}

/** The REST form of an EWS id, as convertToRestId documents it. */
export function restIdOf(ewsId: string): string {
  return ewsId.replace(/\//g, "-").replace(/\+/g, "_");
}

export function fakeOutlook(options: FakeOutlookOptions = {}) {
  const mailboxVersion = options.mailbox ?? "1.14";
  const mode = options.mode ?? "read";
  const handlers: Array<() => void> = [];
  const getAsFileCalls: string[] = [];
  const convertCalls: Array<{ id: string; version: string }> = [];

  function itemFor(message: FakeMessage | null): OutlookItem | null {
    if (message === null) return null;
    if (mode === "compose") return {};
    const item: { itemId: string; getAsFileAsync?: OutlookItem["getAsFileAsync"] } = { itemId: message.ewsId };
    if (versionAtLeast(mailboxVersion, "1.14"))
      item.getAsFileAsync = (callback) => {
        getAsFileCalls.push(message.ewsId);
        const delay = typeof options.getAsFileDelayMs === "function" ? options.getAsFileDelayMs(message) : (options.getAsFileDelayMs ?? 0);
        setTimeout(
          () => callback({ status: "succeeded", value: Buffer.from(message.eml).toString("base64") } as unknown as Office.AsyncResult<string>),
          delay,
        );
      };
    return item;
  }

  const mailbox = {
    item: itemFor(options.selected ?? null) as OutlookItem | null,
    convertToRestId(id: string, version: Office.MailboxEnums.RestVersion): string {
      convertCalls.push({ id, version: String(version) });
      return restIdOf(id);
    },
    addHandlerAsync(type: Office.EventType, handler: () => void, callback?: (r: Office.AsyncResult<void>) => void): void {
      if (String(type) === "olkItemSelectedChanged") handlers.push(handler);
      setTimeout(() => callback?.({ status: "succeeded", value: undefined } as unknown as Office.AsyncResult<void>), 0);
    },
  };

  const office = {
    context: {
      mailbox,
      requirements: {
        isSetSupported(name: string, minVersion?: string): boolean {
          const set = name.toLowerCase();
          if (set === "mailbox") return versionAtLeast(mailboxVersion, minVersion ?? "1.1");
          if (set === "nestedappauth") return options.naa === true && versionAtLeast("1.1", minVersion ?? "1.1");
          return false;
        },
      },
    },
    EventType: { ItemChanged: "olkItemSelectedChanged" as unknown as Office.EventType },
    AsyncResultStatus: { Succeeded: "succeeded" as unknown as Office.AsyncResultStatus },
    MailboxEnums: { RestVersion: { v2_0: "v2.0" as unknown as Office.MailboxEnums.RestVersion } },
  } satisfies OfficeMailApi;

  return {
    office,
    getAsFileCalls,
    convertCalls,
    /** Selects another item (or none) the way Outlook does for a pinned pane: new item object, then ItemChanged. */
    select(message: FakeMessage | null): void {
      mailbox.item = itemFor(message);
      for (const handler of [...handlers]) handler();
    },
  };
}
