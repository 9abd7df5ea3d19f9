// @vitest-environment jsdom
/**
 * The compose view on a fake ComposeHost and a fake engine, with the real store on fake-indexeddb: the switches'
 * defaults from the settings, the sending identity (superseded ones never sign), each recipient's certificate state
 * and where it came from, what is offered when someone has no certificate, every failure code's own message with the
 * draft left alone, the draft removed only after every copy was accepted, and a message too large for Graph offered
 * as a file instead. Found through data-test hooks, asserted by state and code.
 */
import "./jsdom-gaps.js";
import "./node-typed-arrays.js";
import { cleanup, fireEvent, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ProtectErrorCode } from "../../src/core/compose/types.js";
import type { DraftReadFailureCode, SendFailureCode } from "../../src/host/compose-host.js";
import { createStandaloneHost } from "../../src/host/standalone-host.js";
import type { Lang } from "../../src/i18n/language.js";
import type { Settings } from "../../src/store/types.js";
import { App, type RunEngine } from "../../src/taskpane/App.js";
import type { SaveFile } from "../../src/taskpane/save-file.js";
import { days, makeCertificate, makeIdentity, NOW, pem, signerOf } from "../store/kit.js";
import { box, draftOf, fakeComposeHost, fakeEngine, heldSend, type FakeComposeHost, type FakeEngine } from "./compose-kit.js";
import { all, chooseFileIn, hex, openCertificates, present, testKeyring, type TestKeyring } from "./keyring-kit.js";
import { JAPANESE, seriousViolations } from "./pane-kit.js";

afterEach(cleanup);

const readEngine: RunEngine = () => Promise.reject(new Error("the compose view checks no message"));

interface Pane {
  readonly root: HTMLElement;
  readonly host: FakeComposeHost;
  readonly engine: FakeEngine;
  readonly kit: TestKeyring;
  readonly saved: ReturnType<typeof vi.fn<SaveFile>>;
}

interface Setup {
  readonly draft?: Parameters<typeof draftOf>[0];
  readonly settings?: Partial<Settings>;
  /** Stores an identity for the From address (me@example.jp) unless false. */
  readonly identity?: boolean;
  /** Addresses whose contact certificate is stored, and how it was obtained. */
  readonly contacts?: Readonly<Record<string, "harvested" | "confirmed" | "imported" | "expired">>;
  readonly lang?: Lang;
  readonly before?: (host: FakeComposeHost, engine: FakeEngine) => void;
}

async function seed(kit: TestKeyring, setup: Setup): Promise<void> {
  const store = await kit.store();
  if (setup.identity !== false) {
    const me = await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-10), notAfter: days(300), kind: "ec-p256" });
    const stored = await store.importIdentities([me]);
    if (!stored.ok) throw new Error(stored.code);
  }
  for (const [address, how] of Object.entries(setup.contacts ?? {})) {
    const cert = await makeCertificate({ emails: [address], notBefore: days(how === "expired" ? -400 : -10), notAfter: days(how === "expired" ? -5 : 300) });
    if (how === "harvested") {
      expect((await store.harvest({ status: "verified", fromAddress: address, signer: signerOf(cert.der, [address]) })).code).toBe("added");
    } else if (how === "confirmed") {
      expect((await store.harvest({ status: "untrusted", fromAddress: address, signer: signerOf(cert.der, [address]), userConfirmed: true })).code).toBe("added");
    } else {
      const imported = await store.importContactCertificates(pem(cert.der));
      expect(imported.ok).toBe(true);
    }
  }
  if (setup.settings !== undefined) await store.updateSettings(setup.settings);
}

