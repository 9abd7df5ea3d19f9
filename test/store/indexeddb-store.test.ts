/**
 * The IndexedDB store on fake-indexeddb, one database per test: keys never at rest in the clear, one transaction
 * per import, superseded identities, the stored-CryptoKey fallback, contacts, anchors, settings.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { bufferSource } from "../../src/core/cms/der.js";
import type { Identity } from "../../src/core/keys/identity.js";
import { parsePrivateKeyInfo } from "../../src/core/keys/private-key-info.js";
import { PASSPHRASE_ITERATIONS } from "../../src/store/key-protection.js";
import { requestPersistentStorage } from "../../src/store/persist.js";
import type { KeyPurpose, OpenStoreOptions } from "../../src/store/types.js";
import { byteArraysIn, contains, days, dumpDatabase, isolated, makeCertificate, makeIdentity, NOW, open, pem, signerOf, subtle } from "./kit.js";

const PASSPHRASE = "correct horse battery";

let rsa: Identity;
let ec: Identity;
let ed: Identity;
/** Same address, renewed: the 2029 certificate and its 2030 successor (fresh keys each). */
let old2029: Identity;
let new2030: Identity;
let otherAddress: Identity;

beforeAll(async () => {
  rsa = await makeIdentity({ kind: "rsa", emails: ["rsa@example.jp"], notBefore: days(-30), notAfter: days(335), friendlyName: "RSA key" });
  ec = await makeIdentity({ kind: "ec-p256", emails: ["ec@example.jp"], notBefore: days(-30), notAfter: days(335) });
  ed = await makeIdentity({ kind: "ed25519", emails: ["ed@example.jp"], notBefore: days(-30), notAfter: days(335) });
  old2029 = await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-400), notAfter: days(10), freshKey: true });
  new2030 = await makeIdentity({ emails: ["me@example.jp", "me@example.com"], notBefore: days(-5), notAfter: days(360), freshKey: true });
  otherAddress = await makeIdentity({ emails: ["other@example.jp"], notBefore: days(-5), notAfter: days(360), freshKey: true });
});

/** Writes made through IDBObjectStore.put are refused from the n-th call on, as a full disk would refuse them. */
function failPutsFrom(n: number): () => void {
  const proto = IDBObjectStore.prototype as { put: (...args: unknown[]) => IDBRequest };
  const original = proto.put;
  let calls = 0;
  proto.put = function (this: IDBObjectStore, ...args: unknown[]) {
    if (++calls >= n) throw new DOMException("the disk is full", "QuotaExceededError");
    return original.apply(this, args);
  };
  return () => {
    proto.put = original;
  };
}
let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

