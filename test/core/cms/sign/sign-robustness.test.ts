/**
 * Damaged and hostile input never makes signMessage throw: it signs what it can read, transport-safe and with an
 * intact signature, or answers malformed-message (or email-mismatch, when the damage turned From into another
 * address).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { signMessage } from "../../../../src/core/cms/sign/index.js";
import { isTransportSafe } from "../../../../src/core/mime/build/index.js";
import { parseMessage, type ByteRange, type MimePart } from "../../../../src/core/mime/index.js";
import { verifyMessage } from "../../../../src/core/verify-message.js";
import { ensureFixtures } from "../../../fixtures/generate.js";
import { hostileMessages, mutate, rng } from "../../../fuzz/mutate.js";
import { bytesOf, derOfFile, identityOf, joinBytes, latin1, plainMessage, utf8 } from "./helpers.js";

const fx = await ensureFixtures();
const rootDer = derOfFile(fx.pki.root.certPem);
const identity = identityOf(fx, "alice", "rsa");
const MUTATIONS = 150;

const now = new Date();
const SEEDS: readonly { name: string; bytes: Uint8Array }[] = [
  { name: "plain 8-bit", bytes: plainMessage("alice@example.jp", now) },
  { name: "signed fixture", bytes: new Uint8Array(readFileSync(path.join(fx.dir, "messages", "partial-signed-attachment.eml"))) },
  {
    name: "mixed with binary",
    bytes: joinBytes(
      "From: alice@example.jp\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\nContent-Type: text/plain; charset=utf-8\r\n",
      "Content-Transfer-Encoding: 8bit\r\n\r\n",
      utf8("本文\r\n"),
      "\r\n--m\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n",
      Uint8Array.from({ length: 300 }, (_, i) => (i * 11) & 255),
      "\r\n--m--\r\n",
    ),
  },
];

/** The bodies of multipart/signed parts inside `part`, which are kept as they are for their own signatures. */
function signedBodies(part: MimePart, out: ByteRange[] = []): ByteRange[] {
  if (part.contentType.type === "multipart" && part.contentType.subtype === "signed") out.push(part.bodyRange);
  else for (const c of part.children) if (c.source === part.source) signedBodies(c, out);
  return out;
}

/** The entity without the bodies of inner multipart/signed parts, each replaced by a line break. */
function outsideInnerSignatures(entity: Uint8Array): Uint8Array {
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const r of signedBodies(parseMessage(entity))) {
    pieces.push(entity.subarray(at, r.start), Uint8Array.of(0x0d, 0x0a));
    at = r.end;
  }
  pieces.push(entity.subarray(at));
  return new Uint8Array(Buffer.concat(pieces));
}

/**
 * The signed entity is transport-safe (apart from inner signed parts) and the top-level signature intact whatever
 * the content: nothing our verifier calls broken. The header fields outside the signature are the sender's and
 * kept as they are.
 */
async function expectIntact(message: Uint8Array, label: string): Promise<void> {
  const entity = parseMessage(message).children[0]!;
  expect(isTransportSafe(outsideInnerSignatures(message.slice(entity.range.start, entity.range.end))), label).toBe(true);
  const verdict = await verifyMessage(message, { trustAnchors: [rootDer], useDefaultRoots: false, now });
  const top = verdict.layers[0];
  expect(top?.kind, label).toBe("multipart-signed");
  expect(top?.reasons.filter((r) => r === "digest-mismatch" || r === "bad-signature" || r === "malformed"), label).toEqual([]);
}

describe("signMessage on damaged input", () => {
  it.each(SEEDS.map((s) => [s.name, s] as const))("%s, mutated", async (_name, seed) => {
    const r = rng(0x5eed + seed.bytes.length);
    let signed = 0;
    for (let i = 0; i < MUTATIONS; i++) {
      const input = mutate(seed.bytes, r);
      const result = await signMessage(input, { identity, crypto: globalThis.crypto, now });
      if (result.ok) {
        signed++;
        await expectIntact(result.message, `${seed.name} mutation ${i}`);
      } else {
        expect(["malformed-message", "email-mismatch"], `${seed.name} mutation ${i}: ${result.detail}`).toContain(result.error);
      }
    }
    expect(signed).toBeGreaterThan(MUTATIONS / 2);
  });

  // From the signer's own address, so that the content, not the sender, decides.
  const fromAlice = (bytes: Uint8Array): Uint8Array => bytesOf(latin1(bytes).replace(/^From: a@example\.jp\r\n/, "From: alice@example.jp\r\n"));
  it.each(hostileMessages().map((m) => [m.name, fromAlice(m.bytes)] as const))("%s", async (name, bytes) => {
    const result = await signMessage(bytes, { identity, crypto: globalThis.crypto, now });
    if (result.ok) await expectIntact(result.message, name);
    else expect(result.error).toBe("malformed-message");
  });
});