/** The pane in compose mode inside Outlook, on the kit's fixed clock, once it has read the draft. */
async function renderCompose(setup: Setup = {}): Promise<Pane> {
  const kit = testKeyring(() => NOW);
  await seed(kit, setup);
  const host = fakeComposeHost(draftOf(setup.draft));
  const engine = fakeEngine();
  setup.before?.(host, engine);
  const saved = vi.fn<SaveFile>();
  const { container } = render(
    <App
      host={createStandaloneHost()}
      mode="compose"
      initialLang={setup.lang ?? "en"}
      locale={setup.lang === "ja" ? "ja-JP" : "en-US"}
      engine={readEngine}
      keyring={kit.keyring}
      now={() => NOW}
      saveFile={saved}
      compose={{ host, engine }}
    />,
  );
  await waitFor(() => expect(present(container, '[data-test="compose-view"]').dataset.phase).not.toBe("loading"), { timeout: 10_000 });
  return { root: container, host, engine, kit, saved };
}

const input = (root: ParentNode, test: string): HTMLInputElement => present<HTMLInputElement>(root, `input[data-test="${test}"]`);
const sendButton = (root: ParentNode): HTMLButtonElement => present<HTMLButtonElement>(root, '[data-test="compose-send"]');
const apis = (host: FakeComposeHost): string[] => host.calls.map((c) => c.api);
const sentMimes = (host: FakeComposeHost): string[] => host.calls.flatMap((c) => (c.api === "sendMime" ? [c.mime.trim()] : []));

function recipients(root: ParentNode): Record<string, Record<string, string | undefined>> {
  return Object.fromEntries(
    all(root, '[data-test="compose-recipient"]').map((li) => [
      li.dataset.address!,
      {
        field: li.dataset.field,
        state: li.dataset.state,
        source: li.dataset.source,
        verified: li.dataset.verified,
        unverifiedMark: String(li.querySelector('[data-test="compose-unverified"]') !== null),
      },
    ]),
  );
}

/** Presses Send and waits until the pane shows how it ended. */
async function pressSend(root: HTMLElement): Promise<HTMLElement> {
  fireEvent.click(sendButton(root));
  return waitFor(() => present<HTMLElement>(root, '[data-test="compose-error"], [data-test="compose-sent"], [data-test="compose-too-large"]'), { timeout: 10_000 });
}

describe("outside Outlook", () => {
  it("says that signing and sending work in Outlook's compose window", async () => {
    const { container } = render(<App host={createStandaloneHost()} mode="compose" initialLang="en" locale="en-US" engine={readEngine} keyring={null} />);
    const shown = await waitFor(() => present(container, '[data-test="compose-unavailable"]'));
    expect(shown.textContent).toMatch(/Outlook/);
    expect(container.querySelector('[data-test="compose-send"]')).toBeNull();
  });
});

describe("the switches", () => {
  const CASES: readonly { name: string; settings: Partial<Settings>; contacts: Setup["contacts"]; sign: boolean; encrypt: boolean; action: string }[] = [
    { name: "the defaults: sign, do not encrypt", settings: {}, contacts: { "alice@example.jp": "harvested" }, sign: true, encrypt: false, action: "sign" },
    {
      name: "encrypt when possible, and it is",
      settings: { encryptWhenPossible: true },
      contacts: { "alice@example.jp": "harvested" },
      sign: true,
      encrypt: true,
      action: "sign-encrypt",
    },
    { name: "encrypt when possible, but alice has no certificate", settings: { encryptWhenPossible: true }, contacts: {}, sign: true, encrypt: false, action: "sign" },
    {
      name: "encrypt when possible, but alice's certificate expired",
      settings: { encryptWhenPossible: true },
      contacts: { "alice@example.jp": "expired" },
      sign: true,
      encrypt: false,
      action: "sign",
    },
    {
      name: "encrypt only",
      settings: { signByDefault: false, encryptWhenPossible: true },
      contacts: { "alice@example.jp": "imported" },
      sign: false,
      encrypt: true,
      action: "encrypt",
    },
    { name: "neither", settings: { signByDefault: false }, contacts: {}, sign: false, encrypt: false, action: "none" },
  ];

  it.each(CASES)("default from the settings: $name", async ({ settings, contacts, sign, encrypt, action }) => {
    const { root } = await renderCompose({ settings, contacts });
    expect(input(root, "compose-sign").checked).toBe(sign);
    expect(input(root, "compose-encrypt").checked).toBe(encrypt);
    expect(sendButton(root).dataset.action).toBe(action);
    expect(sendButton(root).disabled).toBe(action === "none");
    expect(root.querySelector('[data-test="compose-nothing-to-do"]') !== null).toBe(action === "none");
  });

  it("the Send button says what it will do as the switches change", async () => {
    const { root } = await renderCompose({ contacts: { "alice@example.jp": "harvested" } });
    const labels: string[] = [];
    const seen = (): void => void labels.push(`${sendButton(root).dataset.action}:${sendButton(root).textContent}`);
    seen();
    fireEvent.click(input(root, "compose-encrypt"));
    seen();
    fireEvent.click(input(root, "compose-sign"));
    seen();
    expect(labels).toEqual(["sign:Sign & send", "sign-encrypt:Sign, encrypt & send", "encrypt:Encrypt & send"]);
  });
});

