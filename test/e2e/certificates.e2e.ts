/**
 * Keys on the device, in the real browser: .p12 files made by OpenSSL in the forms found in the field (OpenSSL 3's
 * default, the legacy 3DES form Windows writes, OpenSSL 1's RC2 form) are imported through the Certificates view;
 * after a page reload, mail OpenSSL encrypted to them with RSA PKCS #1 v1.5, RSA-OAEP and ECDH opens in the message
 * view. The stored keys are checked in the page: non-extractable, not exportable, and no record holds the private
 * key in the clear. Wrong passwords and damaged files are refused with their own code and leave the store as it was.
 */
import assert from "node:assert/strict";
import { createPrivateKey } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { openssl, run, scratchDir } from "../core/keys/identity-test-kit.js";
import type { PkiName } from "../fixtures/generate.js";
import { seriousAxeFindings } from "./lib/axe.js";
import { newRoutedContext, type Traffic } from "./lib/browser-context.js";
import { dumpIndexedDb, findSecret, type IndexedDbDump } from "./lib/indexeddb.js";
import { BADGE, EML_INPUT, gotoPane, screenshot, VERDICT_TIMEOUT_MS, waitForBadge } from "./lib/pane.js";
import { SKIP, useE2E } from "./lib/suite.js";

const env = useE2E();
const scratch = scratchDir("inkan-e2e-keys-");
after(() => scratch.remove());

const P12_INPUT = 'input[type=file][data-test="p12-input"]';
const P12_PASSWORD = '[data-test="p12-password"]';
const P12_IMPORT = '[data-test="p12-import"]';
const P12_RESULT = '[data-test="p12-result"]';
const IDENTITY = '[data-test="identity"]';
/** PBKDF2 in the page for an OpenSSL default file, twice over (MAC and key): well under this on a slow machine. */
const IMPORT_TIMEOUT_MS = 30_000;
const PASSWORD = "Inkan e2e パスワード";

/** The .p12 forms the acceptance names, as `openssl pkcs12 -export` writes them. */
const FORMS = {
  /** OpenSSL 3: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC, SHA-256 MAC. */
  "openssl-default": [],
  /** Windows' and macOS's export, and OpenSSL 1.1 with -descert: PBE-SHA1-3DES throughout, SHA-1 MAC. */
  "legacy-3des": ["-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1"],
  /** OpenSSL 1.x's default: RC2-40 for the certificates, 3DES for the key, SHA-1 MAC. Needs OpenSSL 3's legacy provider. */
  "legacy-rc2": ["-legacy"],
} as const satisfies Record<string, readonly string[]>;
type Form = keyof typeof FORMS;

type Owner = Extract<PkiName, "alice" | "bob">;

/** Mail OpenSSL encrypts to the test PKI, one per key-transport or key-agreement scheme. */
const MESSAGES = {
  "rsa-pkcs1v15": { recipient: "alice", keyopts: [], cipher: "-aes256" },
  "rsa-oaep": { recipient: "alice", keyopts: ["rsa_padding_mode:oaep", "rsa_oaep_md:sha256"], cipher: "-aes-256-gcm" },
  "ecdh-p256": { recipient: "bob", keyopts: ["ecdh_kdf_md:sha256"], cipher: "-aes128" },
} as const satisfies Record<string, { recipient: Owner; keyopts: readonly string[]; cipher: string }>;
type MessageName = keyof typeof MESSAGES;

const marker = (name: string): string => `inkan-e2e-marker ${name}`;

interface Material {
  readonly p12: Readonly<Record<Form, Readonly<Record<Owner, string>>>>;
  /** Why a form cannot be made here, or null. */
  readonly missing: Readonly<Record<Form, string | null>>;
  readonly messages: Readonly<Record<MessageName, string>>;
}

let material: Material | undefined;
const made = (): Material => {
  assert.ok(material !== undefined, "the test files were not made");
  return material;
};

function makeP12(form: Form, owner: Owner): { file: string; problem: string | null } {
  const { pki } = env().fx;
  const file = scratch.file(`${owner}-${form}.p12`);
  const chain = scratch.file(`chain-${owner}.pem`);
  writeFileSync(chain, readFileSync(pki.inter.certPem));
  const r = run(["pkcs12", "-export", "-inkey", pki[owner].key, "-in", pki[owner].certPem, "-certfile", chain, "-passout", `pass:${PASSWORD}`, ...FORMS[form], "-out", file]);
  return { file, problem: r.status === 0 ? null : r.stderr.split("\n")[0] ?? `openssl exited ${r.status}` };
}

