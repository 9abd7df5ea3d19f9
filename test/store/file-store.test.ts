/**
 * The CLI's file store: the same records and rules as the IndexedDB store, writes that an interruption cannot tear,
 * and a lock that keeps concurrent inkan processes from losing each other's changes.
 */
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileStore, openFileStore, STORE_FILE_NAME, writeFileAtomically } from "../../src/store/file-store.js";
import type { CertificateStore } from "../../src/store/types.js";
import { days, isolated, makeCertificate, NOW, open, pem, signerOf } from "./kit.js";

const scratch = (): string => mkdtempSync(path.join(tmpdir(), "inkan-file-store-"));

async function openDir(dir: string): Promise<FileStore> {
  const opened = await openFileStore(dir, { now: () => NOW });
  if (!opened.ok) throw new Error(opened.code);
  return opened.store;
}

/** The same changes, in the same order, on any store. */
async function exercise(store: CertificateStore, material: Awaited<ReturnType<typeof materials>>): Promise<string[]> {
  const codes: string[] = [];
  codes.push((await store.harvest({ status: "verified", fromAddress: "p@example.jp", signer: signerOf(material.partner, ["p@example.jp"], { capabilities: [{ oid: "2.16.840.1.101.3.4.1.46" }, { oid: "1.2.840.113549.1.1.7", parameters: new Uint8Array([0x30, 0x00]) }], encryptionKeyPreference: { kind: "other", der: new Uint8Array([0xa5, 0x00]) } }) })).code);
  codes.push((await store.harvest({ status: "untrusted", fromAddress: "p@example.jp", signer: signerOf(material.attacker, ["p@example.jp"]), userConfirmed: true })).code);
  codes.push((await store.harvest({ status: "untrusted", fromAddress: "q@example.jp", signer: signerOf(material.other, ["q@example.jp"]), userConfirmed: true })).code);
  const imported = await store.importContactCertificates(pem(material.handed));
  codes.push(imported.ok ? imported.outcomes.map((o) => o.outcome).join() : imported.code);
  const anchor = await store.addAnchor(material.ca, "Org CA");
  codes.push(anchor.ok ? anchor.outcome : anchor.code);
  await store.updateSettings({ encryptWhenPossible: true });
  return codes;
}

async function materials() {
  return {
    partner: (await makeCertificate({ emails: ["p@example.jp"], notBefore: days(-10), notAfter: days(300) })).der,
    attacker: (await makeCertificate({ emails: ["p@example.jp"], notBefore: days(-1), notAfter: days(300), freshKey: true })).der,
    other: (await makeCertificate({ emails: ["q@example.jp"], notBefore: days(-1), notAfter: days(300), freshKey: true })).der,
    handed: (await makeCertificate({ emails: ["h@example.jp", "q@example.jp"], notBefore: days(-1), notAfter: days(300), freshKey: true })).der,
    ca: (await makeCertificate({ emails: [], name: "Org CA", ca: true, notBefore: days(-10), notAfter: days(3000), freshKey: true })).der,
  };
}

describe("the file store", () => {
  it("holds the same records as the IndexedDB store after the same changes, and reads them back from the file", async () => {
    const material = await materials();
    const dir = scratch();
    const file = await openDir(dir);
    const browser = await open(isolated());
    const fileCodes = await exercise(file, material);
    const browserCodes = await exercise(browser, material);
    expect(fileCodes).toEqual(["added", "kept-verified", "added", "added,replaced", "added"]);
    expect(fileCodes).toEqual(browserCodes);
    const sort = <T extends { address: string }>(list: readonly T[]) => [...list].sort((a, b) => a.address.localeCompare(b.address));
    const reopened = await openDir(dir);
    for (const store of [file, reopened]) {
      expect(sort(await store.listContacts())).toEqual(sort(await browser.listContacts()));
      expect(await store.listAnchors()).toEqual(await browser.listAnchors());
      expect(await store.getSettings()).toEqual(await browser.getSettings());
    }
    browser.close();
  });

  it("a missing folder is an empty store, created on the first change", async () => {
    const dir = path.join(scratch(), "not", "yet");
    const store = await openDir(dir);
    expect([await store.listContacts(), await store.listAnchors()]).toEqual([[], []]);
    expect((await store.addAnchor((await materials()).ca, "CA")).ok).toBe(true);
    expect(readdirSync(dir)).toEqual([STORE_FILE_NAME]);
  });

  it("an interrupted write leaves the old file whole and no temporary file behind", async () => {
    const dir = scratch();
    const target = path.join(dir, STORE_FILE_NAME);
    writeFileSync(target, "old content");
    await expect(
      writeFileAtomically(target, "new content", {
        beforeRename: async () => {
          throw new Error("power cut");
        },
      }),
    ).rejects.toThrow("power cut");
    expect(readFileSync(target, "utf8")).toBe("old content");
    expect(readdirSync(dir)).toEqual([STORE_FILE_NAME]);
    await writeFileAtomically(target, "new content");
    expect(readFileSync(target, "utf8")).toBe("new content");
    expect(readdirSync(dir)).toEqual([STORE_FILE_NAME]);
  });

  it("a temporary file left by a crashed process does not disturb reading or writing", async () => {
    const dir = scratch();
    const store = await openDir(dir);
    const material = await materials();
    await store.addAnchor(material.ca, "CA");
    writeFileSync(path.join(dir, `${STORE_FILE_NAME}.999.deadbeef.tmp`), '{"format":"inkan-st');
    const again = await openDir(dir);
    expect((await again.listAnchors()).map((a) => a.label)).toEqual(["CA"]);
    expect((await again.addAnchor(material.ca, "Renamed")).ok).toBe(true);
  });

  it("concurrent changes from separate store objects (as from separate processes) are all kept", async () => {
    const dir = scratch();
    const stores = await Promise.all([0, 1, 2, 3].map(() => openDir(dir)));
    const certs = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => makeCertificate({ emails: [`c${i}@example.jp`], notBefore: days(-1), notAfter: days(300) })));
    const results = await Promise.all(
      certs.map((c, i) => stores[i % stores.length]!.harvest({ status: "verified", fromAddress: `c${i}@example.jp`, signer: signerOf(c.der, [`c${i}@example.jp`]) })),
    );
    expect(results.map((r) => r.code)).toEqual(Array(8).fill("added"));
    expect((await stores[0]!.listContacts()).length).toBe(8);
    expect(readdirSync(dir)).toEqual([STORE_FILE_NAME]);
  });

  it("a lock left behind by a process that died is taken over", async () => {
    const dir = scratch();
    const store = await openDir(dir);
    const lock = path.join(dir, "inkan-store.lock");
    writeFileSync(lock, "");
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(lock, old, old);
    const added = await store.addAnchor((await materials()).ca, "CA");
    expect(added.ok ? added.outcome : added.code).toBe("added");
    expect(readdirSync(dir)).toEqual([STORE_FILE_NAME]);
  });

  it.each([
    ["not JSON", "{", "damaged"],
    ["a contact with a certificate that is not base64", JSON.stringify({ format: "inkan-store", version: 1, contacts: [{ certificate: "!!" }], anchors: [] }), "damaged"],
    ["a newer format version", JSON.stringify({ format: "inkan-store", version: 2, contacts: [], anchors: [] }), "newer-version"],
  ])("refuses a file with %s as %s", async (_name, text, code) => {
    const dir = scratch();
    writeFileSync(path.join(dir, STORE_FILE_NAME), text);
    const opened = await openFileStore(dir);
    expect(opened.ok ? "opened" : opened.code).toBe(code);
  });
});