describe("the sending identity", () => {
  it("without an identity for the From address: says so, links to Certificates, and nothing can be sent", async () => {
    const { root } = await renderCompose({ identity: false, contacts: { "alice@example.jp": "harvested" } });
    expect(present(root, '[data-test="compose-identity"]').dataset.state).toBe("none");
    expect(input(root, "compose-sign").disabled).toBe(true);
    expect(input(root, "compose-encrypt").disabled).toBe(true);
    expect(sendButton(root).disabled).toBe(true);
    fireEvent.click(present(root, '[data-test="compose-identity"] [data-test="compose-open-certificates"]'));
    await waitFor(() => present(root, '[data-test="certificates-view"]'));
    expect(present(root, '[data-test="nav-certificates"]').dataset.selected).toBe("true");
  });

  it("an identity for another address does not count; an expired one is named as expired", async () => {
    const kit = testKeyring(() => NOW);
    const store = await kit.store();
    const other = await makeIdentity({ emails: ["someone-else@example.jp"], notBefore: days(-10), notAfter: days(300) });
    const expired = await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-400), notAfter: days(-1), freshKey: true });
    expect((await store.importIdentities([other, expired])).ok).toBe(true);
    const host = fakeComposeHost();
    const { container } = render(
      <App host={createStandaloneHost()} mode="compose" initialLang="en" locale="en-US" engine={readEngine} keyring={kit.keyring} now={() => NOW} compose={{ host, engine: fakeEngine() }} />,
    );
    const notice = await waitFor(() => present(container, '[data-test="compose-identity"]'));
    expect(notice.dataset.state).toBe("expired");
    expect(sendButton(container).disabled).toBe(true);
  });

  it("a superseded identity never signs: the renewed one does", async () => {
    const kit = testKeyring(() => NOW);
    const store = await kit.store();
    const old = await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-300), notAfter: days(200), kind: "ec-p256" });
    const renewed = await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-1), notAfter: days(700), kind: "ec-p256", freshKey: true });
    expect((await store.importIdentities([renewed])).ok).toBe(true);
    // Imported after the renewed one, the old one is marked superseded at once; it stays for old mail.
    expect((await store.importIdentities([old])).ok).toBe(true);
    expect((await store.listIdentities()).filter((i) => i.superseded)).toHaveLength(1);
    const host = fakeComposeHost();
    const engine = fakeEngine();
    const { container } = render(
      <App host={createStandaloneHost()} mode="compose" initialLang="en" locale="en-US" engine={readEngine} keyring={kit.keyring} now={() => NOW} compose={{ host, engine }} />,
    );
    await waitFor(() => expect(present(container, '[data-test="compose-identity"]').dataset.state).toBe("ready"));
    await pressSend(container);
    const signedWith = engine.calls.find((c) => c.api === "createSigner")?.identity;
    expect(hex(signedWith!.certificate)).toBe(hex(renewed.certificate));
    expect(present(container, '[data-test="compose-sent"]')).toBeTruthy();
  });
});

