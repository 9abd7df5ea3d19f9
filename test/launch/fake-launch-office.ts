/// <reference types="office-js" />
/**
 * Stand-ins for what Outlook hands the send guard, following the documented API: `Office.context.displayLanguage` is
 * an RFC 1766 tag ("en-US", "ja-JP"); `Office.context.requirements.isSetSupported("Mailbox", "1.14")` answers for
 * the highest Mailbox requirement set the client supports; `Office.actions.associate(name, fn)` maps the manifest's
 * FunctionName to a function; the OnMessageSend handler receives an Office.MailboxEvent whose `completed` takes
 * SmartAlertsEventCompletedOptions. Plus a config.json server for fetch and a manual clock for setTimeout.
 */
import type { PolicyFetch, PolicyResponse } from "../../src/launch/send-policy.js";

function versionAtLeast(have: string, want: string): boolean {
  const [hMajor = 0, hMinor = 0] = have.split(".").map(Number);
  const [wMajor = 0, wMinor = 0] = want.split(".").map(Number);
  return hMajor > wMajor || (hMajor === wMajor && hMinor >= wMinor);
}

export interface FakeOfficeOptions {
  readonly displayLanguage?: string;
  /** The highest Mailbox requirement set: Smart Alerts need 1.12, the dialog's pane button 1.14. */
  readonly mailbox?: string;
}

export function fakeOffice(options: FakeOfficeOptions = {}) {
  const mailbox = options.mailbox ?? "1.14";
  const associated = new Map<string, (event: unknown) => void>();
  return {
    associated,
    office: {
      context: {
        displayLanguage: options.displayLanguage ?? "en-US",
        requirements: {
          isSetSupported: (name: string, minVersion?: string): boolean =>
            name.toLowerCase() === "mailbox" && versionAtLeast(mailbox, minVersion ?? "1.1"),
        },
      },
      actions: {
        associate: (actionId: string, action: (event: unknown) => void): void => void associated.set(actionId, action),
      },
    },
  };
}

/** An OnMessageSend event that records every `completed` call. */
export function fakeSendEvent() {
  const calls: Office.SmartAlertsEventCompletedOptions[] = [];
  return {
    calls,
    event: { completed: (options: Office.SmartAlertsEventCompletedOptions): void => void calls.push(options) },
  };
}

/** What the config.json server answers: a body (200), an HTTP status, a network failure, or nothing at all. */
export type ConfigAnswer =
  | { readonly body: string }
  | { readonly status: number }
  | { readonly networkError: string }
  | { readonly hang: true };

export function configServer(answer: ConfigAnswer | (() => ConfigAnswer)) {
  const requests: Array<{ url: string; cache: string }> = [];
  const fetchFn: PolicyFetch = (url, init) => {
    requests.push({ url, cache: init.cache });
    const now = typeof answer === "function" ? answer() : answer;
    if ("hang" in now) return new Promise<PolicyResponse>(() => {});
    if ("networkError" in now) return Promise.reject(new TypeError(now.networkError));
    const status = "status" in now ? now.status : 200;
    const body = "body" in now ? now.body : "";
    return Promise.resolve({ status, ok: status >= 200 && status < 300, text: () => Promise.resolve(body) });
  };
  return { fetchFn, requests };
}

/** setTimeout/clearTimeout that fire only when the test advances the clock. */
export function manualTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  return {
    set: (callback: () => void, ms: number): number => {
      const id = nextId++;
      pending.set(id, { at: now + ms, callback });
      return id;
    },
    clear: (handle: unknown): void => void pending.delete(handle as number),
    pendingCount: (): number => pending.size,
    advance(ms: number): void {
      now += ms;
      for (const [id, timer] of [...pending]) {
        if (timer.at <= now) {
          pending.delete(id);
          timer.callback();
        }
      }
    },
  };
}

/** Lets promise callbacks queued so far run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
