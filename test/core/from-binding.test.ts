import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Reason, Status } from "../../src/core/verdict-types.js";
import { verifyMessage } from "../../src/core/verify-message.js";
import { ensureFixtures, type FixtureSet } from "../fixtures/generate.js";

/**
 * Sender binding against the published spoofing tricks. The From header of a multipart/signed message is outside
 * the signature, so an attacker can rewrite it freely: every variant below starts from one valid message signed by
 * alice@example.jp and changes only the From line.
 */
const CASES: readonly (readonly [from: string, status: Status, reason?: Reason])[] = [
  ["From: alice@example.jp", "verified"],
  ["From: <alice@example.jp>", "verified"],
  ['From: "Alice Example" <alice@example.jp>', "verified"],
  ["From: Alice Example <Alice@Example.JP>", "verified"],
  ["From: alice@example.jp (Alice)", "verified"],
  ["From: =?UTF-8?B?5bGx55Sw?= <alice@example.jp>", "verified"],
  ['From: "alice@example.jp" <mallory@evil.example>', "mismatch", "email-mismatch"],
  ["From: =?UTF-8?Q?alice=40example=2Ejp?= <mallory@evil.example>", "mismatch", "email-mismatch"],
  ["From: mallory@evil.example (alice@example.jp)", "mismatch", "email-mismatch"],
  ["From: alice@example.jp <mallory@evil.example>", "mismatch"],
  ["From: <alice@example.jp> <mallory@evil.example>", "mismatch", "ambiguous-from"],
  ["From: Alice <alice@example.jp", "mismatch"],
  ["From: Alice: alice@example.jp;", "mismatch", "ambiguous-from"],
  ["From: undisclosed-recipients:;", "mismatch", "no-from"],
  ["From: alice@example.jp, mallory@evil.example", "mismatch", "multiple-from"],
  ["From: alice+news@example.jp", "mismatch", "email-mismatch"],
  ["From: alice@example.jp.evil.example", "mismatch", "email-mismatch"],
  ["From: \u0430lice@example.jp", "mismatch", "email-mismatch"],
  ["From:", "mismatch", "no-from"],
  ["From: Alice Example", "mismatch", "no-from"],
];

let original: string;
let rootDer: Uint8Array;

beforeAll(async () => {
  const fx: FixtureSet = await ensureFixtures();
  original = readFileSync(path.join(fx.dir, "messages", "detached-rsa.eml"), "utf8");
  rootDer = new Uint8Array(readFileSync(fx.pki.root.certDer));
});

describe("sender binding: only the From address the reader sees counts", () => {
  it.each(CASES.map((c) => [c[0], c] as const))("%s", async (_name, [from, status, reason]) => {
    expect(original).toMatch(/^From: .*$/m);
    const message = original.replace(/^From: .*$/m, from);
    const v = await verifyMessage(new TextEncoder().encode(message), { trustAnchors: [rootDer], useDefaultRoots: false });
    expect(v.status).toBe(status);
    if (reason) expect(v.reasons).toContain(reason);
    // Whatever From says, the report names the certificate's address, never a display name.
    expect(v.signers[0]?.email).toBe("alice@example.jp");
  });

  it("Sender and Reply-To never stand in for From", async () => {
    const message = original.replace(/^From: .*$/m, "From: mallory@evil.example\r\nSender: alice@example.jp\r\nReply-To: alice@example.jp");
    const v = await verifyMessage(new TextEncoder().encode(message), { trustAnchors: [rootDer], useDefaultRoots: false });
    expect(v.status).toBe("mismatch");
  });
});