describe("the recipients", () => {
  it("shows each To, Cc and Bcc address with its certificate's state and where it came from", async () => {
    const { root } = await renderCompose({
      draft: {
        to: [box("alice@example.jp", "Alice"), box("Bob@Example.jp")],
        cc: [box("carol@example.jp")],
        bcc: [box("dave@example.jp"), box("erin@example.jp")],
      },
      contacts: {
        "alice@example.jp": "harvested",
        "bob@example.jp": "confirmed",
        "carol@example.jp": "imported",
        "dave@example.jp": "expired",
      },
    });
    expect(recipients(root)).toEqual({
      "alice@example.jp": { field: "to", state: "valid", source: "harvested", verified: "true", unverifiedMark: "false" },
      "bob@example.jp": { field: "to", state: "valid", source: "confirmed", verified: "false", unverifiedMark: "true" },
      "carol@example.jp": { field: "cc", state: "valid", source: "imported", verified: "false", unverifiedMark: "true" },
      "dave@example.jp": { field: "bcc", state: "expired", source: "imported", verified: "false", unverifiedMark: "true" },
      "erin@example.jp": { field: "bcc", state: "none", source: "none", verified: "false", unverifiedMark: "false" },
    });
  });

  it("reads the recipients again when asked, after they changed in Outlook", async () => {
    const { root, host } = await renderCompose({ contacts: { "alice@example.jp": "harvested" } });
    host.drafts = [{ ok: true, draft: draftOf({ to: [box("alice@example.jp"), box("zoe@example.jp")] }) }];
    fireEvent.click(present(root, '[data-test="compose-reload"]'));
    await waitFor(() => expect(Object.keys(recipients(root))).toEqual(["alice@example.jp", "zoe@example.jp"]));
  });

  it("a certificate imported under Certificates shows at once for its recipient", async () => {
    const { root } = await renderCompose();
    expect(recipients(root)["alice@example.jp"]?.state).toBe("none");
    await openCertificates(root);
    const alice = await makeCertificate({ emails: ["alice@example.jp"], notBefore: days(-10), notAfter: days(300) });
    chooseFileIn(root, "contact-input", pem(alice.der), "alice.pem");
    await waitFor(() => expect(present(root, '[data-test="contact-result"]').dataset.outcome).toBe("imported"));
    fireEvent.click(present(root, '[data-test="nav-read"]'));
    await waitFor(() => expect(recipients(root)["alice@example.jp"]).toMatchObject({ state: "valid", source: "imported" }));
  });

  it("without recipients, says so and sends nothing", async () => {
    const { root } = await renderCompose({ draft: { to: [] } });
    expect(present(root, '[data-test="compose-no-recipients"]')).toBeTruthy();
    expect(sendButton(root).disabled).toBe(true);
  });
});