describe("opening", () => {
  it("reads an empty store's keys and anchors without waiting for the master key to be made", async () => {
    // WebCrypto that never finishes making a key: the master key and the stored-key probe stay pending.
    let generateCalls = 0;
    const stalled = new Proxy(subtle, {
      get(target, property) {
        if (property === "generateKey") {
          return () => {
            generateCalls++;
            return new Promise(() => undefined);
          };
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const store = await open({ ...isolated(), subtle: stalled });
    expect((await store.loadIdentities()).identities).toEqual([]);
    expect(await store.anchorCertificates()).toEqual([]);
    // Both start-up checks did begin, and are still waiting on the key they asked for.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(generateCalls).toBe(2);
    let settled = false;
    void store.health().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    store.close();
  });

  it("creates the master key and finds stored CryptoKeys usable (Node's WebCrypto with fake-indexeddb)", async () => {
    const store = await open(isolated());
    expect(await store.health()).toEqual({ cryptoKeys: "stored", masterKey: "ok" });
    store.close();
  });

  it("keeps the same master key across openings: keys imported before still open", async () => {
    const options = isolated();
    const first = await open(options);
    await first.importIdentities([ec]);
    first.close();
    const again = await open(options);
    expect((await again.loadIdentities()).identities.map((i) => i.privateKey)).toEqual([ec.privateKey]);
    again.close();
  });

  it.each([
    ["no IndexedDB", { indexedDB: undefined as unknown as IDBFactory }, "unavailable"],
  ] as const)("reports %s as %s", async (_name, overrides, code) => {
    const saved = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    delete (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    try {
      const { openStore } = await import("../../src/store/indexeddb-store.js");
      const opened = await openStore({ ...isolated(), ...overrides });
      expect(opened.ok ? "opened" : opened.code).toBe(code);
    } finally {
      (globalThis as { indexedDB?: IDBFactory }).indexedDB = saved;
    }
  });
});

describe("identities: keys at rest", () => {
  const PURPOSES: [string, () => Identity, KeyPurpose[]][] = [
    ["RSA", () => rsa, ["rsa-pkcs1-sign", "rsa-oaep-decrypt"]],
    ["EC P-256", () => ec, ["ecdsa-sign", "ecdh-derive"]],
    ["Ed25519", () => ed, ["ed25519-sign"]],
  ];

  it.each(PURPOSES)("%s: the PKCS #8 round-trips through the sealed copy, and non-extractable keys are stored", async (_name, identity, purposes) => {
    const store = await open(isolated());
    const imported = await store.importIdentities([identity()]);
    expect(imported.ok && imported.outcomes.map((o) => o.outcome)).toEqual(["added"]);
    const [summary] = await store.listIdentities();
    expect([...(summary?.keyPurposes ?? [])].sort()).toEqual([...purposes].sort());
    expect(summary?.protection).toEqual(["device"]);
    const loaded = await store.loadIdentities();
    expect(loaded.identities).toEqual([identity()]);
    const keys = loaded.loaded[0]!.cryptoKeys;
    for (const purpose of purposes) {
      const key = keys[purpose]!;
      expect([key.extractable, key.type]).toEqual([false, "private"]);
      await expect(subtle.exportKey("pkcs8", key)).rejects.toThrow();
    }
    store.close();
  });

  it("the stored keys work: RSA-OAEP decrypts what the certificate's key encrypted, ECDSA signs what it verifies", async () => {
    const store = await open(isolated());
    await store.importIdentities([rsa, ec]);
    const { loaded } = await store.loadIdentities();
    const byKind = new Map(loaded.map((l) => [l.identity.keyKind, l.cryptoKeys]));
    const rsaPublic = await publicKeyOf(rsa.certificate, { name: "RSA-OAEP", hash: "SHA-256" }, ["encrypt"]);
    const secret = new Uint8Array([1, 2, 3, 4]);
    const sealed = await subtle.encrypt({ name: "RSA-OAEP" }, rsaPublic, secret);
    expect(new Uint8Array(await subtle.decrypt({ name: "RSA-OAEP" }, byKind.get("rsa")!["rsa-oaep-decrypt"]!, sealed))).toEqual(secret);
    const ecPublic = await publicKeyOf(ec.certificate, { name: "ECDSA", namedCurve: "P-256" }, ["verify"]);
    const signature = await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, byKind.get("ec-p256")!["ecdsa-sign"]!, secret);
    expect(await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, ecPublic, signature, secret)).toBe(true);
    store.close();
  });

  it("no record of any object store holds an unwrapped PKCS #8 key or its private key octets", async () => {
    const options = isolated();
    const store = await open(options);
    await store.importIdentities([rsa, ec]);
    await store.importIdentities([ed], { passphrase: PASSPHRASE });
    await store.importIdentities([otherAddress], { passphrase: PASSPHRASE, passphraseOnly: true });
    store.close();
    const dump = await dumpDatabase(options.indexedDB, options.name);
    expect(Object.keys(dump).sort()).toEqual(["anchors", "contacts", "identities", "meta", "settings"]);
    const bytes = Object.values(dump).flatMap((records) => byteArraysIn(records));
    const text = JSON.stringify(dump, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v));
    // Proof that the scan reaches the records: the certificates are there.
    expect(bytes.some((b) => contains(b, rsa.certificate))).toBe(true);
    for (const identity of [rsa, ec, ed, otherAddress]) {
      const inner = parsePrivateKeyInfo(identity.privateKey)!.privateKey;
      for (const secret of [identity.privateKey, inner]) {
        expect(bytes.some((b) => contains(b, secret))).toBe(false);
        expect(text.includes(Buffer.from(secret).toString("hex"))).toBe(false);
        expect(text.includes(Buffer.from(secret).toString("base64"))).toBe(false);
      }
    }
  });

  it("a sealed key moved to another identity's record does not open there (it is bound to its identity)", async () => {
    const options = isolated();
    const store = await open(options);
    await store.importIdentities([ec, otherAddress]);
    store.close();
    await rawUpdate(options, "identities", (records) => {
      const [a, b] = records as { deviceSealed: unknown }[];
      [a!.deviceSealed, b!.deviceSealed] = [b!.deviceSealed, a!.deviceSealed];
    });
    const again = await open(options);
    const loaded = await again.loadIdentities();
    expect(loaded.identities).toEqual([]);
    expect(loaded.failed.map((f) => f.code)).toEqual(["damaged", "damaged"]);
    again.close();
  });
});

describe("identities: passphrase protection", () => {
  it(`keeps a second copy under the passphrase (PBKDF2, ${PASSPHRASE_ITERATIONS} iterations) that opens when the device copy cannot`, async () => {
    const options = isolated();
    const store = await open(options);
    await store.importIdentities([ec], { passphrase: PASSPHRASE });
    expect((await store.listIdentities())[0]?.protection).toEqual(["device", "passphrase"]);
    store.close();
    // The master key no longer reads back: only the passphrase copy can open the key.
    const broken = await open({ ...options, reviveCryptoKey: breakAll });
    expect((await broken.health()).masterKey).toBe("unusable");
    const without = await broken.loadIdentities();
    expect([without.identities.length, without.locked.length]).toEqual([0, 1]);
    const withIt = await broken.loadIdentities({ passphrase: PASSPHRASE });
    expect(withIt.identities.map((i) => i.privateKey)).toEqual([ec.privateKey]);
    broken.close();
  });

  it.each([
    ["no passphrase", undefined, { identities: 0, locked: 1 }],
    ["a wrong passphrase", "wrong passphrase!", { identities: 0, locked: 1 }],
    ["the passphrase", PASSPHRASE, { identities: 1, locked: 0 }],
  ] as const)("a passphrase-only identity with %s", async (_name, passphrase, expected) => {
    const store = await open(isolated());
    const imported = await store.importIdentities([ec], { passphrase: PASSPHRASE, passphraseOnly: true });
    expect(imported.ok).toBe(true);
    expect((await store.listIdentities())[0]?.protection).toEqual(["passphrase"]);
    const loaded = await store.loadIdentities(passphrase === undefined ? {} : { passphrase });
    expect({ identities: loaded.identities.length, locked: loaded.locked.length }).toEqual(expected);
    store.close();
  });

  it.each([
    ["a passphrase shorter than the minimum", { passphrase: "short" }, "passphrase-too-short"],
    ["passphrase-only without a passphrase", { passphraseOnly: true }, "passphrase-required"],
  ] as const)("refuses %s and stores nothing", async (_name, options, code) => {
    const store = await open(isolated());
    const imported = await store.importIdentities([ec], options);
    expect(imported.ok ? "imported" : imported.code).toBe(code);
    expect(await store.listIdentities()).toEqual([]);
    store.close();
  });
});

describe("identities: one transaction per import", () => {
  it.each([
    ["a key that belongs to another certificate (second of two)", () => [ec, { ...otherAddress, privateKey: ec.privateKey }], "bad-key"],
    ["an unreadable certificate (second of two)", () => [ec, { ...otherAddress, certificate: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]) }], "bad-certificate"],
    ["an unreadable chain certificate", () => [{ ...ec, chain: [new Uint8Array([1, 2, 3])] }], "bad-certificate"],
  ] as const)("refuses %s before writing anything", async (_name, identities, code) => {
    const options = isolated();
    const store = await open(options);
    await store.importIdentities([old2029]);
    const before = await dumpDatabase(options.indexedDB, options.name);
    const imported = await store.importIdentities(identities());
    expect(imported.ok ? "imported" : imported.code).toBe(code);
    expect(await dumpDatabase(options.indexedDB, options.name)).toEqual(before);
    store.close();
  });

  it("a write refused midway (the second record) leaves the store exactly as it was", async () => {
    const options = isolated();
    const store = await open(options);
    await store.importIdentities([old2029]);
    const before = await dumpDatabase(options.indexedDB, options.name);
    // This import would write three records: old2029 (now superseded), new2030 and otherAddress.
    restore = failPutsFrom(2);
    const imported = await store.importIdentities([new2030, otherAddress]);
    restore();
    restore = null;
    expect(imported.ok ? "imported" : imported.code).toBe("storage-failed");
    expect(await dumpDatabase(options.indexedDB, options.name)).toEqual(before);
    expect((await store.listIdentities()).map((s) => [s.id, s.superseded])).toEqual([[before["identities"]!.map((r) => (r as { id: string }).id)[0], false]]);
    store.close();
  });

  it("importing an identity already stored is reported and changes nothing", async () => {
    const options = isolated();
    const store = await open(options);
    await store.importIdentities([ec]);
    const before = await dumpDatabase(options.indexedDB, options.name);
    const again = await store.importIdentities([ec]);
    expect(again.ok && again.outcomes.map((o) => o.outcome)).toEqual(["already-present"]);
    expect(await dumpDatabase(options.indexedDB, options.name)).toEqual(before);
    store.close();
  });
});

