/**
 * The harvesting rules, table-driven with a fixed clock: which verdicts feed the address book, and when a stored
 * certificate is replaced.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CAPABILITY_OID } from "../../src/core/cms/smime-capabilities.js";
import type { Status } from "../../src/core/verdict-types.js";
import { decideHarvest, harvestCandidate, type HarvestCandidate } from "../../src/store/harvest-rules.js";
import type { ContactRecord, HarvestCode } from "../../src/store/types.js";
import { days, makeCertificate, NOW, signerOf, subtle } from "./kit.js";

const ADDRESS = "partner@example.jp";
type CertName = "valid" | "newer" | "expired" | "expiredIssuedLater" | "notYetValid" | "otherAddress" | "bothValidOlder";
const certs = {} as Record<CertName, Uint8Array>;

beforeAll(async () => {
  const specs: Record<CertName, { emails: string[]; from: number; to: number }> = {
    valid: { emails: [ADDRESS], from: -100, to: 265 },
    newer: { emails: [ADDRESS], from: -10, to: 355 },
    bothValidOlder: { emails: [ADDRESS], from: -200, to: 165 },
    expired: { emails: [ADDRESS], from: -400, to: -35 },
    expiredIssuedLater: { emails: [ADDRESS], from: -50, to: -1 },
    notYetValid: { emails: [ADDRESS], from: 10, to: 375 },
    otherAddress: { emails: ["someone-else@example.jp"], from: -100, to: 265 },
  };
  for (const [name, s] of Object.entries(specs) as [CertName, (typeof specs)[CertName]][]) {
    certs[name] = (await makeCertificate({ emails: s.emails, notBefore: days(s.from), notAfter: days(s.to) })).der;
  }
});

async function candidateOf(cert: CertName, status: Status = "verified", confirmed = false): Promise<HarvestCandidate> {
  const made = await harvestCandidate({ status, fromAddress: ADDRESS, signer: signerOf(certs[cert], [ADDRESS]), userConfirmed: confirmed }, subtle);
  if (!made.ok) throw new Error(made.code);
  return made.candidate;
}

/** A stored record as an earlier harvest (a week ago) left it. */
async function stored(cert: CertName, verified: boolean): Promise<ContactRecord> {
  const record = decideHarvest(null, await candidateOf(cert, verified ? "verified" : "untrusted", true), days(-7)).write;
  if (record === null) throw new Error("no record");
  return record;
}

describe("which verdicts are harvested", () => {
  const rows: [string, Status, boolean, string | null, HarvestCode, { verified: boolean; source: string } | null][] = [
    ["verified", "verified", false, ADDRESS, "added", { verified: true, source: "harvested" }],
    ["untrusted, confirmed by the user: stored as unverified", "untrusted", true, ADDRESS, "added", { verified: false, source: "confirmed" }],
    ["untrusted, not confirmed", "untrusted", false, ADDRESS, "needs-confirmation", null],
    ["invalid, even when 'confirmed'", "invalid", true, ADDRESS, "not-eligible", null],
    ["mismatch, even when 'confirmed'", "mismatch", true, ADDRESS, "not-eligible", null],
    ["partial, even when 'confirmed'", "partial", true, ADDRESS, "not-eligible", null],
    ["unsigned", "unsigned", false, ADDRESS, "not-eligible", null],
    ["a From address in other case", "verified", false, ADDRESS.toUpperCase(), "added", { verified: true, source: "harvested" }],
    ["no From address", "verified", false, null, "no-address", null],
    ["a From address the certificate does not name", "verified", false, "mallory@example.jp", "no-address", null],
  ];
  it.each(rows)("%s", async (_name, status, confirmed, from, code, record) => {
    const made = await harvestCandidate({ status, fromAddress: from, signer: signerOf(certs.valid, [ADDRESS]), userConfirmed: confirmed }, subtle);
    const decision = made.ok ? decideHarvest(null, made.candidate, NOW) : { code: made.code, write: null };
    expect(decision.code).toBe(code);
    expect(decision.write === null ? null : { verified: decision.write.verified, source: decision.write.source }).toEqual(record);
    if (decision.write) expect(decision.write.address).toBe(ADDRESS);
  });

  it("without a signer there is nothing to harvest", async () => {
    const made = await harvestCandidate({ status: "verified", fromAddress: ADDRESS, signer: null }, subtle);
    expect(made.ok ? "candidate" : made.code).toBe("no-address");
  });
});

