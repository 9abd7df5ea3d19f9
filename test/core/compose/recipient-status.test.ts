/** recipientStatuses and recipientKeysFrom against a fixed clock. */
import { describe, expect, it } from "vitest";
import {
  certificateState,
  EXPIRY_WARNING_DAYS,
  recipientKeysFrom,
  recipientStatuses,
  type ContactKeyLike,
  type ContactLike,
} from "../../../src/core/compose/index.js";
import { CAPABILITY_OID } from "../../../src/core/cms/smime-capabilities.js";
import { EXPIRY_WARNING_DAYS as STORE_EXPIRY_WARNING_DAYS, type ContactRecord } from "../../../src/store/types.js";
import { draftOf } from "./helpers.js";

const NOW = new Date("2025-10-01T00:00:00Z");
const DAY = 86_400_000;
const iso = (days: number): string => new Date(NOW.getTime() + days * DAY).toISOString();

function contact(notBeforeDays: number, notAfterDays: number, overrides: Partial<ContactKeyLike> = {}): ContactKeyLike {
  return { address: "x@example.jp", notBefore: iso(notBeforeDays), notAfter: iso(notAfterDays), source: "harvested", verified: true, certificate: new Uint8Array([1]), ...overrides };
}

describe("certificateState", () => {
  it.each([
    ["no certificate", null, "none"],
    ["valid for a year", contact(-10, 365), "valid"],
    ["one day past the warning period", contact(-10, EXPIRY_WARNING_DAYS + 1), "valid"],
    ["exactly at the warning period", contact(-10, EXPIRY_WARNING_DAYS), "expiring"],
    ["expiring tomorrow", contact(-10, 1), "expiring"],
    ["expired yesterday", contact(-400, -1), "expired"],
    ["not valid yet: present but unusable", contact(1, 365), "expired"],
    ["with dates that cannot be read", { ...contact(-1, 1), notAfter: "soon" }, "expired"],
  ] as const)("%s: %s", (_name, c, state) => {
    expect(certificateState(c, NOW)).toBe(state);
  });

  it("warns as many days ahead as the store does for the user's own certificates", () => {
    expect(EXPIRY_WARNING_DAYS).toBe(STORE_EXPIRY_WARNING_DAYS);
  });
});

describe("recipientStatuses", () => {
  it("gives one status per To, Cc and Bcc mailbox in order, with source and verification carried through", () => {
    const contacts: Record<string, ContactLike> = {
      "bob@example.jp": contact(-10, 365, { source: "harvested", verified: true }),
      "carol@example.jp": contact(-10, 10, { source: "confirmed", verified: false }),
      "dave@example.jp": contact(-400, -1, { source: "imported", verified: false }),
    };
    const asked: string[] = [];
    const draft = draftOf({
      to: [{ name: "Bob", address: "Bob@Example.JP" }, { address: "erin@example.jp" }],
      cc: [{ address: "carol@example.jp" }],
      bcc: [{ address: "dave@example.jp" }],
    });
    const statuses = recipientStatuses(
      draft,
      (address) => {
        asked.push(address);
        return contacts[address] ?? null;
      },
      NOW,
    );
    expect(asked).toEqual(["bob@example.jp", "erin@example.jp", "carol@example.jp", "dave@example.jp"]);
    expect(statuses.map((s) => [s.field, s.mailbox.address, s.state, s.source, s.verified])).toEqual([
      ["to", "Bob@Example.JP", "valid", "harvested", true],
      ["to", "erin@example.jp", "none", null, false],
      ["cc", "carol@example.jp", "expiring", "confirmed", false],
      ["bcc", "dave@example.jp", "expired", "imported", false],
    ]);
    expect(statuses[0]!.mailbox).toEqual({ name: "Bob", address: "Bob@Example.JP" });
    expect(statuses[0]!.notAfter).toBe(iso(365));
    expect(statuses[1]!.notAfter).toBeNull();
  });
});

describe("recipientKeysFrom", () => {
  const gcm = [{ oid: CAPABILITY_OID.aes256Gcm }];

  it("keys the map by lower-cased address, prefers the encryption certificate and keeps capabilities", () => {
    const keys = recipientKeysFrom([
      contact(-1, 365, { address: "Bob@Example.jp", certificate: new Uint8Array([1]), encryptionCertificate: new Uint8Array([2]), capabilities: gcm }),
      contact(-1, 365, { address: "carol@example.jp", certificate: new Uint8Array([3]), encryptionCertificate: null, capabilities: null }),
    ]);
    expect([...keys.keys()]).toEqual(["bob@example.jp", "carol@example.jp"]);
    expect(keys.get("bob@example.jp")).toEqual({ certificate: new Uint8Array([2]), capabilities: gcm });
    expect(keys.get("carol@example.jp")).toEqual({ certificate: new Uint8Array([3]) });
  });

  it("leaves out certificates that cannot be used now, when given the time", () => {
    const contacts = [contact(-400, -1, { address: "old@example.jp" }), contact(1, 365, { address: "future@example.jp" }), contact(-1, 5, { address: "soon@example.jp" })];
    expect([...recipientKeysFrom(contacts, NOW).keys()]).toEqual(["soon@example.jp"]);
    expect(recipientKeysFrom(contacts).size).toBe(3);
  });

  it("reads the store's contact records as they are", () => {
    const record: ContactRecord = {
      address: "bob@example.jp",
      certificate: new Uint8Array([1]),
      fingerprint: "00",
      subject: "CN=Bob",
      issuer: "CN=CA",
      notBefore: iso(-1),
      notAfter: iso(365),
      capabilities: null,
      encryptionKeyPreference: null,
      encryptionCertificate: null,
      verified: true,
      source: "harvested",
      firstSeen: iso(-1),
      lastSeen: iso(-1),
    };
    expect(recipientKeysFrom([record]).get("bob@example.jp")).toEqual({ certificate: new Uint8Array([1]) });
    expect(recipientStatuses(draftOf(), () => record, NOW)[0]?.state).toBe("valid");
  });
});
