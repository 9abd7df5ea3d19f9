/**
 * One signer for many messages: the identity is checked and its key imported once, and each message is signed as
 * signMessage would sign it on its own.
 */
import { describe, expect, it } from "vitest";
import { createSigner, signMessage } from "../../../../src/core/cms/sign/index.js";
import { verifyMessage } from "../../../../src/core/verify-message.js";
import { ensureFixtures } from "../../../fixtures/generate.js";
import { derOfFile, identityOf, plainMessage, rawCmsOf } from "./helpers.js";

const fx = await ensureFixtures();
const rootDer = derOfFile(fx.pki.root.certPem);
const verifyAt = (message: Uint8Array, now: Date) => verifyMessage(message, { trustAnchors: [rootDer], useDefaultRoots: false, now });

describe("createSigner", () => {
  it("signs message after message, each with its own time and form, and every one verifies", async () => {
    const made = await createSigner({ identity: identityOf(fx, "alice", "rsa"), crypto: globalThis.crypto });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    // signingTime holds whole seconds.
    const first = new Date(Math.floor(fx.generatedAt.getTime() / 1000) * 1000 - 60_000);
    const second = new Date(first.getTime() + 30_000);
    const detached = await made.signer.signMessage(plainMessage("alice@example.jp", first), { now: first });
    const opaque = await made.signer.signMessage(plainMessage("alice@example.jp", second), { now: second, opaque: true });
    expect(detached.ok && opaque.ok).toBe(true);
    if (!detached.ok || !opaque.ok) return;
    const a = await verifyAt(detached.message, fx.generatedAt);
    const b = await verifyAt(opaque.message, fx.generatedAt);
    expect([a.status, b.status]).toEqual(["verified", "verified"]);
    expect(a.layers.map((l) => l.kind)).toEqual(["multipart-signed"]);
    expect(b.layers.map((l) => l.kind)).toEqual(["opaque-signed"]);
    expect(a.signers[0]?.signingTime).toBe(first.toISOString());
    expect(b.signers[0]?.signingTime).toBe(second.toISOString());
    expect(rawCmsOf(detached.message)).not.toEqual(rawCmsOf(opaque.message));
  });

  it("refuses per message what depends on the message: a From its certificate does not name", async () => {
    const made = await createSigner({ identity: identityOf(fx, "alice", "rsa"), crypto: globalThis.crypto });
    if (!made.ok) throw new Error(made.detail);
    const signed = await made.signer.signMessage(plainMessage("bob@example.jp", fx.generatedAt), { now: fx.generatedAt });
    expect(signed.ok ? "ok" : signed.error).toBe("email-mismatch");
  });

  it.each([
    ["a certificate without an e-mail address", "noemail", "alice", "cert-without-email"],
    ["a key that belongs to another certificate", "alice", "info", "key-mismatch"],
  ] as const)("refuses %s when it is made, as signMessage does", async (_name, cert, key, error) => {
    const identity = identityOf(fx, cert, "rsa", key);
    const made = await createSigner({ identity, crypto: globalThis.crypto });
    const single = await signMessage(plainMessage(`${cert}@example.jp`, fx.generatedAt), { identity, crypto: globalThis.crypto, now: fx.generatedAt });
    expect(made.ok ? "ok" : made.error).toBe(error);
    expect(single.ok ? "ok" : single.error).toBe(error);
  });
});
