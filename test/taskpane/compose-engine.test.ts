/**
 * The compose view's engine module on the real engine: stored contacts become recipient states and keys (expired
 * ones named as missing), the cipher setting reaches the encryption, and what it protects for the test PKI's alice
 * opens as `verified` and decrypted in the read view's own engine.
 */
import { describe, expect, it } from "vitest";
import type { ComposeDraft } from "../../src/core/compose/types.js";
import type { ContactRecord } from "../../src/store/types.js";
import { composeEngine } from "../../src/taskpane/compose-engine.js";
import { checkMessage } from "../../src/taskpane/engine.js";
import { days, makeCertificate, makeIdentity, NOW } from "../store/kit.js";
import { aliceIdentity } from "./keyring-kit.js";
import { testRoot } from "./pane-kit.js";

function contactOf(address: string, certificate: Uint8Array, notBefore: Date, notAfter: Date, source: ContactRecord["source"] = "harvested"): ContactRecord {
  return {
    address,
    certificate,
    fingerprint: "00",
    subject: `CN=${address}`,
    issuer: `CN=${address}`,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    capabilities: null,
    encryptionKeyPreference: null,
    encryptionCertificate: null,
    verified: source === "harvested",
    source,
    firstSeen: notBefore.toISOString(),
    lastSeen: notBefore.toISOString(),
  };
}

const draft = (to: string[], bcc: string[] = []): ComposeDraft => ({
  from: { name: "Alice Example", address: "alice@example.jp" },
  to: to.map((address) => ({ address })),
  cc: [],
  bcc: bcc.map((address) => ({ address })),
  subject: "見積書の件",
  html: "<p>compose-engine marker</p>",
  attachments: [],
});

/** A partner who can receive encrypted mail: an RSA certificate with keyEncipherment, valid around the real clock. */
async function partner(address: string): Promise<ContactRecord> {
  const now = Date.now();
  const from = new Date(now - 86_400_000);
  const to = new Date(now + 300 * 86_400_000);
  const { der } = await makeCertificate({ emails: [address], notBefore: from, notAfter: to, kind: "rsa" });
  return contactOf(address, der, from, to);
}

describe("the compose engine module", () => {
  it("states each recipient's certificate from the stored contacts, by lower-cased address", async () => {
    const { der } = await makeCertificate({ emails: ["a@example.jp"], notBefore: days(-10), notAfter: days(300) });
    const contacts = [
      contactOf("a@example.jp", der, days(-10), days(300)),
      contactOf("b@example.jp", der, days(-10), days(10), "confirmed"),
      contactOf("c@example.jp", der, days(-400), days(-1), "imported"),
    ];
    const statuses = await composeEngine.recipientStatuses(draft(["A@Example.jp", "b@example.jp"], ["c@example.jp", "d@example.jp"]), contacts, NOW);
    expect(statuses.map((s) => [s.field, s.mailbox.address, s.state, s.source, s.verified])).toEqual([
      ["to", "A@Example.jp", "valid", "harvested", true],
      ["to", "b@example.jp", "expiring", "confirmed", false],
      ["bcc", "c@example.jp", "expired", "imported", false],
      ["bcc", "d@example.jp", "none", null, false],
    ]);
  });

  it("signs and encrypts for alice so that the read view finds it verified and decrypts it", async () => {
    const alice = aliceIdentity();
    const made = await composeEngine.createSigner(alice);
    if (!made.ok) throw new Error(`${made.error}: ${made.detail}`);
    const bob = await partner("partner@example.jp");
    const result = await composeEngine.protect(draft(["partner@example.jp"]), {
      sign: true,
      encrypt: true,
      signer: made.signer,
      senderCertificate: alice.certificate,
      contacts: [bob],
      cipher: "aes-256-gcm",
      date: new Date(),
    });
    if (!result.ok) throw new Error(`${result.code}: ${result.detail}`);
    expect(result.copies.map((c) => [c.kind, c.deliverTo])).toEqual([["main", ["partner@example.jp"]]]);
    const checked = await checkMessage(result.copies[0]!.mime, [testRoot()], [alice]);
    expect({ status: checked.verdict.status, encryption: checked.verdict.encryption }).toEqual({ status: "verified", encryption: "decrypted" });
    expect(checked.content.text ?? checked.content.html ?? "").toContain("compose-engine marker");
  });

  it("follows a CBC setting, and leaves the choice to the recipients' capabilities otherwise", async () => {
    const alice = aliceIdentity();
    const bob = await partner("partner@example.jp");
    const request = { sign: false, encrypt: true, senderCertificate: alice.certificate, contacts: [bob], date: new Date() } as const;
    const cbc = await composeEngine.protect(draft(["partner@example.jp"]), { ...request, cipher: "aes-128-cbc" });
    const auto = await composeEngine.protect(draft(["partner@example.jp"]), { ...request, cipher: "aes-256-gcm" });
    // The partner announced nothing, so GCM (which older readers cannot open) is not chosen for them.
    expect([cbc.ok && cbc.cipher, auto.ok && auto.cipher]).toEqual(["aes-128-cbc", "aes-256-cbc"]);
  });

  it("names recipients whose certificate expired as missing, rather than failing on their certificate", async () => {
    const alice = aliceIdentity();
    const { der } = await makeCertificate({ emails: ["old@example.jp"], notBefore: new Date(Date.now() - 400 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000), kind: "rsa" });
    const old = contactOf("old@example.jp", der, new Date(Date.now() - 400 * 86_400_000), new Date(Date.now() - 86_400_000));
    const result = await composeEngine.protect(draft(["old@example.jp", "none@example.jp"]), {
      sign: false,
      encrypt: true,
      senderCertificate: alice.certificate,
      contacts: [old],
      cipher: "aes-256-gcm",
      date: new Date(),
    });
    expect(result).toMatchObject({ ok: false, code: "missing-certificates", addresses: ["old@example.jp", "none@example.jp"] });
  });

  it.each(["en", "ja"] as const)("asks one recipient for their certificate, in %s", async (lang) => {
    const form = await composeEngine.certificateRequest(lang, { name: "Alice Example", address: "alice@example.jp" }, { name: "Bob", address: "bob@example.jp" });
    expect(form.to).toEqual([{ name: "Bob", address: "bob@example.jp" }]);
    expect(form.subject).not.toBe("");
    expect(form.htmlBody).toContain("Alice Example");
    expect(/[\u3040-\u30ff\u4e00-\u9fff]/u.test(form.subject)).toBe(lang === "ja");
  });

  it("refuses to make a signer from a key that is not the certificate's", async () => {
    const other = await makeIdentity({ emails: ["alice@example.jp"], notBefore: days(-10), notAfter: days(300), kind: "rsa", freshKey: true });
    const made = await composeEngine.createSigner({ ...aliceIdentity(), privateKey: other.privateKey });
    expect(made).toMatchObject({ ok: false, error: "key-mismatch" });
  });
});
