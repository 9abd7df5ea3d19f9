/**
 * The pane's store in jsdom: the real IndexedDB store on fake-indexeddb (one database per test), identity files made
 * by the engine's own PKCS #12 writer, and the generated test PKI's alice as an identity.
 */
import "./node-typed-arrays.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fireEvent, waitFor } from "@testing-library/react";
import { exportPkcs12 } from "../../src/core/keys/export-pkcs12.js";
import type { Identity } from "../../src/core/keys/identity.js";
import { decodePem } from "../../src/core/pki/pem.js";
import { openStore } from "../../src/store/indexeddb-store.js";
import type { InkanStore, OpenStoreOptions, PersistOutcome } from "../../src/store/types.js";
import { createKeyring, type Keyring } from "../../src/taskpane/keyring.js";
import { GENERATED_DIR } from "../fixtures/generate.js";
import { isolated } from "../store/kit.js";

export const subtle = globalThis.crypto.subtle;

/** Few iterations: these files protect nothing, and the import's key derivation is what the tests would wait for. */
const TEST_ITERATIONS = 1_000;

export interface TestKeyring {
  readonly keyring: Keyring;
  readonly options: OpenStoreOptions & { readonly indexedDB: IDBFactory; readonly name: string };
  /** The same store the pane uses (the keyring opens it once). */
  readonly store: () => Promise<InkanStore>;
}

/** A keyring on its own fake IndexedDB; `now` is the store's clock (the real one unless given). */
export function testKeyring(now: () => Date = () => new Date(), persistence: PersistOutcome = "persisted"): TestKeyring {
  const options = isolated({ now });
  const keyring = createKeyring(async () => ({
    openStore: (o) => openStore({ ...options, ...o }),
    requestPersistentStorage: async () => persistence,
  }));
  return {
    keyring,
    options,
    store: async () => {
      const opened = await keyring.open();
      if (!opened.ok) throw new Error(`store: ${opened.code}: ${opened.detail}`);
      return opened.store;
    },
  };
}

export async function p12Of(identity: Identity, password: string): Promise<Uint8Array> {
  return exportPkcs12(identity, password, subtle, { iterations: TEST_ITERATIONS });
}

const pkiFile = (name: string): Buffer => readFileSync(join(GENERATED_DIR, "pki", name));

/** The test PKI's alice (RSA), the recipient of the encrypted fixtures, with her issuing CA. */
export function aliceIdentity(): Identity {
  const key = decodePem(pkiFile("alice.key").toString("latin1")).find((b) => b.label === "PRIVATE KEY");
  if (key === undefined) throw new Error("alice.key holds no PKCS #8 key");
  return {
    certificate: new Uint8Array(pkiFile("alice.der")),
    chain: [new Uint8Array(pkiFile("inter.der"))],
    privateKey: key.der,
    keyKind: "rsa",
    friendlyName: "Alice Example",
  };
}

export function present<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (el === null) throw new Error(`no ${selector} yet`);
  return el;
}

/** Byte arrays compared by content: those read back from IndexedDB may come from another realm or be views. */
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");

export const all = (root: ParentNode, selector: string): HTMLElement[] => Array.from(root.querySelectorAll<HTMLElement>(selector));

export function chooseFileIn(root: ParentNode, test: string, bytes: Uint8Array, name: string): void {
  const input = present<HTMLInputElement>(root, `input[type=file][data-test="${test}"]`);
  fireEvent.change(input, { target: { files: [new File([bytes.slice()], name)] } });
}

export function typeInto(root: ParentNode, test: string, value: string): void {
  fireEvent.change(present<HTMLInputElement>(root, `input[data-test="${test}"]`), { target: { value } });
}

/** Imports a .p12 through the form, as a user does, and waits for the outcome's hook. */
export async function importThroughForm(root: HTMLElement, file: Uint8Array, password: string, name = "identity.p12"): Promise<HTMLElement> {
  chooseFileIn(root, "p12-input", file, name);
  typeInto(root, "p12-password", password);
  fireEvent.click(present(root, '[data-test="p12-import"]'));
  return waitFor(() => present<HTMLElement>(root, '[data-test="p12-result"]'), { timeout: 20_000 });
}

/** Opens the Certificates view from the navigation and waits until its lists are shown. */
export async function openCertificates(root: HTMLElement): Promise<HTMLElement> {
  fireEvent.click(present(root, '[data-test="nav-certificates"]'));
  return waitFor(() => present<HTMLElement>(root, '[data-test="certificates-view"][data-phase="ready"]'), { timeout: 10_000 });
}