describe("identities: renewal keeps old keys, marked superseded", () => {
  it.each([
    ["old first, then its renewal", () => [[old2029], [new2030]]],
    ["the renewal first, then the old backup", () => [[new2030], [old2029]]],
    ["both in one import", () => [[old2029, new2030]]],
  ] as const)("%s: the older one is superseded by the newer, both still decrypt", async (_name, batches) => {
    const store = await open(isolated());
    for (const batch of batches()) expect((await store.importIdentities(batch)).ok).toBe(true);
    await store.importIdentities([otherAddress]);
    const list = await store.listIdentities();
    const byName = (i: Identity) => list.find((s) => s.certificate.every((b, k) => b === i.certificate[k]))!;
    expect(byName(old2029).supersededBy).toBe(byName(new2030).id);
    expect([byName(old2029).superseded, byName(new2030).superseded, byName(otherAddress).superseded]).toEqual([true, false, false]);
    expect((await store.loadIdentities()).identities).toHaveLength(3);
    store.close();
  });

  it("reports which identities an import superseded", async () => {
    const store = await open(isolated());
    await store.importIdentities([old2029]);
    const [oldSummary] = await store.listIdentities();
    const imported = await store.importIdentities([new2030]);
    expect(imported.ok && imported.superseded).toEqual([oldSummary!.id]);
    store.close();
  });

  it("deleting the renewal makes the old identity current again; deleting twice reports not-found", async () => {
    const store = await open(isolated());
    await store.importIdentities([old2029, new2030]);
    const newer = (await store.listIdentities()).find((s) => !s.superseded)!;
    expect(await store.deleteIdentity(newer.id)).toEqual({ ok: true, outcome: "removed" });
    expect((await store.listIdentities()).map((s) => s.superseded)).toEqual([false]);
    expect(await store.deleteIdentity(newer.id)).toEqual({ ok: true, outcome: "not-found" });
    store.close();
  });
});