describe("a recipient without a usable certificate while encrypting", () => {
  const setup: Setup = {
    settings: { encryptWhenPossible: true },
    draft: { to: [box("alice@example.jp"), box("erin@example.jp")], bcc: [box("dave@example.jp")] },
    contacts: { "alice@example.jp": "harvested", "dave@example.jp": "expired" },
  };

  async function encrypting(): Promise<Pane> {
    const pane = await renderCompose(setup);
    fireEvent.click(input(pane.root, "compose-encrypt"));
    await waitFor(() => present(pane.root, '[data-test="compose-missing"]'));
    return pane;
  }

  it("says so before sending, names them, and Send waits", async () => {
    const { root, host } = await encrypting();
    expect(present(root, '[data-test="compose-missing"]').dataset.count).toBe("2");
    expect(all(root, '[data-test="compose-missing-address"]').map((e) => e.dataset.address)).toEqual(["erin@example.jp", "dave@example.jp"]);
    expect(sendButton(root).disabled).toBe(true);
    expect(apis(host)).not.toContain("sendMime");
  });

  it("sends signed only when asked to", async () => {
    const { root, host, engine } = await encrypting();
    fireEvent.click(present(root, '[data-test="compose-send-signed-only"]'));
    await waitFor(() => present(root, '[data-test="compose-sent"]'));
    const request = engine.calls.find((c) => c.api === "protect")?.request;
    expect({ sign: request?.sign, encrypt: request?.encrypt }).toEqual({ sign: true, encrypt: false });
    expect(input(root, "compose-encrypt").checked).toBe(false);
    expect(apis(host).slice(-2)).toEqual(["sendMime", "discardDraft"]);
  });

  it.each(["en", "ja"] as const)("asks a recipient for their certificate in the user's language (%s)", async (lang) => {
    const pane = await renderCompose({ ...setup, lang });
    fireEvent.click(present(pane.root, '[data-test="compose-ask-certificate"][data-address="erin@example.jp"]'));
    await waitFor(() => present(pane.root, '[data-test="compose-asked"][data-address="erin@example.jp"]'));
    const opened = pane.host.calls.filter((c) => c.api === "openNewMessage");
    expect(opened).toEqual([{ api: "openNewMessage", form: { to: [box("erin@example.jp")], subject: `${lang}: certificate please`, htmlBody: "<p>from me@example.jp</p>" } }]);
    expect(pane.engine.calls.find((c) => c.api === "certificateRequest")?.lang).toBe(lang);
    // Asking sends nothing and leaves the draft.
    expect(apis(pane.host)).not.toContain("sendMime");
    expect(apis(pane.host)).not.toContain("discardDraft");
  });

  it("offers to ask only those without a usable certificate", async () => {
    const { root } = await encrypting();
    expect(all(root, '[data-test="compose-ask-certificate"]').map((b) => b.dataset.address)).toEqual(["erin@example.jp", "dave@example.jp"]);
  });

  it.each(["en", "ja"] as const)("has no serious accessibility violation (%s)", async (lang) => {
    const pane = await renderCompose({ ...setup, lang });
    fireEvent.click(input(pane.root, "compose-encrypt"));
    await waitFor(() => present(pane.root, '[data-test="compose-missing"]'));
    expect(await seriousViolations(pane.root)).toEqual([]);
  });
});