function makeMessage(name: MessageName): string {
  const m = MESSAGES[name];
  const { pki } = env().fx;
  const body = scratch.file(`${name}.txt`);
  writeFileSync(body, `Content-Type: text/plain; charset=utf-8\r\n\r\n${marker(name)}\r\n`);
  const out = scratch.file(`${name}.eml`);
  openssl([
    "cms", "-encrypt", m.cipher, "-in", body, "-out", out,
    "-from", "Sender Example <sender@example.jp>", "-to", `${m.recipient}@example.jp`, "-subject", `e2e ${name}`,
    "-recip", pki[m.recipient].certPem, ...m.keyopts.flatMap((k) => ["-keyopt", k]),
  ]);
  return out;
}

/** Made once the suite's environment (fixtures, browser) is up: describe-level hooks run after the file's own. */
function makeMaterial(): void {
  const p12 = {} as Record<Form, Record<Owner, string>>;
  const missing = {} as Record<Form, string | null>;
  for (const form of Object.keys(FORMS) as Form[]) {
    const alice = makeP12(form, "alice");
    const bob = makeP12(form, "bob");
    p12[form] = { alice: alice.file, bob: bob.file };
    missing[form] = alice.problem ?? bob.problem;
  }
  const messages = Object.fromEntries((Object.keys(MESSAGES) as MessageName[]).map((n) => [n, makeMessage(n)])) as Record<MessageName, string>;
  material = { p12, missing, messages };
}

interface Pane {
  readonly context: BrowserContext;
  readonly traffic: Traffic;
  readonly page: Page;
}

async function openPage(locale = "en-US"): Promise<Pane> {
  const { context, traffic } = await newRoutedContext(env().browser, env().server.origin, { office: { kind: "npm-copy" }, locale });
  const page = await context.newPage();
  await gotoPane(page, env().url());
  return { context, traffic, page };
}

async function closeClean({ context, traffic }: Pane): Promise<void> {
  await context.close();
  assert.deepEqual(traffic.external, [], "requests that would have left the machine");
  assert.deepEqual(traffic.pageErrors, [], "uncaught errors in the page");
}

async function openCertificates(page: Page): Promise<void> {
  await page.locator('[data-test="nav-certificates"]').click();
  await page.locator('[data-test="certificates-view"][data-phase="ready"]').waitFor({ timeout: VERDICT_TIMEOUT_MS });
}

interface ImportOutcome {
  readonly outcome: string | null;
  readonly code: string | null;
}

/** Chooses the file, types the password, presses Import, and reads the outcome's hook. */
async function importP12(page: Page, file: string, password: string): Promise<ImportOutcome> {
  await page.setInputFiles(P12_INPUT, file);
  // Choosing a file clears the previous outcome, so the one read below is this import's.
  await page.locator(P12_RESULT).waitFor({ state: "detached", timeout: 5_000 });
  await page.locator(P12_PASSWORD).fill(password);
  await page.locator(P12_IMPORT).click();
  const result = page.locator(P12_RESULT);
  await result.waitFor({ timeout: IMPORT_TIMEOUT_MS });
  return { outcome: await result.getAttribute("data-outcome"), code: await result.getAttribute("data-code") };
}

async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.locator('[data-test="app"]').waitFor({ timeout: VERDICT_TIMEOUT_MS });
  await page.locator(EML_INPUT).waitFor({ state: "attached" });
}

/** Opens a message through the file input and waits for its badge. */
async function openMessage(page: Page, file: string): Promise<{ status: string | null; encryption: string | null; text: string }> {
  const name = file.split("/").pop()!;
  await page.setInputFiles(EML_INPUT, file);
  await page.locator('[data-test="file-name"]', { hasText: name }).waitFor({ timeout: VERDICT_TIMEOUT_MS });
  const badge = await waitForBadge(page);
  const text = (await page.locator('[data-test="content-text"]').first().textContent({ timeout: 2_000 }).catch(() => null)) ?? "";
  return { ...badge, text };
}

/** Drops a message onto the page as a user drags it from a mail program or a folder. */
async function dropMessage(page: Page, file: string): Promise<void> {
  const name = file.split("/").pop()!;
  const dataTransfer = await page.evaluateHandle(
    ({ b64, fileName }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], fileName, { type: "message/rfc822" }));
      return transfer;
    },
    { b64: readFileSync(file).toString("base64"), fileName: name },
  );
  for (const type of ["dragenter", "dragover", "drop"]) await page.dispatchEvent('[data-test="drop-zone"]', type, { dataTransfer });
  await dataTransfer.dispose();
  await page.locator('[data-test="file-name"]', { hasText: name }).waitFor({ timeout: VERDICT_TIMEOUT_MS });
}

