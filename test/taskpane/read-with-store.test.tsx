// @vitest-environment jsdom
/**
 * The read view with the store: encrypted mail opens with the stored identities (superseded ones too), the
 * organisation's anchors count beside the built-in roots, and a checked message's signer is offered to the store,
 * whose harvest rules decide: kept at once from `verified`, only on the user's word from `untrusted`, never from
 * `invalid`, `mismatch` or `partial`, and never from the samples.
 */
import "./jsdom-gaps.js";
import "./node-typed-arrays.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, fireEvent, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Status } from "../../src/core/verdict-types.js";
import { createStandaloneHost } from "../../src/host/standalone-host.js";
import { App, type RunEngine } from "../../src/taskpane/App.js";
import { checkMessage } from "../../src/taskpane/engine.js";
import { SAMPLES_DIR, SAMPLE_ROOT_FILE, type Fetch } from "../../src/taskpane/samples.js";
import { GENERATED_DIR } from "../fixtures/generate.js";
import { days, makeCertificate, makeIdentity, pem, signerOf } from "../store/kit.js";
import { aliceIdentity, all, hex, present, testKeyring, type TestKeyring } from "./keyring-kit.js";
import { fixture, testRoot } from "./pane-kit.js";

afterEach(cleanup);

const engine: RunEngine = (eml, anchors, identities) => checkMessage(eml, anchors, identities);

