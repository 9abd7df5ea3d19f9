/// <reference types="office-js" />
import { describe, expect, it, vi } from "vitest";
import { detectHost, type OfficeGlobal, type ScriptState } from "../../src/host/detect-host.js";
import { MAX_MESSAGE_BYTES } from "../../src/host/host.js";
import { officeAsync } from "../../src/host/office-async.js";
import { createOutlookHost } from "../../src/host/outlook-host.js";
import { createStandaloneHost } from "../../src/host/standalone-host.js";

/**
 * A stand-in for office.js in Outlook, following the documented behaviour: callbacks run asynchronously with an
 * AsyncResult {status: "succeeded" | "failed", value, error: {code, name, message}}; `item` is null when nothing is
 * selected; getAsFileAsync exists only in read mode on clients with Mailbox 1.14; ItemChanged fires on the mailbox.
 */
function fakeOffice(options: {
  host?: "Outlook" | null;
  mailboxVersion?: string;
  item?: { getAsFileAsync?: (cb: (r: Office.AsyncResult<string>) => void) => void } | null;
  onReady?: () => Promise<{ host: Office.HostType | null; platform: Office.PlatformType | null }>;
}) {
  const handlers: Array<{ type: string; handler: () => void }> = [];
  const [major, minor] = (options.mailboxVersion ?? "1.14").split(".").map(Number) as [number, number];
  const office = {
    context: {
      mailbox: {
        item: options.item === undefined ? null : options.item,
        addHandlerAsync: vi.fn((type: Office.EventType, handler: () => void, cb?: (r: Office.AsyncResult<void>) => void) => {
          handlers.push({ type: String(type), handler });
          setTimeout(() => cb?.({ status: "succeeded", value: undefined } as unknown as Office.AsyncResult<void>), 0);
        }),
      },
      requirements: {
        isSetSupported(name: string, minVersion?: string) {
          if (name.toLowerCase() !== "mailbox") return false;
          const [wantMajor, wantMinor] = (minVersion ?? "1.1").split(".").map(Number) as [number, number];
          return major > wantMajor || (major === wantMajor && minor >= wantMinor);
        },
      },
    },
    EventType: { ItemChanged: "olkItemSelectedChanged" as unknown as Office.EventType },
    AsyncResultStatus: { Succeeded: "succeeded" as unknown as Office.AsyncResultStatus },
    HostType: { Outlook: "Outlook" as unknown as Office.HostType },
    onReady:
      options.onReady ??
      (async () => ({ host: (options.host === undefined ? "Outlook" : options.host) as Office.HostType | null, platform: null })),
  } satisfies OfficeGlobal;
  const fireItemChanged = (): void => {
    for (const h of handlers) if (h.type === "olkItemSelectedChanged") h.handler();
  };
  return { office, fireItemChanged };
}

function succeeded<T>(value: T): Office.AsyncResult<T> {
  return { status: "succeeded", value } as unknown as Office.AsyncResult<T>;
}

function failed<T>(code: number, message: string): Office.AsyncResult<T> {
  return { status: "failed", value: undefined, error: { code, name: "GenericResponseError", message } } as unknown as Office.AsyncResult<T>;
}

const EML = "From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n";