/** Every CryptoKey reads back as one of another kind: it exists but every operation on it throws. */
let bogusKey: CryptoKey;
beforeAll(async () => {
  bogusKey = await subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
});
const breakPrivateKeys = (k: CryptoKey): CryptoKey => (k.type === "private" ? bogusKey : k);
const breakAll = (): CryptoKey => bogusKey;

describe("start-up check: stored CryptoKeys that do not read back (WebKit)", () => {
  it("falls back to wrapped-only: keys are not stored, and are imported in memory on load", async () => {
    const store = await open(isolated({ reviveCryptoKey: breakPrivateKeys }));
    expect(await store.health()).toEqual({ cryptoKeys: "wrapped-only", masterKey: "ok" });
    await store.importIdentities([ec]);
    expect((await store.listIdentities())[0]?.keyPurposes).toEqual([]);
    const { loaded } = await store.loadIdentities();
    const key = loaded[0]!.cryptoKeys["ecdsa-sign"]!;
    expect(key.extractable).toBe(false);
    await expect(subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, new Uint8Array(1))).resolves.toBeInstanceOf(ArrayBuffer);
    store.close();
  });

  it("keys stored while reads worked are not used once they stop working: fresh ones are imported", async () => {
    const options = isolated();
    const first = await open(options);
    await first.importIdentities([ec]);
    first.close();
    const later = await open({ ...options, reviveCryptoKey: breakPrivateKeys });
    expect((await later.health()).cryptoKeys).toBe("wrapped-only");
    const key = (await later.loadIdentities()).loaded[0]!.cryptoKeys["ecdsa-sign"]!;
    expect(key).not.toBe(bogusKey);
    await expect(subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, new Uint8Array(1))).resolves.toBeInstanceOf(ArrayBuffer);
    later.close();
  });

  it("with an unusable master key, an import needs a passphrase and device-only keys are reported, not guessed at", async () => {
    const options = isolated();
    const first = await open(options);
    await first.importIdentities([ec]);
    first.close();
    const store = await open({ ...options, reviveCryptoKey: breakAll });
    expect(await store.health()).toEqual({ cryptoKeys: "wrapped-only", masterKey: "unusable" });
    const refused = await store.importIdentities([otherAddress]);
    expect(refused.ok ? "imported" : refused.code).toBe("master-key-unusable");
    expect((await store.importIdentities([otherAddress], { passphrase: PASSPHRASE })).ok).toBe(true);
    const loaded = await store.loadIdentities({ passphrase: PASSPHRASE });
    expect(loaded.identities.map((i) => i.privateKey)).toEqual([otherAddress.privateKey]);
    expect(loaded.failed.map((f) => f.code)).toEqual(["master-key-unusable"]);
    store.close();
  });
});