const sampleFetch: Fetch = async (url) => {
  const file = url.slice(`${SAMPLES_DIR}/`.length);
  const bytes = readFileSync(file === SAMPLE_ROOT_FILE ? join(GENERATED_DIR, "pki", "root.der") : join(GENERATED_DIR, "messages", file));
  return { ok: true, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
};

function renderRead(kit: TestKeyring): HTMLElement {
  const { container } = render(
    <App host={createStandaloneHost()} mode="read" initialLang="en" locale="en-US" engine={engine} keyring={kit.keyring} fetchSample={sampleFetch} />,
  );
  return container;
}

function open(root: HTMLElement, name: string): void {
  const input = present<HTMLInputElement>(root, 'input[type=file][data-test="eml-input"]');
  fireEvent.change(input, { target: { files: [new File([fixture(name).slice()], `${name}.eml`)] } });
}

interface Shown {
  readonly status: string | undefined;
  readonly encryption: string | undefined;
}

async function badgeFor(root: HTMLElement, name: string): Promise<Shown> {
  await waitFor(() => expect(present(root, '[data-test="file-name"]').textContent).toContain(`${name}.eml`));
  const badge = await waitFor(() => present(root, '[data-test="verdict-badge"]'));
  return { status: badge.dataset.status, encryption: badge.dataset.encryption };
}

/**
 * What became of the offer of the signer to the store, once settled: a harvest code, or "none" when there was no
 * signer to offer (or no store). Read from the result's data-harvest, which says it whether or not a notice shows.
 */
async function harvestOutcome(root: HTMLElement): Promise<string | undefined> {
  const result = present(root, '[data-test="result"]');
  await waitFor(() => expect(result.dataset.harvest).not.toBe("saving"));
  return result.dataset.harvest;
}

async function storedAlice(kit: TestKeyring): Promise<void> {
  const stored = await (await kit.store()).importIdentities([aliceIdentity()]);
  if (!stored.ok) throw new Error(stored.code);
}

describe("decryption with the stored identities", () => {
  it("a message encrypted to an identity in the store is decrypted and its content shown", async () => {
    const kit = testKeyring();
    await storedAlice(kit);
    const root = renderRead(kit);
    open(root, "encrypted-to-alice");
    expect(await badgeFor(root, "encrypted-to-alice")).toEqual({ status: "unsigned", encryption: "decrypted" });
    // The content follows the badge by one render (AfterFirstPaint in App.tsx).
    expect((await waitFor(() => present(root, '[data-test="message-content"]'))).dataset.source).toBe("decrypted");
    // The fixture's own marker, from inside the encryption: the plaintext is what is shown.
    expect(present(root, '[data-test="content-text"]').textContent).toContain("(fixture encrypted-to-alice)");
  });

  it("without the identity the same message stays closed", async () => {
    const root = renderRead(testKeyring());
    open(root, "encrypted-to-alice");
    expect(await badgeFor(root, "encrypted-to-alice")).toEqual({ status: "unsigned", encryption: "no-key" });
  });

  it("a superseded identity still opens old mail", async () => {
    const kit = testKeyring();
    await storedAlice(kit);
    const renewed = await makeIdentity({ emails: ["alice@example.jp"], notBefore: days(1), notAfter: days(400), freshKey: true, kind: "rsa" });
    const store = await kit.store();
    const stored = await store.importIdentities([renewed]);
    if (!stored.ok) throw new Error(stored.code);
    const summaries = await store.listIdentities();
    expect(summaries.find((s) => hex(s.certificate) === hex(aliceIdentity().certificate))?.superseded).toBe(true);

    const root = renderRead(kit);
    open(root, "sign-then-encrypt");
    expect((await badgeFor(root, "sign-then-encrypt")).encryption).toBe("decrypted");
  });

  it("an identity imported while a message is shown opens it without choosing the file again", async () => {
    const kit = testKeyring();
    const root = renderRead(kit);
    open(root, "encrypted-to-alice");
    expect((await badgeFor(root, "encrypted-to-alice")).encryption).toBe("no-key");
    // The import happens in the Certificates view, which tells the pane that the keys changed.
    fireEvent.click(present(root, '[data-test="nav-certificates"]'));
    await waitFor(() => present(root, '[data-test="certificates-view"][data-phase="ready"]'));
    const { p12Of } = await import("./keyring-kit.js");
    const input = present<HTMLInputElement>(root, 'input[type=file][data-test="p12-input"]');
    fireEvent.change(input, { target: { files: [new File([(await p12Of(aliceIdentity(), "pw")).slice()], "alice.p12")] } });
    fireEvent.change(present<HTMLInputElement>(root, 'input[data-test="p12-password"]'), { target: { value: "pw" } });
    fireEvent.click(present(root, '[data-test="p12-import"]'));
    await waitFor(() => expect(present(root, '[data-test="p12-result"]').dataset.outcome).toBe("imported"), { timeout: 20_000 });
    fireEvent.click(present(root, '[data-test="nav-read"]'));
    await waitFor(() => expect(present(root, '[data-test="verdict-badge"]').dataset.encryption).toBe("decrypted"));
  });
});

describe("the organisation's anchors", () => {
  it("a signature chaining to a stored anchor is verified; without it, untrusted", async () => {
    const kit = testKeyring();
    const root = renderRead(kit);
    open(root, "detached-rsa");
    expect((await badgeFor(root, "detached-rsa")).status).toBe("untrusted");
    cleanup();

    const added = await (await kit.store()).addAnchor(pem(testRoot()), "Inkan test root");
    if (!added.ok) throw new Error(added.code);
    const again = renderRead(kit);
    open(again, "detached-rsa");
    expect((await badgeFor(again, "detached-rsa")).status).toBe("verified");
  });
});

describe("harvesting the signer's certificate", () => {
  async function withAnchor(): Promise<TestKeyring> {
    const kit = testKeyring();
    const added = await (await kit.store()).addAnchor(pem(testRoot()), "Inkan test root");
    if (!added.ok) throw new Error(added.code);
    return kit;
  }

  it("keeps a verified signer's certificate at once and says they can now be sent encrypted mail", async () => {
    const kit = await withAnchor();
    const root = renderRead(kit);
    open(root, "detached-rsa");
    expect((await badgeFor(root, "detached-rsa")).status).toBe("verified");
    const notice = await waitFor(() => present(root, '[data-test="harvest"]'));
    expect(notice.dataset.code).toBe("added");
    expect(root.querySelector('[data-test="harvest-confirm"]')).toBeNull();
    const contacts = await (await kit.store()).listContacts();
    expect(contacts.map((c) => ({ address: c.address, verified: c.verified, source: c.source }))).toEqual([
      { address: "alice@example.jp", verified: true, source: "harvested" },
    ]);

    // The same signer again: nothing new, and nothing to confirm.
    open(root, "opaque-rsa");
    await badgeFor(root, "opaque-rsa");
    await waitFor(() => expect(present(root, '[data-test="harvest"]').dataset.code).toBe("seen-again"));
  });

  it("from an untrusted message, keeps the certificate only when the user confirms, marked not verified", async () => {
    const kit = testKeyring();
    const root = renderRead(kit);
    open(root, "detached-rsa");
    expect((await badgeFor(root, "detached-rsa")).status).toBe("untrusted");
    const offer = await waitFor(() => present(root, '[data-test="harvest"]'));
    expect(offer.dataset.code).toBe("needs-confirmation");
    expect(await (await kit.store()).listContacts()).toEqual([]);

    fireEvent.click(present(root, '[data-test="harvest-confirm"]'));
    await waitFor(() => expect(present(root, '[data-test="harvest"]').dataset.confirmed).toBe("true"));
    expect(present(root, '[data-test="harvest"]').dataset.code).toBe("added");
    const [contact] = await (await kit.store()).listContacts();
    expect({ address: contact?.address, verified: contact?.verified, source: contact?.source }).toEqual({
      address: "alice@example.jp",
      verified: false,
      source: "confirmed",
    });
  });

  it("an unverified certificate never replaces a verified one for the same address", async () => {
    const kit = testKeyring();
    const other = await makeCertificate({ emails: ["alice@example.jp"], notBefore: days(-10), notAfter: days(300), freshKey: true });
    const store = await kit.store();
    expect((await store.harvest({ status: "verified", fromAddress: "alice@example.jp", signer: signerOf(other.der, ["alice@example.jp"]) })).code).toBe("added");

    const root = renderRead(kit);
    open(root, "detached-rsa");
    expect((await badgeFor(root, "detached-rsa")).status).toBe("untrusted");
    fireEvent.click(await waitFor(() => present(root, '[data-test="harvest-confirm"]')));
    await waitFor(() => expect(present(root, '[data-test="harvest"]').dataset.code).toBe("kept-verified"));
    const [kept] = await store.listContacts();
    expect(hex(kept!.certificate)).toBe(hex(other.der));
  });

  /** `harvest`: what may be settled: the store's refusal, or no offer at all where the verdict names no signer. */
  const NEVER: readonly { fixture: string; status: Status; harvest: readonly string[] }[] = [
    { fixture: "tampered-content", status: "invalid", harvest: ["not-eligible", "none"] },
    { fixture: "from-other-address", status: "mismatch", harvest: ["not-eligible", "none"] },
    { fixture: "partial-footer-after", status: "partial", harvest: ["not-eligible", "none"] },
    { fixture: "unsigned", status: "unsigned", harvest: ["none"] },
  ];

  it.each(NEVER.map((n) => [n.status, n] as const))("nothing is kept or offered from a message that is %s", async (_status, never) => {
    const kit = await withAnchor();
    const root = renderRead(kit);
    open(root, never.fixture);
    expect((await badgeFor(root, never.fixture)).status).toBe(never.status);
    expect(never.harvest).toContain(await harvestOutcome(root));
    expect(root.querySelector('[data-test="harvest"]')).toBeNull();
    expect(await (await kit.store()).listContacts()).toEqual([]);
  });

  it("a sample is never harvested, though it shows as verified", async () => {
    const kit = testKeyring();
    const root = renderRead(kit);
    fireEvent.click(present(root, '[data-test="sample-menu"]'));
    const item = await waitFor(() => present(document.body, '[data-test="sample"][data-status="verified"]'));
    fireEvent.click(item);
    await waitFor(() => expect(present(root, '[data-test="verdict-badge"]').dataset.status).toBe("verified"));
    expect(await harvestOutcome(root)).toBe("none");
    expect(await (await kit.store()).listContacts()).toEqual([]);
  });

  it("without a store, messages are checked as before and nothing is offered", async () => {
    const { container } = render(<App host={createStandaloneHost()} mode="read" initialLang="en" locale="en-US" engine={engine} keyring={null} />);
    open(container, "detached-rsa");
    expect((await badgeFor(container, "detached-rsa")).status).toBe("untrusted");
    expect(await harvestOutcome(container)).toBe("none");
    expect(all(container, '[data-test="harvest"]')).toEqual([]);
  });
});

describe("the check does not wait for the store", () => {
  /** The engine, recording what each check was given: how many anchors and identities. */
  function recordingEngine(): { readonly engine: RunEngine; readonly calls: { anchors: number; identities: number }[] } {
    const calls: { anchors: number; identities: number }[] = [];
    return {
      calls,
      engine: (eml, anchors, identities = []) => {
        calls.push({ anchors: anchors.length, identities: identities.length });
        return checkMessage(eml, anchors, identities);
      },
    };
  }

  function renderWith(kit: TestKeyring, run: RunEngine): HTMLElement {
    return render(<App host={createStandaloneHost()} mode="read" initialLang="en" locale="en-US" engine={run} keyring={kit.keyring} />).container;
  }

  it("the message is checked before the store has opened, and the badge waits for the store", async () => {
    const kit = testKeyring();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = { ...kit.keyring, open: async () => (await gate, kit.keyring.open()), openForReading: async () => (await gate, kit.keyring.openForReading()) };
    const recorded = recordingEngine();
    const { container } = render(<App host={createStandaloneHost()} mode="read" initialLang="en" locale="en-US" engine={recorded.engine} keyring={held} />);
    open(container, "detached-rsa");
    await waitFor(() => expect(recorded.calls).toEqual([{ anchors: 0, identities: 0 }]));
    expect(container.querySelector('[data-test="verdict-badge"]')).toBeNull();
    release();
    expect((await badgeFor(container, "detached-rsa")).status).toBe("untrusted");
    expect(recorded.calls).toHaveLength(1);
  });

  it("a store that does not answer in time: the verdict without its keys, said so, and again once the keys are read", async () => {
    const kit = testKeyring();
    await storedAlice(kit);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = { ...kit.keyring, open: async () => (await gate, kit.keyring.open()), openForReading: async () => (await gate, kit.keyring.openForReading()) };
    const { container } = render(
      <App host={createStandaloneHost()} mode="read" initialLang="en" locale="en-US" engine={engine} keyring={held} keysWaitMs={50} />,
    );
    open(container, "encrypted-to-alice");
    expect(await badgeFor(container, "encrypted-to-alice")).toEqual({ status: "unsigned", encryption: "no-key" });
    expect(present(container, '[data-test="keys-pending"]')).toBeTruthy();
    release();
    await waitFor(() => expect(present(container, '[data-test="verdict-badge"]').dataset.encryption).toBe("decrypted"));
    expect(container.querySelector('[data-test="keys-pending"]')).toBeNull();
  });

  /** What each store holds, the message opened, what its badge shows, and the checks the engine was asked for. */
  const CASES = [
    {
      name: "stored identities do not make a signed message be checked again",
      fill: storedAlice,
      fixture: "detached-rsa",
      shown: { status: "untrusted", encryption: "none" },
      calls: [{ anchors: 0, identities: 0 }],
    },
    {
      name: "an encrypted message is checked again with the stored identities",
      fill: storedAlice,
      fixture: "encrypted-to-alice",
      shown: { status: "unsigned", encryption: "decrypted" },
      calls: [
        { anchors: 0, identities: 0 },
        { anchors: 0, identities: 1 },
      ],
    },
    {
      name: "a stored anchor makes a signed message be checked again with it",
      fill: async (kit: TestKeyring) => {
        const added = await (await kit.store()).addAnchor(pem(testRoot()), "Inkan test root");
        if (!added.ok) throw new Error(added.code);
      },
      fixture: "detached-rsa",
      shown: { status: "verified", encryption: "none" },
      calls: [
        { anchors: 0, identities: 0 },
        { anchors: 1, identities: 0 },
      ],
    },
  ];

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const kit = testKeyring();
    await c.fill(kit);
    const recorded = recordingEngine();
    const root = renderWith(kit, recorded.engine);
    open(root, c.fixture);
    expect(await badgeFor(root, c.fixture)).toEqual(c.shown);
    expect(recorded.calls).toEqual(c.calls);
  });
});
