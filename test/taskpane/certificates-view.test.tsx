// @vitest-environment jsdom
/**
 * The Certificates view against the real store on fake-indexeddb: importing identities (and each way an import
 * fails, leaving the store as it was), expiry warnings and superseded keys on a fixed clock, details, export,
 * deletion with confirmation, contacts and anchors. Everything is found through data-test hooks and asserted by
 * state and code.
 */
import "./jsdom-gaps.js";
import "./node-typed-arrays.js";
import { cleanup, fireEvent, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { importPkcs12 } from "../../src/core/keys/import-pkcs12.js";
import { sha256Hex } from "../../src/core/pki/certificate.js";
import { createStandaloneHost } from "../../src/host/standalone-host.js";
import type { IdentityImportCode } from "../../src/i18n/certificates.js";
import type { PersistOutcome } from "../../src/store/types.js";
import { App, type RunEngine } from "../../src/taskpane/App.js";
import { checkMessage } from "../../src/taskpane/engine.js";
import type { SaveFile } from "../../src/taskpane/save-file.js";
import { days, dumpDatabase, makeCertificate, makeIdentity, NOW, pem, signerOf } from "../store/kit.js";
import {
  aliceIdentity,
  all,
  chooseFileIn,
  hex,
  importThroughForm,
  openCertificates,
  p12Of,
  present,
  subtle,
  testKeyring,
  typeInto,
  type TestKeyring,
} from "./keyring-kit.js";
import { seriousViolations } from "./pane-kit.js";

afterEach(cleanup);

const engine: RunEngine = (eml, anchors, identities) => checkMessage(eml, anchors, identities);

interface Rendered {
  readonly root: HTMLElement;
  readonly page: HTMLElement;
  readonly kit: TestKeyring;
  readonly saved: ReturnType<typeof vi.fn<SaveFile>>;
}

/** The standalone page on a fixed clock (the kit's NOW), with its own store. */
async function renderPane(options: { lang?: "en" | "ja"; persistence?: PersistOutcome; kit?: TestKeyring } = {}): Promise<Rendered> {
  const kit = options.kit ?? testKeyring(() => NOW, options.persistence);
  const saved = vi.fn<SaveFile>();
  const { container, baseElement } = render(
    <App
      host={createStandaloneHost()}
      mode="read"
      initialLang={options.lang ?? "en"}
      locale={options.lang === "ja" ? "ja-JP" : "en-US"}
      engine={engine}
      keyring={kit.keyring}
      now={() => NOW}
      saveFile={saved}
    />,
  );
  await openCertificates(container);
  // The store makes its master key and its stored-key probe after it opens: settled here, so that a test's "before"
  // holds them and compares only what the test did.
  await (await kit.store()).health();
  return { root: container, page: baseElement, kit, saved };
}

const identityItems = (root: ParentNode): HTMLElement[] => all(root, '[data-test="identity"]');

describe("navigation", () => {
  it("opens the Certificates view and returns to the message view, which keeps its state", async () => {
    const kit = testKeyring(() => NOW);
    const { container } = render(<App host={createStandaloneHost()} mode="read" initialLang="en" locale="en-US" engine={engine} keyring={kit.keyring} now={() => NOW} />);
    expect(present(container, '[data-test="nav-read"]').dataset.selected).toBe("true");
    expect(container.querySelector('[data-test="certificates-view"]')).toBeNull();
    await openCertificates(container);
    expect(present(container, '[data-test="nav-certificates"]').dataset.selected).toBe("true");
    expect(present(container, '[data-test="nav-certificates"]').getAttribute("aria-current")).toBe("page");
    // The message view is kept (hidden), so a checked message is still there on the way back.
    expect(container.querySelector('input[data-test="eml-input"]')).not.toBeNull();
    fireEvent.click(present(container, '[data-test="nav-read"]'));
    await waitFor(() => expect(container.querySelector('[data-test="certificates-view"]')).toBeNull());
    expect(present(container, '[data-test="nav-read"]').dataset.selected).toBe("true");
  });

  it("says why when there is no store, and the message view still works", async () => {
    const { container } = render(<App host={createStandaloneHost()} mode="read" initialLang="en" locale="en-US" engine={engine} keyring={null} />);
    fireEvent.click(present(container, '[data-test="nav-certificates"]'));
    const shown = await waitFor(() => present(container, '[data-test="store-unavailable"]'));
    expect(shown.dataset.code).toBe("unavailable");
  });
});

describe("first run", () => {
  it("guides someone with no certificate, and the guide goes once one is imported", async () => {
    const { root } = await renderPane();
    expect(root.querySelector('[data-test="first-run-guide"]')).not.toBeNull();
    expect(identityItems(root)).toHaveLength(0);
    const identity = await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-10), notAfter: days(300), kind: "rsa" });
    const result = await importThroughForm(root, await p12Of(identity, "correct horse"), "correct horse");
    expect(result.dataset.outcome).toBe("imported");
    await waitFor(() => expect(identityItems(root)).toHaveLength(1));
    expect(root.querySelector('[data-test="first-run-guide"]')).toBeNull();
  });

  it.each(["en", "ja"] as const)("has no serious accessibility violation, empty and with an identity's details open (%s)", async (lang) => {
    const { root } = await renderPane({ lang });
    expect(await seriousViolations(root)).toEqual([]);
    await importThroughForm(root, await p12Of(aliceIdentity(), "pw"), "pw");
    fireEvent.click(await waitFor(() => present(root, '[data-test="identity"] [data-test="details-toggle"]')));
    await waitFor(() => present(root, '[data-test="certificate-details"]'));
    expect(await seriousViolations(root)).toEqual([]);
  });
});

