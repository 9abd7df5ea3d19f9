/// <reference types="office-js" />
import { MAX_MESSAGE_BYTES, type Host, type MessageResult } from "./host.js";
import { officeAsync } from "./office-async.js";

/**
 * The part of office.js this host uses. `typeof Office` satisfies it; tests hand in a fake that follows the documented
 * behaviour (callbacks with an AsyncResult, `item` absent when nothing is selected).
 */
export interface OfficeMailApi {
  readonly context: {
    readonly mailbox: {
      readonly item?: {
        /** Mailbox 1.14, read mode only: the whole message as base64 EML. Absent in compose mode and older clients. */
        readonly getAsFileAsync?: (callback: (result: Office.AsyncResult<string>) => void) => void;
      } | null;
      addHandlerAsync(
        eventType: Office.EventType,
        handler: (event?: unknown) => void,
        callback?: (result: Office.AsyncResult<void>) => void,
      ): void;
    };
    readonly requirements: { isSetSupported(name: string, minVersion?: string): boolean };
  };
  readonly EventType: { readonly ItemChanged: Office.EventType };
  readonly AsyncResultStatus: { readonly Succeeded: Office.AsyncResultStatus };
}

/** getAsFileAsync arrived in this requirement set; older clients need Microsoft Graph (not built yet). */
const GET_AS_FILE_SET = "1.14";

function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export interface OutlookHost extends Host {
  readonly kind: "outlook";
}

export function createOutlookHost(office: OfficeMailApi): OutlookHost {
  const listeners = new Set<() => void>();
  let registered = false;

  return {
    kind: "outlook",
    async getCurrentMessage(): Promise<MessageResult> {
      const item = office.context.mailbox.item;
      if (item === undefined || item === null) return { ok: false, reason: "no-message" };
      const getAsFile = item.getAsFileAsync;
      if (!office.context.requirements.isSetSupported("Mailbox", GET_AS_FILE_SET) || typeof getAsFile !== "function")
        return { ok: false, reason: "unsupported" };
      const outcome = await officeAsync<string>(office.AsyncResultStatus.Succeeded, (cb) => getAsFile.call(item, cb));
      if (!outcome.ok) return { ok: false, reason: "read-failed", detail: outcome.message };
      // Three bytes per four base64 characters: decide before decoding.
      if ((outcome.value.length / 4) * 3 > MAX_MESSAGE_BYTES) return { ok: false, reason: "too-large" };
      try {
        return { ok: true, eml: base64ToBytes(outcome.value), name: null };
      } catch (e) {
        return { ok: false, reason: "read-failed", detail: e instanceof Error ? e.message : String(e) };
      }
    },
    onItemChanged(cb) {
      listeners.add(cb);
      // One office.js handler fans out to our listeners: removeHandlerAsync would drop every handler of the type.
      if (!registered) {
        registered = true;
        office.context.mailbox.addHandlerAsync(office.EventType.ItemChanged, () => {
          for (const listener of [...listeners]) listener();
        });
      }
      return () => void listeners.delete(cb);
    },
  };
}