describe("sending", () => {
  const withBcc: Setup = {
    settings: { encryptWhenPossible: true },
    draft: { to: [box("alice@example.jp")], cc: [box("carol@example.jp")], bcc: [box("dave@example.jp"), box("erin@example.jp")] },
    contacts: { "alice@example.jp": "harvested", "carol@example.jp": "harvested", "dave@example.jp": "harvested", "erin@example.jp": "imported" },
  };

  it("sends the To/Cc copy first, then each Bcc copy, and removes the draft only after every one was accepted", async () => {
    const { root, host, engine } = await renderCompose(withBcc);
    const shown = await pressSend(root);
    expect(shown.dataset.test).toBe("compose-sent");
    expect(shown.dataset.discarded).toBe("true");
    expect(apis(host)).toEqual(["readDraft", "readDraft", "maxSendBytes", "sendMime", "sendMime", "sendMime", "discardDraft"]);
    expect(sentMimes(host)).toEqual([
      "main to alice@example.jp,carol@example.jp sign=true encrypt=true",
      "bcc to dave@example.jp sign=true encrypt=true",
      "bcc to erin@example.jp sign=true encrypt=true",
    ]);
    expect(host.calls.every((c) => c.api !== "sendMime" || c.userAction)).toBe(true);
    const request = engine.calls.find((c) => c.api === "protect")?.request;
    expect(request?.senderCertificate).toBeInstanceOf(Uint8Array);
    expect(request?.cipher).toBe("aes-256-gcm");
    expect(all(root, '[data-test="compose-sent"] [data-test="compose-delivered"]').map((e) => e.dataset.address)).toEqual([
      "alice@example.jp",
      "carol@example.jp",
      "dave@example.jp",
      "erin@example.jp",
    ]);
    // The draft is gone: nothing more to send from this pane.
    expect(sendButton(root).disabled).toBe(true);
  });

  it("shows progress and keeps Send disabled while a copy is on its way", async () => {
    const held = heldSend();
    const { root, host } = await renderCompose({ ...withBcc, before: (h) => void h.sends.push(held.promise) });
    fireEvent.click(sendButton(root));
    const progress = await waitFor(() => present(root, '[data-test="compose-progress"][data-step="sending"]'));
    expect(progress.textContent).toContain("1 of 3");
    expect(sendButton(root).disabled).toBe(true);
    expect(input(root, "compose-sign").disabled).toBe(true);
    expect(present(root, '[data-test="compose-view"]').getAttribute("aria-busy")).toBe("true");
    fireEvent.click(sendButton(root));
    expect(apis(host).filter((a) => a === "sendMime")).toHaveLength(1);
    held.release();
    await waitFor(() => present(root, '[data-test="compose-sent"]'));
    expect(apis(host).filter((a) => a === "readDraft")).toHaveLength(2);
    expect(root.querySelector('[data-test="compose-progress"]')).toBeNull();
  });

  it("after a Bcc copy failed, says exactly who got the message and who did not, and sends only the rest again", async () => {
    const { root, host } = await renderCompose({
      ...withBcc,
      before: (h) => void h.sends.push({ ok: true }, { ok: true }, { ok: false, code: "graph-unavailable", status: 503, detail: "503 after 4 tries" }),
    });
    const shown = await pressSend(root);
    expect({ kind: shown.dataset.kind, code: shown.dataset.code }).toEqual({ kind: "send-failed", code: "graph-unavailable" });
    expect(all(shown, '[data-test="compose-delivered"]').map((e) => e.dataset.address)).toEqual(["alice@example.jp", "carol@example.jp", "dave@example.jp"]);
    expect(all(shown, '[data-test="compose-undelivered"]').map((e) => e.dataset.address)).toEqual(["erin@example.jp"]);
    expect(apis(host)).not.toContain("discardDraft");

    fireEvent.click(present(shown, '[data-test="compose-send-rest"]'));
    const done = await waitFor(() => present(root, '[data-test="compose-sent"]'));
    expect(sentMimes(host).slice(3)).toEqual(["bcc to erin@example.jp sign=true encrypt=true"]);
    expect(apis(host).at(-1)).toBe("discardDraft");
    expect(all(done, '[data-test="compose-delivered"]').map((e) => e.dataset.address)).toHaveLength(4);
  });

  it("says the message went out before removing the draft, since Outlook may end the pane as the form closes", async () => {
    const { root, host } = await renderCompose({ before: (h) => void (h.discard = new Promise(() => undefined)) });
    const shown = await pressSend(root);
    expect(shown.dataset.test).toBe("compose-sent");
    expect(shown.dataset.discarded).toBe("pending");
    expect(apis(host).at(-1)).toBe("discardDraft");
    expect(present(root, '[data-test="compose-progress"]').dataset.step).toBe("discarding");
  });

  it.each(["draft-delete-failed", "close-unsupported", "close-failed", undefined] as const)(
    "says what is left to do when the message was sent but the draft was not cleared away (%s)",
    async (code) => {
      const { root } = await renderCompose({
        before: (h) => void (h.discard = code === undefined ? { ok: false, detail: "failed" } : { ok: false, code, detail: code }),
      });
      await pressSend(root);
      const shown = await waitFor(() => present(root, '[data-test="compose-sent"][data-discarded="false"]'));
      expect(shown.dataset.discardCode).toBe(code ?? "unknown");
    },
  );

  it("names a copy Graph may have taken without confirming as perhaps sent, apart from those not sent", async () => {
    const { root, host } = await renderCompose({
      ...withBcc,
      before: (h) => void h.sends.push({ ok: true }, { ok: false, code: "network", detail: "the connection dropped after the upload", maybeSent: true }),
    });
    const shown = await pressSend(root);
    expect({ code: shown.dataset.code, maybeSent: shown.dataset.maybeSent }).toEqual({ code: "network", maybeSent: "true" });
    expect(present(shown, '[data-test="compose-maybe-sent"]')).toBeTruthy();
    expect(all(shown, '[data-test="compose-delivered"]').map((e) => e.dataset.address)).toEqual(["alice@example.jp", "carol@example.jp"]);
    expect(all(shown, '[data-test="compose-uncertain"]').map((e) => e.dataset.address)).toEqual(["dave@example.jp"]);
    expect(all(shown, '[data-test="compose-undelivered"]').map((e) => e.dataset.address)).toEqual(["erin@example.jp"]);
    expect(apis(host)).not.toContain("discardDraft");
  });
});