describe("importing a .p12", () => {
  it("stores the identity: listed with its address, the password field emptied, the key usable for decryption", async () => {
    const { root, kit } = await renderPane();
    const identity = await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-10), notAfter: days(300), kind: "ec-p256" });
    const result = await importThroughForm(root, await p12Of(identity, "pässwörd"), "pässwörd");
    expect(result.dataset.outcome).toBe("imported");
    expect(result.dataset.added).toBe("1");
    const [item] = await waitFor(() => {
      const items = identityItems(root);
      expect(items).toHaveLength(1);
      return items;
    });
    expect(item!.dataset.id).toBe(await sha256Hex(subtle, identity.certificate));
    expect(item!.dataset.expiry).toBe("valid");
    expect(present<HTMLInputElement>(root, 'input[data-test="p12-password"]').value).toBe("");
    const loaded = await (await kit.store()).loadIdentities();
    expect(loaded.identities.map((i) => hex(i.privateKey))).toEqual([hex(identity.privateKey)]);
  });

  it("importing the same file again changes nothing", async () => {
    const { root, kit } = await renderPane();
    const file = await p12Of(await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-10), notAfter: days(300) }), "pw");
    expect((await importThroughForm(root, file, "pw")).dataset.added).toBe("1");
    const before = await dumpDatabase(kit.options.indexedDB, kit.options.name);
    const again = await importThroughForm(root, file, "pw");
    await waitFor(() => expect(again.dataset.added).toBe("0"));
    expect(again.dataset.outcome).toBe("imported");
    expect(await dumpDatabase(kit.options.indexedDB, kit.options.name)).toEqual(before);
  });

  const FAILURES: readonly { name: string; code: IdentityImportCode; file: () => Promise<Uint8Array>; password: string }[] = [
    {
      name: "a wrong password",
      code: "wrong-password",
      file: async () => p12Of(await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-10), notAfter: days(300) }), "right"),
      password: "wrong",
    },
    {
      name: "a file that is not a .p12",
      code: "corrupt",
      file: async () => new TextEncoder().encode("This is a shopping list, not a certificate.\n"),
      password: "",
    },
    {
      name: "a truncated .p12",
      code: "corrupt",
      file: async () => (await p12Of(await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-10), notAfter: days(300) }), "pw")).subarray(0, 300),
      password: "pw",
    },
    {
      name: "a key that belongs to another certificate",
      code: "key-mismatch",
      file: async () => {
        const mine = await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-10), notAfter: days(300), kind: "rsa" });
        const other = await makeIdentity({ emails: ["other@example.jp"], notBefore: days(-10), notAfter: days(300), kind: "ec-p256" });
        return p12Of({ ...mine, privateKey: other.privateKey, keyKind: other.keyKind }, "pw");
      },
      password: "pw",
    },
  ];

  it.each(FAILURES.map((f) => [f.name, f] as const))("%s: says which, and leaves the store as it was", async (_name, failure) => {
    const { root, kit } = await renderPane();
    // Something stored already, so that "unchanged" is not merely "still empty".
    const existing = await makeIdentity({ emails: ["kept@example.jp"], notBefore: days(-10), notAfter: days(300) });
    expect((await importThroughForm(root, await p12Of(existing, "pw"), "pw")).dataset.outcome).toBe("imported");
    const before = await dumpDatabase(kit.options.indexedDB, kit.options.name);

    const result = await importThroughForm(root, await failure.file(), failure.password, "bad.p12");
    await waitFor(() => expect(result.dataset.outcome).toBe("failed"));
    expect(result.dataset.code).toBe(failure.code);
    expect(result.closest('[role="alert"]')).not.toBeNull();
    expect(identityItems(root)).toHaveLength(1);
    expect(await dumpDatabase(kit.options.indexedDB, kit.options.name)).toEqual(before);
  });

  it("gives each failure its own words", async () => {
    const texts = new Map<string, string>();
    const { root } = await renderPane();
    for (const failure of FAILURES.filter((f, i, list) => list.findIndex((g) => g.code === f.code) === i)) {
      const result = await importThroughForm(root, await failure.file(), failure.password, "bad.p12");
      await waitFor(() => expect(result.dataset.code).toBe(failure.code));
      texts.set(failure.code, result.textContent ?? "");
    }
    expect(new Set(texts.values()).size).toBe(texts.size);
  });
});