describe("contacts", () => {
  it("harvests from verified mail, keeps the verified certificate against an unverified one, finds by any case", async () => {
    const store = await open(isolated());
    const good = await makeCertificate({ emails: ["partner@example.jp"], notBefore: days(-10), notAfter: days(300) });
    const attacker = await makeCertificate({ emails: ["partner@example.jp"], notBefore: days(-1), notAfter: days(300), freshKey: true });
    const first = await store.harvest({ status: "verified", fromAddress: "Partner@Example.jp", signer: signerOf(good.der, ["partner@example.jp"]) });
    const second = await store.harvest({ status: "untrusted", fromAddress: "partner@example.jp", signer: signerOf(attacker.der, ["partner@example.jp"]), userConfirmed: true });
    const third = await store.harvest({ status: "invalid", fromAddress: "partner@example.jp", signer: signerOf(attacker.der, ["partner@example.jp"]) });
    expect([first.code, second.code, third.code]).toEqual(["added", "kept-verified", "not-eligible"]);
    const contact = await store.contactFor("PARTNER@example.jp");
    expect([contact?.certificate, contact?.verified, contact?.firstSeen]).toEqual([good.der, true, NOW.toISOString()]);
    expect(await store.listContacts()).toHaveLength(1);
    store.close();
  });

  it("a failed harvest write is reported and leaves the contacts unchanged", async () => {
    const store = await open(isolated());
    const cert = await makeCertificate({ emails: ["partner@example.jp"], notBefore: days(-10), notAfter: days(300) });
    restore = failPutsFrom(1);
    const decision = await store.harvest({ status: "verified", fromAddress: "partner@example.jp", signer: signerOf(cert.der, ["partner@example.jp"]) });
    restore();
    restore = null;
    expect(decision.code).toBe("storage-failed");
    expect(await store.listContacts()).toEqual([]);
    store.close();
  });

  it("imports .cer (DER), .pem and .p7c files: one contact per address of each end-entity certificate, CAs passed over", async () => {
    const store = await open(isolated());
    const two = await makeCertificate({ emails: ["a@example.jp", "b@example.jp"], notBefore: days(-10), notAfter: days(300) });
    const one = await makeCertificate({ emails: ["c@example.jp"], notBefore: days(-10), notAfter: days(300) });
    const ca = await makeCertificate({ emails: ["ca@example.jp"], ca: true, notBefore: days(-10), notAfter: days(3000) });
    const p7c = certsOnly([two.der, one.der, ca.der]);
    const cases: [Uint8Array, string[]][] = [
      [two.der, ["a@example.jp", "b@example.jp"]],
      [pem(one.der), ["c@example.jp"]],
      [p7c, ["a@example.jp", "b@example.jp", "c@example.jp"]],
      [pem(p7c, "PKCS7"), ["a@example.jp", "b@example.jp", "c@example.jp"]],
    ];
    for (const [file, addresses] of cases) {
      const imported = await store.importContactCertificates(file);
      expect(imported.ok && imported.contacts.map((c) => c.address)).toEqual(addresses);
    }
    const all = await store.listContacts();
    expect(all.map((c) => [c.address, c.source, c.verified]).sort()).toEqual([
      ["a@example.jp", "imported", false],
      ["b@example.jp", "imported", false],
      ["c@example.jp", "imported", false],
    ]);
    store.close();
  });

  it("a hand import never replaces a verified contact, replaces an unverified one, and says which", async () => {
    const store = await open(isolated());
    const verified = await makeCertificate({ emails: ["v@example.jp"], notBefore: days(-10), notAfter: days(300) });
    const confirmed = await makeCertificate({ emails: ["u@example.jp"], notBefore: days(-10), notAfter: days(300), freshKey: true });
    await store.harvest({ status: "verified", fromAddress: "v@example.jp", signer: signerOf(verified.der, ["v@example.jp"]) });
    await store.harvest({ status: "untrusted", fromAddress: "u@example.jp", signer: signerOf(confirmed.der, ["u@example.jp"]), userConfirmed: true });
    const replacement = await makeCertificate({ emails: ["v@example.jp", "u@example.jp", "new@example.jp"], notBefore: days(-1), notAfter: days(300), freshKey: true });
    const imported = await store.importContactCertificates(replacement.der);
    expect(imported.ok && imported.outcomes).toEqual([
      { address: "v@example.jp", outcome: "kept-verified" },
      { address: "u@example.jp", outcome: "replaced" },
      { address: "new@example.jp", outcome: "added" },
    ]);
    expect((await store.contactFor("v@example.jp"))?.certificate).toEqual(verified.der);
    const again = await store.importContactCertificates(replacement.der);
    expect(again.ok && again.outcomes.map((o) => o.outcome)).toEqual(["kept-verified", "already-present", "already-present"]);
    store.close();
  });

  it.each([
    ["garbage", new Uint8Array([1, 2, 3]), "unreadable"],
    ["a PEM file without certificates", new TextEncoder().encode("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), "no-certificate"],
    ["a file over the size limit", new Uint8Array(1024 * 1024 + 1).fill(0x30), "too-large"],
  ] as const)("refuses %s as %s", async (_name, file, code) => {
    const store = await open(isolated());
    const imported = await store.importContactCertificates(file);
    expect(imported.ok ? "imported" : imported.code).toBe(code);
    store.close();
  });

  it("refuses a certificate without an address as no-address", async () => {
    const store = await open(isolated());
    const cert = await makeCertificate({ emails: [], name: "No Address", notBefore: days(-10), notAfter: days(300) });
    const imported = await store.importContactCertificates(cert.der);
    expect(imported.ok ? "imported" : imported.code).toBe("no-address");
    expect(await store.deleteContact("nobody@example.jp")).toEqual({ ok: true, outcome: "not-found" });
    store.close();
  });
});

describe("anchors", () => {
  it("adds, relabels, lists, gives the DER to the verifier and removes by a pasted fingerprint", async () => {
    const store = await open(isolated());
    const ca = await makeCertificate({ emails: [], name: "Example Private CA", ca: true, notBefore: days(-10), notAfter: days(3000) });
    const added = await store.addAnchor(pem(ca.der), "  Example CA ");
    expect(added.ok && [added.outcome, added.anchor.label, added.anchor.addedAt]).toEqual(["added", "Example CA", NOW.toISOString()]);
    const relabelled = await store.addAnchor(ca.der, "Example Corp CA");
    expect(relabelled.ok && [relabelled.outcome, relabelled.anchor.label]).toEqual(["relabelled", "Example Corp CA"]);
    expect((await store.listAnchors()).map((a) => a.label)).toEqual(["Example Corp CA"]);
    expect(await store.anchorCertificates()).toEqual([ca.der]);
    const fingerprint = added.ok ? added.anchor.fingerprint : "";
    const pasted = fingerprint.toUpperCase().replace(/(..)(?!$)/g, "$1:");
    expect(await store.removeAnchor(pasted)).toEqual({ ok: true, outcome: "removed" });
    expect(await store.removeAnchor(fingerprint)).toEqual({ ok: true, outcome: "not-found" });
    expect(await store.listAnchors()).toEqual([]);
    store.close();
  });

  it.each([
    ["an empty label", async () => (await ca()).pemFile, "   ", "bad-label"],
    ["a label over the limit", async () => (await ca()).pemFile, "x".repeat(201), "bad-label"],
    ["two certificates at once", async () => new Uint8Array([...(await ca()).pemFile, ...(await ca()).pemFile]), "CA", "several-certificates"],
    ["garbage", async () => new Uint8Array([0x30, 0x01]), "CA", "unreadable"],
  ] as const)("refuses %s", async (_name, file, label, code) => {
    const store = await open(isolated());
    const added = await store.addAnchor(await file(), label);
    expect(added.ok ? "added" : added.code).toBe(code);
    expect(await store.listAnchors()).toEqual([]);
    store.close();
  });
});

describe("settings", () => {
  it("starts with the defaults, keeps changes across openings, and repairs damaged fields to defaults", async () => {
    const options = isolated();
    const store = await open(options);
    expect(await store.getSettings()).toEqual({ signByDefault: true, encryptWhenPossible: false, cipher: "aes-256-gcm" });
    expect(await store.updateSettings({ cipher: "aes-128-cbc" })).toEqual({ signByDefault: true, encryptWhenPossible: false, cipher: "aes-128-cbc" });
    store.close();
    const again = await open(options);
    expect((await again.getSettings()).cipher).toBe("aes-128-cbc");
    again.close();
    await rawUpdate(options, "settings", () => undefined, { signByDefault: "yes", encryptWhenPossible: true, cipher: "rot13" });
    const repaired = await open(options);
    expect(await repaired.getSettings()).toEqual({ signByDefault: true, encryptWhenPossible: true, cipher: "aes-256-gcm" });
    repaired.close();
  });
});

describe("requestPersistentStorage", () => {
  type Storage = Pick<StorageManager, "persist" | "persisted">;
  const fake = (persisted: boolean, persist: () => Promise<boolean>): Storage => ({ persisted: async (): Promise<boolean> => persisted, persist });
  const rows: [string, Storage | undefined, string][] = [
    ["no Storage API (Node)", undefined, "unavailable"],
    ["already persisted", fake(true, async () => false), "persisted"],
    ["granted", fake(false, async () => true), "persisted"],
    ["refused", fake(false, async () => false), "not-persisted"],
    ["a throwing browser", fake(false, async () => Promise.reject(new Error("no"))), "unavailable"],
  ];
  it.each(rows)("%s", async (_name, storage, outcome) => {
    expect(await requestPersistentStorage(storage)).toBe(outcome);
  });
});

/* ---------------------------------------------------------------------------------------------------- test material */

async function publicKeyOf(certificate: Uint8Array, algorithm: RsaHashedImportParams | EcKeyImportParams, usages: KeyUsage[]): Promise<CryptoKey> {
  const { parseCertificate } = await import("../../src/core/pki/certificate.js");
  const parsed = parseCertificate(certificate);
  if (!parsed.ok) throw new Error(parsed.error);
  const spki = new Uint8Array(parsed.value.cert.subjectPublicKeyInfo.toSchema().toBER(false));
  return subtle.importKey("spki", bufferSource(spki), algorithm, false, usages);
}

async function ca(): Promise<{ pemFile: Uint8Array }> {
  const made = await makeCertificate({ emails: [], name: "Some CA", ca: true, notBefore: days(-10), notAfter: days(3000), freshKey: true });
  return { pemFile: pem(made.der) };
}

/** A certs-only SignedData made by OpenSSL, as CAs and partners hand out .p7c files. */
function certsOnly(ders: readonly Uint8Array[]): Uint8Array {
  const dir = mkdtempSync(path.join(tmpdir(), "inkan-p7c-"));
  try {
    const args = ["crl2pkcs7", "-nocrl", "-outform", "DER"];
    ders.forEach((der, i) => {
      const file = path.join(dir, `${i}.pem`);
      writeFileSync(file, pem(der));
      args.push("-certfile", file);
    });
    const r = spawnSync(process.env["INKAN_OPENSSL"] ?? "openssl", args);
    if (r.status !== 0) throw new Error(r.stderr.toString());
    return new Uint8Array(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Changes records with the plain IndexedDB API, as damage or another program would. */
async function rawUpdate(options: OpenStoreOptions & { indexedDB: IDBFactory; name: string }, storeName: string, change: (records: unknown[]) => void, settingsValue?: unknown): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve) => {
    const r = options.indexedDB.open(options.name);
    r.onsuccess = () => resolve(r.result);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(storeName, "readwrite");
    const store = tx.objectStore(storeName);
    if (settingsValue !== undefined) store.put(settingsValue, "current");
    else {
      const all = store.getAll();
      all.onsuccess = () => {
        const records = all.result;
        change(records);
        for (const r of records) store.put(r);
      };
    }
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}
