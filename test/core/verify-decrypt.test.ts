import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Identity } from "../../src/core/keys/identity.js";
import { decodePem } from "../../src/core/pki/pem.js";
import type { Encryption, Integrity, Reason, Status } from "../../src/core/verdict-types.js";
import { verifyMessage } from "../../src/core/verify-message.js";
import { ensureFixtures, type FixtureSet, type PkiName } from "../fixtures/generate.js";

let fx: FixtureSet;
const identity = (name: PkiName): Identity => ({
  certificate: new Uint8Array(readFileSync(fx.pki[name].certDer)),
  chain: [new Uint8Array(readFileSync(fx.pki.inter.certDer))],
  privateKey: decodePem(readFileSync(fx.pki[name].key, "latin1"))[0]!.der,
  keyKind: "rsa",
  friendlyName: null,
});

beforeAll(async () => {
  fx = await ensureFixtures();
});

const CASES: readonly {
  file: string;
  who: PkiName[];
  status: Status;
  encryption: Encryption;
  integrity?: Integrity;
  reasons?: Reason[];
  signers?: number;
}[] = [
  { file: "encrypted-to-alice", who: ["alice"], status: "unsigned", encryption: "decrypted", integrity: "none" },
  { file: "encrypted-to-alice", who: ["mallory"], status: "unsigned", encryption: "no-key" },
  { file: "encrypted-to-alice", who: ["mallory", "alice"], status: "unsigned", encryption: "decrypted" },
  { file: "sign-then-encrypt", who: ["alice"], status: "verified", encryption: "decrypted", integrity: "none", signers: 1 },
  { file: "encrypt-then-sign", who: ["alice"], status: "unsigned", encryption: "decrypted", reasons: ["outer-signature-ignored"] },
];

describe("verify with the reader's identities: decrypted layers are verified inside", () => {
  it.each(CASES.map((c) => [`${c.file} as ${c.who.join("+")}`, c] as const))("%s", async (_name, c) => {
    const bytes = new Uint8Array(readFileSync(path.join(fx.dir, "messages", `${c.file}.eml`)));
    const v = await verifyMessage(bytes, {
      trustAnchors: [new Uint8Array(readFileSync(fx.pki.root.certDer))],
      useDefaultRoots: false,
      identities: c.who.map(identity),
    });
    expect(v.status).toBe(c.status);
    expect(v.encryption).toBe(c.encryption);
    if (c.integrity) expect(v.integrity).toBe(c.integrity);
    for (const r of c.reasons ?? []) expect(v.reasons).toContain(r);
    if (c.signers !== undefined) expect(v.signers).toHaveLength(c.signers);
    if (c.encryption === "no-key") expect(v.recipients.length).toBeGreaterThan(0);
  });
});