describe("expiry and renewal, on a fixed clock", () => {
  async function withIdentities(...identities: Parameters<typeof makeIdentity>[0][]): Promise<Rendered> {
    const kit = testKeyring(() => NOW);
    const store = await kit.store();
    for (const options of identities) {
      const stored = await store.importIdentities([await makeIdentity(options)]);
      if (!stored.ok) throw new Error(stored.code);
    }
    return renderPane({ kit });
  }

  const stateOf = (item: HTMLElement) => ({
    expiry: item.dataset.expiry,
    superseded: item.dataset.superseded,
    warning: item.querySelector<HTMLElement>('[data-test="expiry-warning"]')?.dataset.state ?? null,
  });

  it("warns from 30 days before expiry, and says more once expired", async () => {
    const { root } = await withIdentities(
      { emails: ["later@example.jp"], notBefore: days(-300), notAfter: days(31), freshKey: true },
      { emails: ["soon@example.jp"], notBefore: days(-300), notAfter: days(29), freshKey: true },
      { emails: ["gone@example.jp"], notBefore: days(-400), notAfter: days(-1), freshKey: true },
    );
    const byAddress = new Map(identityItems(root).map((item) => [item.querySelector("h3")?.textContent, stateOf(item)]));
    expect(byAddress.get("later@example.jp")).toEqual({ expiry: "valid", superseded: "false", warning: null });
    expect(byAddress.get("soon@example.jp")).toEqual({ expiry: "expiring-soon", superseded: "false", warning: "expiring-soon" });
    expect(byAddress.get("gone@example.jp")).toEqual({ expiry: "expired", superseded: "false", warning: "expired" });
  });

  it("keeps the old identity after renewal, marked replaced and without a warning, and still decrypts with it", async () => {
    const { root, kit } = await withIdentities(
      { emails: ["me@example.jp"], notBefore: days(-360), notAfter: days(5), freshKey: true },
      { emails: ["me@example.jp"], notBefore: days(-2), notAfter: days(363), freshKey: true },
    );
    const items = identityItems(root);
    expect(items.map(stateOf)).toEqual([
      { expiry: "valid", superseded: "false", warning: null },
      { expiry: "expiring-soon", superseded: "true", warning: null },
    ]);
    expect(items[1]!.querySelector('[data-test="superseded-mark"]')).not.toBeNull();
    const loaded = await (await kit.store()).loadIdentities();
    expect(loaded.identities).toHaveLength(2);
  });

  it("reports renewal when the newer .p12 is imported through the form", async () => {
    const { root } = await withIdentities({ emails: ["me@example.jp"], notBefore: days(-360), notAfter: days(5), freshKey: true });
    const renewed = await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-1), notAfter: days(364), freshKey: true });
    const result = await importThroughForm(root, await p12Of(renewed, "pw"), "pw");
    expect(result.dataset.superseded).toBe("1");
    await waitFor(() => expect(identityItems(root).map((i) => i.dataset.superseded)).toEqual(["false", "true"]));
  });
});