/** The private key's secrets as they would sit in a PKCS #8 record: the whole DER, and each secret integer. */
function secretsOf(owner: Owner): { name: string; bytes: Uint8Array }[] {
  const key = createPrivateKey(readFileSync(env().fx.pki[owner].key));
  const jwk = key.export({ format: "jwk" }) as Record<string, string | undefined>;
  const parts = ["d", "p", "q", "dp", "dq", "qi"].filter((p) => jwk[p] !== undefined);
  return [
    { name: "PKCS #8 DER", bytes: key.export({ type: "pkcs8", format: "der" }) },
    ...parts.map((p) => ({ name: `private component ${p}`, bytes: Buffer.from(jwk[p]!, "base64url") })),
  ];
}

/** The store as a comparable value: every record, CryptoKeys described, bytes in base64. */
const snapshot = (dump: IndexedDbDump): string => JSON.stringify(dump.records);

describe("keys and certificates on the device", { skip: SKIP }, () => {
  before(makeMaterial);

  for (const form of Object.keys(FORMS) as Form[]) {
    it(`imports .p12 files in the ${form} form, and after a reload decrypts RSA PKCS #1 v1.5, RSA-OAEP and ECDH mail`, async (t: TestContext) => {
      const problem = made().missing[form];
      if (problem !== null) {
        t.skip(`OpenSSL here cannot write the ${form} form: ${problem}`);
        return;
      }
      const pane = await openPage();
      const { page } = pane;
      await openCertificates(page);
      assert.equal(await page.locator('[data-test="first-run-guide"]').count(), 1, "no first-run guide on an empty store");
      for (const owner of ["alice", "bob"] as const) {
        assert.deepEqual(await importP12(page, made().p12[form][owner], PASSWORD), { outcome: "imported", code: null }, `${owner}'s ${form} file`);
      }
      await page.locator(IDENTITY).nth(1).waitFor();
      assert.equal(await page.locator(IDENTITY).count(), 2);
      if (form === "openssl-default") await screenshot(page, "certificates-two-identities-en");

      await reload(page);
      for (const name of Object.keys(MESSAGES) as MessageName[]) {
        const shown = await openMessage(page, made().messages[name]);
        assert.equal(shown.encryption, "decrypted", `${form}: ${name} did not decrypt after the reload`);
        assert.equal(shown.status, "unsigned", `${form}: ${name}`);
        assert.ok(shown.text.includes(marker(name)), `${form}: ${name}: the decrypted text is not shown (${shown.text.slice(0, 80)})`);
      }
      await dropMessage(page, made().messages["rsa-oaep"]);
      assert.equal((await waitForBadge(page)).encryption, "decrypted", "a dropped message did not decrypt");
      await closeClean(pane);
    });
  }

  it("keeps private keys non-extractable, refuses to export them, and holds no private key in the clear", async (t: TestContext) => {
    const pane = await openPage();
    const { page } = pane;
    await openCertificates(page);
    for (const owner of ["alice", "bob"] as const) {
      assert.equal((await importP12(page, made().p12["openssl-default"][owner], PASSWORD)).outcome, "imported");
    }
    await reload(page);
    const dump = await dumpIndexedDb(page);

    t.diagnostic(`stored CryptoKeys: ${dump.keys.map((k) => `${k.path} ${k.type} ${k.algorithm} extractable=${k.extractable}`).join("; ")}`);
    const privateKeys = dump.keys.filter((k) => k.type === "private");
    const algorithms = new Set(privateKeys.map((k) => k.algorithm));
    assert.ok(
      [...algorithms].some((a) => a.startsWith("RSA")) && [...algorithms].some((a) => a === "ECDH" || a === "ECDSA"),
      `no stored CryptoKey for the RSA and the EC identity (found: ${[...algorithms].join(", ") || "none"})`,
    );
    for (const key of dump.keys.filter((k) => k.type !== "public")) {
      assert.equal(key.extractable, false, `${key.path} (${key.algorithm}) is extractable`);
      for (const [format, outcome] of Object.entries(key.exports)) {
        assert.equal(outcome, "rejected", `crypto.subtle.exportKey("${format}") on ${key.path} (${key.algorithm}) did not reject`);
      }
    }

    // The search finds what is meant to be there in the clear (the certificates), so finding nothing below means
    // something.
    assert.notDeepEqual(findSecret(dump, new Uint8Array(readFileSync(env().fx.pki.alice.certDer))), [], "the alice certificate is not found in the store");
    for (const owner of ["alice", "bob"] as const) {
      for (const secret of secretsOf(owner)) {
        assert.deepEqual(findSecret(dump, secret.bytes), [], `${owner}'s ${secret.name} is stored in the clear`);
      }
    }
    await closeClean(pane);
  });

  it("a wrong password and a damaged file are refused with their own codes, and the store stays as it was", async () => {
    const pane = await openPage();
    const { page } = pane;
    await openCertificates(page);
    assert.equal((await importP12(page, made().p12["legacy-3des"].alice, PASSWORD)).outcome, "imported");
    await page.locator(IDENTITY).first().waitFor();
    const before = snapshot(await dumpIndexedDb(page));

    assert.deepEqual(await importP12(page, made().p12["openssl-default"].bob, "not the password"), { outcome: "failed", code: "wrong-password" });
    await screenshot(page, "certificates-wrong-password-en");
    assert.equal(snapshot(await dumpIndexedDb(page)), before, "a wrong password changed the store");

    const whole = readFileSync(made().p12["openssl-default"].bob);
    const truncated = scratch.file("truncated.p12");
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    assert.deepEqual(await importP12(page, truncated, PASSWORD), { outcome: "failed", code: "corrupt" });
    const notP12 = scratch.file("holiday-photo.p12");
    writeFileSync(notP12, Buffer.from("\xff\xd8\xff\xe0 not a certificate at all", "latin1"));
    assert.deepEqual(await importP12(page, notP12, PASSWORD), { outcome: "failed", code: "corrupt" });
    await screenshot(page, "certificates-corrupt-en");
    assert.equal(snapshot(await dumpIndexedDb(page)), before, "a damaged file changed the store");
    assert.equal(await page.locator(IDENTITY).count(), 1);

    await reload(page);
    await openCertificates(page);
    assert.equal(await page.locator(IDENTITY).count(), 1, "after a reload the store holds another number of identities");
    await closeClean(pane);
  });

  it("with the organisation's CA added, a signed and encrypted message is verified, decrypted, and its signer kept", async () => {
    const pane = await openPage();
    const { page } = pane;
    await openCertificates(page);
    assert.equal((await importP12(page, made().p12["openssl-default"].alice, PASSWORD)).outcome, "imported");
    await page.setInputFiles('input[type=file][data-test="anchor-input"]', env().fx.pki.root.certPem);
    await page.locator('[data-test="anchor-label"]').fill("Inkan Test PKI");
    await page.locator('[data-test="anchor-add"]').click();
    await page.locator('[data-test="anchor-result"][data-outcome="added"]').waitFor({ timeout: VERDICT_TIMEOUT_MS });
    await page.locator('[data-test="nav-read"]').click();

    const shown = await openMessage(page, `${env().fx.dir}/messages/sign-then-encrypt.eml`);
    assert.deepEqual({ status: shown.status, encryption: shown.encryption }, { status: "verified", encryption: "decrypted" });
    const harvest = page.locator('[data-test="harvest"]');
    await harvest.waitFor({ timeout: VERDICT_TIMEOUT_MS });
    assert.equal(await harvest.getAttribute("data-code"), "added");
    await screenshot(page, "read-harvested-en");

    await openCertificates(page);
    const contact = page.locator('[data-test="contact"]');
    assert.equal(await contact.count(), 1);
    assert.equal(await contact.getAttribute("data-address"), "alice@example.jp");
    assert.equal(await contact.getAttribute("data-verified"), "true");
    await closeClean(pane);
  });

  for (const locale of ["en-US", "ja-JP"] as const) {
    it(`has no serious accessibility violation, empty and with identities listed and their details open (${locale})`, async () => {
      const pane = await openPage(locale);
      const { page } = pane;
      await openCertificates(page);
      assert.deepEqual(await seriousAxeFindings(page), [], "the first-run view");
      assert.equal((await importP12(page, made().p12["openssl-default"].alice, PASSWORD)).outcome, "imported");
      assert.equal((await importP12(page, made().p12["openssl-default"].alice, "wrong")).code, "wrong-password");
      await page.locator(`${IDENTITY} [data-test="details-toggle"]`).click();
      await page.locator('[data-test="certificate-details"]').waitFor();
      assert.deepEqual(await seriousAxeFindings(page), [], "the view with an identity, its details and an error");
      await page.locator(`${IDENTITY} [data-test="delete"]`).click();
      await page.locator('[data-test="confirm-dialog"]').waitFor();
      assert.deepEqual(await seriousAxeFindings(page), [], "the delete confirmation");
      await screenshot(page, `certificates-confirm-delete-${locale.slice(0, 2)}`);
      await closeClean(pane);
    });
  }

  it("shows the first-run guide and the forms in Japanese", async () => {
    const pane = await openPage("ja-JP");
    const { page } = pane;
    await openCertificates(page);
    assert.equal(await page.locator('[data-test="first-run-guide"]').count(), 1);
    const text = await page.locator('[data-test="certificates-view"]').innerText();
    assert.match(text, /[\u3040-\u30ff\u4e00-\u9fff]/u, "the view is not in Japanese");
    await screenshot(page, "certificates-first-run-ja");
    assert.equal(await page.locator(BADGE).count(), 0);
    await closeClean(pane);
  });
});
