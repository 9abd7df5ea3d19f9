/**
 * What decryption keeps per identity (its certificate as read, its RSA key with the blinding state) changes nothing
 * in the outcome: the same message opened with the same identity objects again and again, and with fresh copies of
 * them that nothing has been kept for, comes out the same, for identities that open it, that do not, whose
 * certificate cannot be read and whose key cannot.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptContentInfo, type DecryptOutcome } from "../../../../src/core/cms/decrypt/index.js";
import type { Identity } from "../../../../src/core/keys/identity.js";
import { ensureFixtures, type FixtureSet } from "../../../fixtures/generate.js";
import { opensslEncrypt, pkiIdentity, scratch } from "./helpers.js";

const subtle = globalThis.crypto.subtle;
const CONTENT = new TextEncoder().encode("Content-Type: text/plain\r\n\r\nThe same every time.\r\n");

/** A copy of the identity sharing no object with it: for the engine, an identity it has never seen. */
function fresh(identity: Identity): Identity {
  return { ...identity, certificate: identity.certificate.slice(), privateKey: identity.privateKey.slice(), chain: identity.chain.map((c) => c.slice()) };
}

/** The outcome with the identity that opened the message replaced by its position among those given. */
function comparable(outcome: DecryptOutcome, identities: readonly Identity[]): unknown {
  if (!outcome.ok) return outcome;
  return { ...outcome, content: [...outcome.content], identity: outcome.identity === null ? null : identities.indexOf(outcome.identity) };
}

describe("per-identity state kept between messages", () => {
  let fx: FixtureSet;
  const tmp = scratch();
  const messages: Record<string, Uint8Array> = {};
  beforeAll(async () => {
    fx = await ensureFixtures();
    messages["AES-256-GCM"] = opensslEncrypt(tmp.dir, CONTENT, ["-aes-256-gcm", "-recip", fx.pki.alice.certPem]);
    messages["AES-128-CBC"] = opensslEncrypt(tmp.dir, CONTENT, ["-aes128", "-recip", fx.pki.alice.certPem]);
    messages["AES-256-CBC, RSA-OAEP"] = opensslEncrypt(tmp.dir, CONTENT, ["-aes256", "-recip", fx.pki.alice.certPem, "-keyopt", "rsa_padding_mode:oaep"]);
  });
  afterAll(() => tmp.done());

  const HOLDERS: readonly [string, (fx: FixtureSet) => Identity[], DecryptOutcome["ok"]][] = [
    ["the recipient", (fx) => [pkiIdentity(fx, "alice")], true],
    ["another identity, then the recipient", (fx) => [pkiIdentity(fx, "mallory"), pkiIdentity(fx, "alice")], true],
    ["only another identity", (fx) => [pkiIdentity(fx, "mallory")], false],
    ["the recipient's key with a certificate that cannot be read", (fx) => [{ ...pkiIdentity(fx, "alice"), certificate: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]) }], true],
    ["the recipient's certificate with a key that cannot be read", (fx) => [{ ...pkiIdentity(fx, "alice"), privateKey: new Uint8Array([0x30, 0x00]) }], false],
  ];

  for (const [holder, make, opens] of HOLDERS) {
    for (const cipher of ["AES-256-GCM", "AES-128-CBC", "AES-256-CBC, RSA-OAEP"]) {
      it(`${cipher}, ${holder}: the same outcome every time, kept or not`, async () => {
        const identities = make(fx);
        const outcomes: unknown[] = [];
        for (let i = 0; i < 3; i++) outcomes.push(comparable(await decryptContentInfo(messages[cipher]!, identities, subtle), identities));
        const copies = identities.map(fresh);
        outcomes.push(comparable(await decryptContentInfo(messages[cipher]!, copies, subtle), copies));
        expect((outcomes[0] as { ok: boolean }).ok).toBe(opens);
        for (const outcome of outcomes.slice(1)) expect(outcome).toEqual(outcomes[0]);
      });
    }
  }
});