describe("details and export", () => {
  it("shows the fields, the validation level and the SHA-256 fingerprint", async () => {
    const { root } = await renderPane();
    const alice = aliceIdentity();
    await importThroughForm(root, await p12Of(alice, "pw"), "pw");
    const item = await waitFor(() => present(root, '[data-test="identity"]'));
    fireEvent.click(present(item, '[data-test="details-toggle"]'));
    const details = await waitFor(() => present(item, '[data-test="certificate-details"]'));
    expect(present(details, '[data-test="cert-fingerprint"]').dataset.value).toBe(await sha256Hex(subtle, alice.certificate));
    // alice's certificate names the CA/B Forum organisation-validated policy 2.23.140.1.5.2.2.
    expect(present(details, '[data-test="cert-validation"]').dataset.value).toBe("organization");
    expect(present(details, '[data-test="cert-emails"]').textContent).toContain("alice@example.jp");
    expect(present(details, '[data-test="cert-key"]').textContent).toBe("RSA 2048");
  });

  it("saves the certificate as .cer", async () => {
    const { root, saved } = await renderPane();
    const alice = aliceIdentity();
    await importThroughForm(root, await p12Of(alice, "pw"), "pw");
    fireEvent.click(await waitFor(() => present(root, '[data-test="identity"] [data-test="export-cer"]')));
    expect(saved).toHaveBeenCalledTimes(1);
    const [name, bytes, type] = saved.mock.calls[0]!;
    expect(name).toBe("alice@example.jp.cer");
    expect(hex(bytes)).toBe(hex(alice.certificate));
    expect(type).toBe("application/pkix-cert");
  });

  it("exports the identity as a .p12 that opens with the new password only", async () => {
    const { root, page, saved } = await renderPane();
    const alice = aliceIdentity();
    await importThroughForm(root, await p12Of(alice, "pw"), "pw");
    fireEvent.click(await waitFor(() => present(root, '[data-test="identity"] [data-test="export-p12"]')));
    const dialog = await waitFor(() => present(page, '[data-test="export-dialog"]'));
    typeInto(dialog, "export-password", "short");
    typeInto(dialog, "export-repeat", "short");
    fireEvent.click(present(dialog, '[data-test="export-confirm"]'));
    await waitFor(() => expect(present(dialog, 'input[data-test="export-password"]').getAttribute("aria-invalid")).toBe("true"));
    typeInto(dialog, "export-password", "a long new password");
    typeInto(dialog, "export-repeat", "a long new passwort");
    fireEvent.click(present(dialog, '[data-test="export-confirm"]'));
    await waitFor(() => expect(present(dialog, 'input[data-test="export-repeat"]').getAttribute("aria-invalid")).toBe("true"));
    expect(saved).not.toHaveBeenCalled();

    typeInto(dialog, "export-repeat", "a long new password");
    fireEvent.click(present(dialog, '[data-test="export-confirm"]'));
    await waitFor(() => expect(present(dialog, '[data-test="export-result"]').dataset.outcome).toBe("exported"), { timeout: 20_000 });
    const [name, bytes] = saved.mock.calls[0]!;
    expect(name).toBe("alice@example.jp.p12");
    expect((await importPkcs12(bytes, "pw", subtle)).ok).toBe(false);
    const reread = await importPkcs12(bytes, "a long new password", subtle);
    if (!reread.ok) throw new Error(reread.error);
    expect(hex(reread.identities[0]!.certificate)).toBe(hex(alice.certificate));
    expect(hex(reread.identities[0]!.privateKey)).toBe(hex(alice.privateKey));
  });
});