describe("replacing a stored certificate (now = 2030-06-15)", () => {
  const rows: [string, { cert: CertName; verified: boolean }, { cert: CertName; verified: boolean }, HarvestCode, CertName][] = [
    ["a newer valid certificate replaces the older one", { cert: "valid", verified: true }, { cert: "newer", verified: true }, "replaced-older", "newer"],
    ["an older valid certificate does not replace a newer one", { cert: "newer", verified: true }, { cert: "valid", verified: true }, "kept-newer", "newer"],
    ["an expired certificate does not replace a valid one", { cert: "valid", verified: true }, { cert: "expired", verified: true }, "kept-valid", "valid"],
    ["an expired one issued later does not replace a valid one either", { cert: "valid", verified: true }, { cert: "expiredIssuedLater", verified: true }, "kept-valid", "valid"],
    ["a not-yet-valid certificate does not replace a valid one", { cert: "valid", verified: true }, { cert: "notYetValid", verified: true }, "kept-valid", "valid"],
    ["a valid certificate replaces an expired one", { cert: "expired", verified: true }, { cert: "valid", verified: true }, "replaced-invalid", "valid"],
    ["an unverified newer certificate never replaces a verified one (key substitution)", { cert: "valid", verified: true }, { cert: "newer", verified: false }, "kept-verified", "valid"],
    ["an unverified valid certificate never replaces even an expired verified one", { cert: "expired", verified: true }, { cert: "valid", verified: false }, "kept-verified", "expired"],
    ["a verified certificate replaces an unverified one, even an older one", { cert: "newer", verified: false }, { cert: "bothValidOlder", verified: true }, "replaced-unverified", "bothValidOlder"],
    ["a newer unverified certificate replaces an older unverified one", { cert: "valid", verified: false }, { cert: "newer", verified: false }, "replaced-older", "newer"],
    ["the same certificate again is seen again, not replaced", { cert: "valid", verified: true }, { cert: "valid", verified: true }, "seen-again", "valid"],
  ];
  it.each(rows)("%s", async (_name, before, offered, code, after) => {
    const existing = await stored(before.cert, before.verified);
    const decision = decideHarvest(existing, await candidateOf(offered.cert, offered.verified ? "verified" : "untrusted", true), NOW);
    expect(decision.code).toBe(code);
    const result = decision.write ?? existing;
    expect(result.certificate).toEqual(certs[after]);
    if (code === "seen-again" || decision.write === null) expect(result.firstSeen).toBe(existing.firstSeen);
    else expect(result.firstSeen).toBe(NOW.toISOString());
  });

  it("the same certificate again only moves lastSeen (and keeps firstSeen and the rest)", async () => {
    const existing = await stored("valid", true);
    const decision = decideHarvest(existing, await candidateOf("valid"), NOW);
    expect(decision.code).toBe("seen-again");
    expect(decision.write).toEqual({ ...existing, lastSeen: NOW.toISOString() });
  });

  it("the same certificate seen in verified mail upgrades a user-confirmed record", async () => {
    const existing = await stored("valid", false);
    const decision = decideHarvest(existing, await candidateOf("valid", "verified"), NOW);
    expect(decision.code).toBe("seen-again");
    expect([decision.write?.verified, decision.write?.source]).toEqual([true, "harvested"]);
  });

  it("the same certificate from an untrusted message never downgrades a verified record", async () => {
    const existing = await stored("valid", true);
    const decision = decideHarvest(existing, await candidateOf("valid", "untrusted", true), NOW);
    expect([decision.code, decision.write?.verified, decision.write?.source]).toEqual(["seen-again", true, "harvested"]);
  });

  it("a later message's signed capabilities replace the stored ones for the same certificate", async () => {
    const existing = await stored("valid", true);
    const made = await harvestCandidate({ status: "verified", fromAddress: ADDRESS, signer: signerOf(certs.valid, [ADDRESS], { capabilities: [{ oid: CAPABILITY_OID.aes256Gcm }] }) }, subtle);
    if (!made.ok) throw new Error(made.code);
    expect(decideHarvest(existing, made.candidate, NOW).write?.capabilities).toEqual([{ oid: CAPABILITY_OID.aes256Gcm }]);
  });
});
