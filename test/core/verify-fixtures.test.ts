import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { createVerifier, verifyMessage } from "../../src/core/verify-message.js";
import { VERIFY_CASES, type VerifyCase } from "../fixtures/cases.js";
import { ensureFixtures, type PkiName } from "../fixtures/generate.js";

const fixtures = await ensureFixtures();
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

function der(name: PkiName): Uint8Array {
  return new Uint8Array(readFileSync(fixtures.pki[name].certDer));
}

function verificationTime(c: VerifyCase): Date {
  const base = fixtures.generatedAt.getTime();
  return new Date(c.options.atOffsetDays === undefined ? base + MINUTE_MS : base + c.options.atOffsetDays * DAY_MS);
}

describe("the fixture table", () => {
  it("has unique ids", () => {
    const ids = VERIFY_CASES.map((c) => c.id);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it("uses every generated message, and only generated ones", () => {
    const used = new Set(VERIFY_CASES.map((c) => c.file));
    expect([...used].sort()).toEqual([...fixtures.messages].sort());
  });
});

describe("verifyMessage on the generated fixtures", () => {
  it.each(VERIFY_CASES.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const message = new Uint8Array(readFileSync(path.join(fixtures.dir, c.file)));
    const verdict = await verifyMessage(message, {
      now: verificationTime(c),
      trustAnchors: (c.options.trust ?? []).map(der),
      extraCertificates: (c.options.extraCerts ?? []).map(der),
      useDefaultRoots: false,
    });
    const seen = `${c.rule}; got ${verdict.status} [${verdict.reasons.join(", ")}]`;

    expect(verdict.status, seen).toBe(c.expect.status);
    expect(verdict.reasons, seen).toEqual(expect.arrayContaining([...(c.expect.reasons ?? [])]));
    for (const reason of c.expect.absent ?? []) expect(verdict.reasons, seen).not.toContain(reason);
    if (c.expect.encryption !== undefined) expect(verdict.encryption, seen).toBe(c.expect.encryption);
    if (c.expect.signerCount !== undefined) expect(verdict.signers, seen).toHaveLength(c.expect.signerCount);
    if (c.expect.bindingEmail !== undefined) {
      expect(verdict.signers.find((s) => s.role === "binding")?.email, seen).toBe(c.expect.bindingEmail);
    }
    if (c.expect.fromName !== undefined) expect(verdict.from?.name, seen).toBe(c.expect.fromName);
    if (c.expect.authDmarcDomain !== undefined) {
      expect(verdict.authResults?.dmarc?.domain, seen).toBe(c.expect.authDmarcDomain);
    }
    for (const { email, role } of c.expect.signerRoles ?? []) {
      expect(verdict.signers.map((s) => ({ email: s.email, role: s.role })), seen).toContainEqual({ email, role });
    }
  });
});

describe("one verifier across many messages", () => {
  // A verifier remembers certificates and chain checks between messages; what one message taught it must never
  // change another's verdict. Every trust anchor and extra certificate of the table goes into one verifier, so only
  // the cases that use the same ones are compared.
  const plain = VERIFY_CASES.filter((c) => (c.options.trust ?? ["root"]).join() === "root" && (c.options.extraCerts ?? []).length === 0 && c.options.trust !== undefined);

  it("gives every message the verdict a fresh verifier gives it, in either order", async () => {
    expect(plain.length).toBeGreaterThan(20);
    const verdictOf = async (verify: (m: Uint8Array, now: Date) => Promise<unknown>, c: VerifyCase): Promise<string> =>
      JSON.stringify(await verify(new Uint8Array(readFileSync(path.join(fixtures.dir, c.file))), verificationTime(c)));
    const options = { trustAnchors: [der("root")], useDefaultRoots: false };
    const fresh = new Map<string, string>();
    for (const c of plain) fresh.set(c.id, await verdictOf((m, now) => verifyMessage(m, { ...options, now }), c));
    for (const order of [plain, [...plain].reverse()]) {
      const shared = createVerifier(options);
      for (const c of order) expect(await verdictOf((m, now) => shared.verify(m, { now }), c), c.id).toBe(fresh.get(c.id));
    }
  });
});