describe("deleting", () => {
  it("asks first, and deletes the identity and its key only when confirmed", async () => {
    const { root, page, kit } = await renderPane();
    await importThroughForm(root, await p12Of(aliceIdentity(), "pw"), "pw");
    const item = await waitFor(() => present(root, '[data-test="identity"]'));

    fireEvent.click(present(item, '[data-test="delete"]'));
    fireEvent.click(await waitFor(() => present(page, '[data-test="confirm-dialog"] [data-test="confirm-cancel"]')));
    await waitFor(() => expect(page.querySelector('[data-test="confirm-dialog"]')).toBeNull());
    expect(identityItems(root)).toHaveLength(1);
    expect(await (await kit.store()).listIdentities()).toHaveLength(1);

    fireEvent.click(present(item, '[data-test="delete"]'));
    fireEvent.click(await waitFor(() => present(page, '[data-test="confirm-dialog"] [data-test="confirm-delete"]')));
    await waitFor(() => expect(identityItems(root)).toHaveLength(0));
    expect(await (await kit.store()).listIdentities()).toHaveLength(0);
    expect((await (await kit.store()).loadIdentities()).identities).toHaveLength(0);
  });
});

describe("contacts", () => {
  it("imports a partner's certificate as not verified, and deletes it after confirmation", async () => {
    const { root, page, kit } = await renderPane();
    const partner = await makeCertificate({ emails: ["partner@example.jp"], notBefore: days(-10), notAfter: days(20), freshKey: true });
    chooseFileIn(root, "contact-input", pem(partner.der), "partner.pem");
    const result = await waitFor(() => present(root, '[data-test="contact-result"]'));
    expect(result.dataset.outcome).toBe("imported");
    const contact = await waitFor(() => present(root, '[data-test="contact"]'));
    expect({ ...contact.dataset }).toMatchObject({ address: "partner@example.jp", verified: "false", source: "imported", expiry: "expiring-soon" });

    fireEvent.click(present(contact, '[data-test="delete"]'));
    fireEvent.click(await waitFor(() => present(page, '[data-test="confirm-dialog"] [data-test="confirm-delete"]')));
    await waitFor(() => expect(root.querySelector('[data-test="contact"]')).toBeNull());
    expect(await (await kit.store()).listContacts()).toHaveLength(0);
  });

  it("lists a harvested contact as verified", async () => {
    const kit = testKeyring(() => NOW);
    const partner = await makeCertificate({ emails: ["partner@example.jp"], notBefore: days(-10), notAfter: days(300), freshKey: true });
    const store = await kit.store();
    expect((await store.harvest({ status: "verified", fromAddress: "partner@example.jp", signer: signerOf(partner.der, ["partner@example.jp"]) })).code).toBe("added");
    const { root } = await renderPane({ kit });
    const contact = present(root, '[data-test="contact"]');
    expect({ ...contact.dataset }).toMatchObject({ verified: "true", source: "harvested", expiry: "valid" });
  });

  it("an imported certificate does not replace a verified one for the same address, and says so", async () => {
    const kit = testKeyring(() => NOW);
    const verified = await makeCertificate({ emails: ["partner@example.jp"], notBefore: days(-10), notAfter: days(300), freshKey: true });
    const store = await kit.store();
    expect((await store.harvest({ status: "verified", fromAddress: "partner@example.jp", signer: signerOf(verified.der, ["partner@example.jp"]) })).code).toBe("added");
    const { root } = await renderPane({ kit });
    const other = await makeCertificate({ emails: ["partner@example.jp"], notBefore: days(-1), notAfter: days(400), freshKey: true });
    chooseFileIn(root, "contact-input", pem(other.der), "partner-new.pem");
    const result = await waitFor(() => present(root, '[data-test="contact-result"]'));
    expect({ outcome: result.dataset.outcome, count: result.dataset.count, kept: result.dataset.keptVerified }).toEqual({ outcome: "imported", count: "0", kept: "1" });
    const [stored] = await store.listContacts();
    expect(hex(stored!.certificate)).toBe(hex(verified.der));
    expect(present(root, '[data-test="contact"]').dataset.verified).toBe("true");
  });

  it("refuses a file that holds no certificate", async () => {
    const { root, kit } = await renderPane();
    const before = await dumpDatabase(kit.options.indexedDB, kit.options.name);
    chooseFileIn(root, "contact-input", new TextEncoder().encode("hello"), "note.cer");
    const result = await waitFor(() => present(root, '[data-test="contact-result"]'));
    expect(result.dataset.outcome).toBe("failed");
    expect(["unreadable", "no-certificate"]).toContain(result.dataset.code);
    expect(await dumpDatabase(kit.options.indexedDB, kit.options.name)).toEqual(before);
  });
});

