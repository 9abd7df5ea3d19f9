/**
 * PKCS #12 export for moving an identity to another device: OpenSSL (the interop peer) reads what we write, sees the
 * algorithms we claim, refuses a wrong password; and importPkcs12 gives back the same identity.
 */
import { writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { exportPkcs12 } from "../../../src/core/keys/export-pkcs12.js";
import type { Identity } from "../../../src/core/keys/identity.js";
import { importKeyAndCertificates } from "../../../src/core/keys/import-key-files.js";
import { importPkcs12 } from "../../../src/core/keys/import-pkcs12.js";
import { decodePem } from "../../../src/core/pki/pem.js";
import { ensureFixtures, type PkiName } from "../../fixtures/generate.js";
import { identitiesOf, keyWorksWithCertificate, read, run, sameBytes, scratchDir, subtle } from "./identity-test-kit.js";

const fixtures = await ensureFixtures();
const scratch = scratchDir("inkan-export-");
afterAll(() => scratch.remove());

/** Tests use fewer iterations than the default so that the suite stays quick; one case checks the default. */
const TEST_ITERATIONS = 2048;

async function identityOf(owner: PkiName, friendlyName: string | null): Promise<Identity> {
  const chain: PkiName[] = ["inter", "root"];
  const [identity] = identitiesOf(await importKeyAndCertificates(read(fixtures.pki[owner].key), [owner, ...chain].map((n) => read(fixtures.pki[n].certPem)), null, subtle));
  return { ...identity!, friendlyName };
}

let serial = 0;
function opensslRead(file: Uint8Array, password: string): { status: number | null; text: string } {
  const path = scratch.file(`out-${++serial}.p12`);
  writeFileSync(path, file);
  const r = run(["pkcs12", "-in", path, "-passin", `pass:${password}`, "-nodes", "-info"]);
  return { status: r.status, text: r.stdout.toString("utf8") + r.stderr };
}

const cases: { name: string; owner: PkiName; password: string; friendlyName: string | null }[] = [
  { name: "alice (RSA) with a friendly name", owner: "alice", password: "secret", friendlyName: "Alice's key" },
  { name: "bob (EC P-256) without a friendly name", owner: "bob", password: "secret", friendlyName: null },
  { name: "UTF-8 password and Japanese friendly name", owner: "alice", password: "パスワード", friendlyName: "印鑑 アリス" },
  { name: "German UTF-8 password", owner: "carol", password: "pässwörd", friendlyName: null },
  { name: "empty password", owner: "dave", password: "", friendlyName: "dave" },
];

describe("exportPkcs12", () => {
  for (const c of cases) {
    describe(c.name, async () => {
      const identity = await identityOf(c.owner, c.friendlyName);
      const file = await exportPkcs12(identity, c.password, subtle, { iterations: TEST_ITERATIONS });

      it("OpenSSL reads it, with PBES2/PBKDF2-SHA256/AES-256-CBC and a SHA-256 MAC", () => {
        const { status, text } = opensslRead(file, c.password);
        expect(status, text).toBe(0);
        expect(text).toMatch(/MAC: sha256, Iteration 2048/);
        expect(text).toMatch(/PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
        expect(text).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
        const blocks = decodePem(text);
        const keyBlock = blocks.find((b) => b.label === "PRIVATE KEY");
        expect(keyBlock && sameBytes(keyBlock.der, identity.privateKey)).toBe(true);
        const certs = blocks.filter((b) => b.label === "CERTIFICATE").map((b) => Buffer.from(b.der).toString("hex"));
        expect(certs).toEqual([identity.certificate, ...identity.chain].map((d) => Buffer.from(d).toString("hex")));
        if (c.friendlyName === null) expect(text).not.toMatch(/friendlyName/);
        else if (/^[\x20-\x7e]*$/.test(c.friendlyName)) expect(text).toContain(`friendlyName: ${c.friendlyName}`);
        expect(text).toMatch(/localKeyID: [0-9A-F ]{59}/);
      });

      it("OpenSSL refuses a wrong password", () => {
        const { status, text } = opensslRead(file, `${c.password}x`);
        expect(status).not.toBe(0);
        expect(text).toMatch(/Mac verify error: invalid password/);
      });

      it("importPkcs12 gives back the same identity", async () => {
        const [back, ...others] = identitiesOf(await importPkcs12(file, c.password, subtle));
        expect(others).toHaveLength(0);
        expect(sameBytes(back!.certificate, identity.certificate)).toBe(true);
        expect(back!.chain.map((d) => Buffer.from(d).toString("hex"))).toEqual(identity.chain.map((d) => Buffer.from(d).toString("hex")));
        expect(sameBytes(back!.privateKey, identity.privateKey)).toBe(true);
        expect(back!.keyKind).toBe(identity.keyKind);
        expect(back!.friendlyName).toBe(c.friendlyName);
        expect(await keyWorksWithCertificate(back!)).toBe(true);
        const wrong = await importPkcs12(file, `${c.password}x`, subtle);
        expect(wrong.ok ? "ok" : wrong.error).toBe("wrong-password");
      });
    });
  }

  it("the default iteration count is what OpenSSL sees, and each export is freshly salted", async () => {
    const identity = await identityOf("bob", null);
    const a = await exportPkcs12(identity, "secret", subtle);
    const b = await exportPkcs12(identity, "secret", subtle);
    expect(sameBytes(a, b)).toBe(false);
    const { status, text } = opensslRead(a, "secret");
    expect(status, text).toBe(0);
    expect(text).toMatch(/MAC: sha256, Iteration 100000/);
    expect(text).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256/);
  });
});