describe("a message too large for Graph", () => {
  it("is not sent; each copy is offered as an .eml file instead", async () => {
    const { root, host, saved } = await renderCompose({
      settings: { encryptWhenPossible: true },
      draft: { subject: "見積書 / Q3", bcc: [box("dave@example.jp")] },
      contacts: { "alice@example.jp": "harvested", "dave@example.jp": "harvested" },
      before: (h, e) => {
        h.limit = 1000;
        e.padding = 2000;
      },
    });
    const shown = await pressSend(root);
    expect(shown.dataset.test).toBe("compose-too-large");
    expect(Number(shown.dataset.limit)).toBe(1000);
    expect(Number(shown.dataset.size)).toBeGreaterThan(1000);
    expect(apis(host)).not.toContain("sendMime");
    expect(apis(host)).not.toContain("discardDraft");
    const buttons = all(shown, '[data-test="compose-save-eml"]');
    expect(buttons.map((b) => b.dataset.kind)).toEqual(["main", "bcc"]);
    fireEvent.click(buttons[0]!);
    fireEvent.click(buttons[1]!);
    expect(saved.mock.calls.map(([name, , type]) => [name, type])).toEqual([
      ["見積書 _ Q3.eml", "message/rfc822"],
      ["見積書 _ Q3 (dave@example.jp).eml", "message/rfc822"],
    ]);
    expect(new TextDecoder().decode(saved.mock.calls[1]![1]).trim()).toBe("bcc to dave@example.jp sign=true encrypt=true");
    await waitFor(() => present(root, '[data-test="compose-saved"]'));
  });
});