describe("organisation trust anchors", () => {
  it("adds one with a label, refuses one without, and removes one after confirmation", async () => {
    const { root, page, kit } = await renderPane();
    const ca = await makeCertificate({ emails: [], name: "Example Private CA", ca: true, notBefore: days(-10), notAfter: days(3000), freshKey: true });

    chooseFileIn(root, "anchor-input", pem(ca.der), "ca.pem");
    fireEvent.click(present(root, '[data-test="anchor-add"]'));
    const refused = await waitFor(() => present(root, '[data-test="anchor-result"]'));
    expect(refused.dataset.code).toBe("bad-label");
    expect(await (await kit.store()).listAnchors()).toHaveLength(0);

    chooseFileIn(root, "anchor-input", pem(ca.der), "ca.pem");
    typeInto(root, "anchor-label", "Example KK private CA");
    fireEvent.click(present(root, '[data-test="anchor-add"]'));
    await waitFor(() => expect(present(root, '[data-test="anchor-result"]').dataset.outcome).toBe("added"));
    const anchor = await waitFor(() => present(root, '[data-test="anchor"]'));
    expect(anchor.dataset.fingerprint).toBe(await sha256Hex(subtle, ca.der));
    expect(anchor.querySelector("h3")?.textContent).toBe("Example KK private CA");

    fireEvent.click(present(anchor, '[data-test="delete"]'));
    fireEvent.click(await waitFor(() => present(page, '[data-test="confirm-dialog"] [data-test="confirm-delete"]')));
    await waitFor(() => expect(root.querySelector('[data-test="anchor"]')).toBeNull());
    expect(await (await kit.store()).listAnchors()).toHaveLength(0);
  });
});

describe("persistent storage", () => {
  it("tells the user to keep their .p12 when the browser did not grant persistent storage", async () => {
    const { root } = await renderPane({ persistence: "not-persisted" });
    await importThroughForm(root, await p12Of(aliceIdentity(), "pw"), "pw");
    await waitFor(() => expect(root.querySelector('[data-test="persistence-note"]')).not.toBeNull());
  });

  it("says nothing about it when storage is persistent", async () => {
    const { root } = await renderPane({ persistence: "persisted" });
    await importThroughForm(root, await p12Of(aliceIdentity(), "pw"), "pw");
    await waitFor(() => expect(identityItems(root)).toHaveLength(1));
    expect(root.querySelector('[data-test="persistence-note"]')).toBeNull();
  });
});