describe("standalone host", () => {
  it("has no message until a file is opened, then tells listeners and reads it", async () => {
    const host = createStandaloneHost();
    expect(await host.getCurrentMessage()).toEqual({ ok: false, reason: "no-message" });
    const changed = vi.fn();
    const unsubscribe = host.onItemChanged(changed);
    host.open(new File([EML], "mail.eml"));
    expect(changed).toHaveBeenCalledTimes(1);
    const message = await host.getCurrentMessage();
    expect(message.ok && new TextDecoder().decode(message.eml)).toBe(EML);
    expect(message.ok && message.name).toBe("mail.eml");
    unsubscribe();
    host.open(new File([EML], "again.eml"));
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it("refuses a file larger than any mail without reading it", async () => {
    const host = createStandaloneHost();
    const arrayBuffer = vi.fn(async () => new ArrayBuffer(0));
    host.open({ name: "huge.eml", size: MAX_MESSAGE_BYTES + 1, arrayBuffer });
    expect(await host.getCurrentMessage()).toEqual({ ok: false, reason: "too-large" });
    expect(arrayBuffer).not.toHaveBeenCalled();
  });

  it("reports a file that cannot be read as read-failed", async () => {
    const host = createStandaloneHost();
    host.open({ name: "gone.eml", size: 10, arrayBuffer: () => Promise.reject(new Error("NotReadableError")) });
    expect(await host.getCurrentMessage()).toEqual({ ok: false, reason: "read-failed", detail: "NotReadableError" });
  });
});

describe("outlook host", () => {
  it("decodes the base64 EML that getAsFileAsync returns", async () => {
    const getAsFileAsync = vi.fn((cb: (r: Office.AsyncResult<string>) => void) => {
      setTimeout(() => cb(succeeded(Buffer.from(EML).toString("base64"))), 0);
    });
    const { office } = fakeOffice({ item: { getAsFileAsync } });
    const message = await createOutlookHost(office).getCurrentMessage();
    expect(message.ok && new TextDecoder().decode(message.eml)).toBe(EML);
    expect(getAsFileAsync).toHaveBeenCalledTimes(1);
  });

  it("shares one read of a selection between callers; a user's retry and the next selection read again", async () => {
    const getAsFileAsync = vi.fn((cb: (r: Office.AsyncResult<string>) => void) => {
      setTimeout(() => cb(succeeded(Buffer.from(EML).toString("base64"))), 0);
    });
    const { office, fireItemChanged } = fakeOffice({ item: { getAsFileAsync } });
    const host = createOutlookHost(office);
    const early = host.getCurrentMessage();
    const [first, second] = await Promise.all([early, host.getCurrentMessage()]);
    expect(first).toBe(second);
    expect(await host.getCurrentMessage()).toBe(first);
    expect(getAsFileAsync).toHaveBeenCalledTimes(1);
    await host.getCurrentMessage({ userAction: true });
    expect(getAsFileAsync).toHaveBeenCalledTimes(2);
    fireItemChanged();
    await host.getCurrentMessage();
    expect(getAsFileAsync).toHaveBeenCalledTimes(3);
  });

  it("turns a failed call into read-failed with Outlook's message", async () => {
    const { office } = fakeOffice({
      item: { getAsFileAsync: (cb) => setTimeout(() => cb(failed(9002, "Internal error")), 0) },
    });
    expect(await createOutlookHost(office).getCurrentMessage()).toEqual({
      ok: false,
      reason: "read-failed",
      code: "office-read-failed",
      remedy: "retry",
      detail: "Internal error",
    });
  });

  it("says unsupported below Mailbox 1.14 and in compose mode, where getAsFileAsync is missing", async () => {
    const old = fakeOffice({ mailboxVersion: "1.13", item: { getAsFileAsync: (cb) => cb(succeeded("")) } });
    expect(await createOutlookHost(old.office).getCurrentMessage()).toMatchObject({ ok: false, reason: "unsupported" });
    const compose = fakeOffice({ item: {} });
    expect(await createOutlookHost(compose.office).getCurrentMessage()).toMatchObject({ ok: false, reason: "unsupported" });
  });

  it("says no-message when no item is selected", async () => {
    const { office } = fakeOffice({ item: null });
    expect(await createOutlookHost(office).getCurrentMessage()).toEqual({ ok: false, reason: "no-message", code: "no-item", remedy: "none" });
  });

  it("registers one ItemChanged handler for any number of listeners, and unsubscribes them one by one", () => {
    const { office, fireItemChanged } = fakeOffice({ item: null });
    const host = createOutlookHost(office);
    const a = vi.fn();
    const b = vi.fn();
    const offA = host.onItemChanged(a);
    host.onItemChanged(b);
    expect(office.context.mailbox.addHandlerAsync).toHaveBeenCalledTimes(1);
    fireItemChanged();
    offA();
    fireItemChanged();
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
  });
});

describe("officeAsync", () => {
  it("resolves a synchronous throw from office.js as a failure", async () => {
    const outcome = await officeAsync<string>("succeeded" as unknown as Office.AsyncResultStatus, () => {
      throw new Error("Sys.ArgumentException");
    });
    expect(outcome).toEqual({ ok: false, code: null, message: "Sys.ArgumentException" });
  });
});

describe("detectHost", () => {
  const noScript = (): ScriptState => "failed";

  it("is standalone at once when office.js failed to load", async () => {
    const started = Date.now();
    const host = await detectHost({ office: () => undefined, scriptState: noScript, timeoutMs: 5000 });
    expect(host.kind).toBe("standalone");
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("waits for a script that is still loading and picks Outlook when office.js reports it", async () => {
    const { office } = fakeOffice({ host: "Outlook" });
    let arrived: OfficeGlobal | undefined;
    setTimeout(() => (arrived = office), 50);
    const host = await detectHost({ office: () => arrived, scriptState: () => (arrived ? "loaded" : "loading"), pollMs: 5 });
    expect(host.kind).toBe("outlook");
  });

  it("is standalone when office.js loads outside Office (no host)", async () => {
    const { office } = fakeOffice({ host: null });
    expect((await detectHost({ office: () => office, scriptState: () => "loaded" })).kind).toBe("standalone");
  });

  it("is standalone when Office.onReady never settles within the timeout", async () => {
    const { office } = fakeOffice({ onReady: () => new Promise(() => {}) });
    const host = await detectHost({ office: () => office, scriptState: () => "loaded", timeoutMs: 100 });
    expect(host.kind).toBe("standalone");
  });

  it("is standalone when Office.onReady rejects", async () => {
    const { office } = fakeOffice({ onReady: () => Promise.reject(new Error("init failed")) });
    expect((await detectHost({ office: () => office, scriptState: () => "loaded" })).kind).toBe("standalone");
  });

  it("gives up on a script that neither loads nor fails once the timeout passes", async () => {
    const started = Date.now();
    const host = await detectHost({ office: () => undefined, scriptState: () => "loading", timeoutMs: 120, pollMs: 10 });
    expect(host.kind).toBe("standalone");
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});