describe("every failure has its own message and leaves the draft alone", () => {
  type Failure = { readonly kind: string; readonly code: string; readonly arrange: (host: FakeComposeHost, engine: FakeEngine) => void };

  const READ: readonly DraftReadFailureCode[] = ["no-compose-item", "cloud-attachment", "attachment-read-failed", "office-read-failed"];
  const PROTECT: readonly ProtectErrorCode[] = ["no-recipients", "missing-certificates", "sign-failed", "encrypt-failed", "malformed-draft"];
  const SEND: readonly SendFailureCode[] = [
    "graph-not-configured",
    "naa-unsupported",
    "auth-declined",
    "auth-prompt-blocked",
    "auth-failed",
    "graph-forbidden",
    "graph-request-too-large",
    "graph-throttled",
    "graph-unavailable",
    "graph-failed",
    "network",
  ];
  const SIGNER = ["unsupported-key", "malformed-message", "key-mismatch", "not-for-signing", "cert-without-email", "email-mismatch"] as const;

  const FAILURES: readonly Failure[] = [
    // The view's first read succeeds; the one Send makes fails.
    ...READ.map((code) => ({ kind: "read-failed", code, arrange: (h: FakeComposeHost) => void h.drafts.push({ ok: false, code, detail: `office: ${code}` }) })),
    ...PROTECT.map((code) => ({
      kind: "protect-failed",
      code,
      arrange: (_: FakeComposeHost, e: FakeEngine) => void (e.protectResult = { ok: false, code, detail: `engine: ${code}`, addresses: ["alice@example.jp"] }),
    })),
    ...SEND.map((code) => ({
      kind: "send-failed",
      code,
      arrange: (h: FakeComposeHost) => void h.sends.push({ ok: false, code, ...(code.startsWith("graph-") ? { status: 500 } : {}), detail: `graph: ${code}` }),
    })),
    ...SIGNER.map((code) => ({
      kind: "signer-failed",
      code,
      arrange: (_: FakeComposeHost, e: FakeEngine) => void (e.signerResult = { ok: false, error: code, detail: `signer: ${code}` }),
    })),
  ];

  async function failureShown(failure: Failure, lang: Lang): Promise<string> {
    const draftSetup = { contacts: { "alice@example.jp": "harvested" }, lang } as const;
    const { root, host } = await renderCompose({ ...draftSetup, before: (h, e) => failure.arrange(h, e) });
    const shown = await pressSend(root);
    expect({ test: shown.dataset.test, kind: shown.dataset.kind, code: shown.dataset.code }).toEqual({ test: "compose-error", kind: failure.kind, code: failure.code });
    expect(apis(host)).not.toContain("discardDraft");
    if (failure.kind !== "send-failed") expect(apis(host)).not.toContain("sendMime");
    const text = shown.textContent ?? "";
    if (lang === "ja") expect(text).toMatch(JAPANESE);
    cleanup();
    return text;
  }

  it.each(FAILURES.map((f) => [`${f.kind} ${f.code}`, f] as const))("%s", async (_, failure) => {
    for (const lang of ["en", "ja"] as const) await failureShown(failure, lang);
  });

  it("no two codes say the same thing", async () => {
    const texts = new Map<string, string>();
    for (const failure of FAILURES) {
      // The sentence that names the cause comes first; the rest (draft kept, details) is the same for all.
      const text = (await failureShown(failure, "en")).split(/Your draft is unchanged|Details:/)[0]!.trim();
      const before = [...texts.entries()].find(([, t]) => t === text);
      expect(before, `${failure.kind} ${failure.code} says what ${before?.[0]} says`).toBeUndefined();
      texts.set(`${failure.kind} ${failure.code}`, text);
    }
  }, 120_000);

  it("a key kept under a passphrase asks for it, and a wrong one is refused without sending", async () => {
    const kit = testKeyring(() => NOW);
    const store = await kit.store();
    const me = await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-10), notAfter: days(300) });
    expect((await store.importIdentities([me], { passphrase: "correct horse battery", passphraseOnly: true })).ok).toBe(true);
    const host = fakeComposeHost();
    const engine = fakeEngine();
    const { container } = render(
      <App host={createStandaloneHost()} mode="compose" initialLang="en" locale="en-US" engine={readEngine} keyring={kit.keyring} now={() => NOW} compose={{ host, engine }} />,
    );
    const passphrase = await waitFor(() => input(container, "compose-passphrase"));
    fireEvent.change(passphrase, { target: { value: "wrong horse" } });
    const refused = await pressSend(container);
    expect({ kind: refused.dataset.kind, code: refused.dataset.code }).toEqual({ kind: "key-failed", code: "locked" });
    expect(apis(host)).not.toContain("sendMime");
    fireEvent.change(input(container, "compose-passphrase"), { target: { value: "correct horse battery" } });
    fireEvent.click(present(container, '[data-test="compose-retry"]'));
    await waitFor(() => present(container, '[data-test="compose-sent"]'), { timeout: 10_000 });
    expect(hex(engine.calls.find((c) => c.api === "createSigner")!.identity!.privateKey)).toBe(hex(me.privateKey));
  });
});
