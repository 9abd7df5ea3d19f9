/**
 * `--store DIR` on verify and encrypt, and `inkan store` for help desks: anchors from the store, certificates
 * harvested from verified mail and used by address, the exit-code contract, and a verdict JSON that --store leaves
 * unchanged.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXIT_NOT_VERIFIED, EXIT_OK, EXIT_USAGE, main, type Io } from "../../src/cli/inkan.js";
import { openFileStore, STORE_FILE_NAME } from "../../src/store/file-store.js";
import type { Verdict } from "../../src/core/verdict-types.js";
import { ensureFixtures, type FixtureSet } from "../fixtures/generate.js";

function capture() {
  let out = "";
  let err = "";
  const chunks: Uint8Array[] = [];
  const io: Io = {
    stdout: (t) => void (out += t),
    stdoutBytes: (b) => void chunks.push(b),
    stderr: (t) => void (err += t),
    readStdin: async () => new Uint8Array(),
  };
  return { io, out: () => out, err: () => err, bytes: () => new Uint8Array(Buffer.concat(chunks)) };
}

async function run(argv: string[]) {
  const c = capture();
  const code = await main(argv, c.io);
  return { code, ...c };
}

let fx: FixtureSet;
let dir: string;
let pw: string;
let aliceP12: string;
let counter = 0;
const freshDir = (): string => path.join(dir, `store-${counter++}`);
const message = (name: string): string => path.join(fx.dir, "messages", `${name}.eml`);
const PLAIN = "From: Bob <bob@example.jp>\r\nTo: Alice <alice@example.jp>\r\nSubject: test\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nThe figures for May.\r\n";

async function contactsIn(storeDir: string) {
  const opened = await openFileStore(storeDir);
  if (!opened.ok) throw new Error(opened.code);
  return opened.store.listContacts();
}

async function storeWithRoot(): Promise<string> {
  const store = freshDir();
  const r = await run(["store", "add-anchor", fx.pki.root.certPem, "--label", "Test root", "--store", store]);
  expect(r.code, r.err()).toBe(EXIT_OK);
  return store;
}

beforeAll(async () => {
  fx = await ensureFixtures();
  dir = mkdtempSync(path.join(tmpdir(), "inkan-cli-store-"));
  pw = path.join(dir, "pw.txt");
  writeFileSync(pw, "secret\n");
  aliceP12 = path.join(dir, "alice.p12");
  execFileSync("openssl", ["pkcs12", "-export", "-inkey", fx.pki.alice.key, "-in", fx.pki.alice.certPem, "-certfile", fx.pki.inter.certPem, "-passout", `file:${pw}`, "-out", aliceP12]);
  writeFileSync(path.join(dir, "plain.eml"), PLAIN);
});

describe("inkan verify --store", () => {
  it("trusts the store's anchors, prints the same JSON as --trust, and remembers the verified signer", async () => {
    const store = await storeWithRoot();
    const withStore = await run(["verify", message("detached-rsa"), "--no-default-roots", "--store", store, "--json"]);
    const withTrust = await run(["verify", message("detached-rsa"), "--no-default-roots", "--trust", fx.pki.root.certPem, "--json"]);
    expect(withStore.code, withStore.err()).toBe(EXIT_OK);
    expect(JSON.parse(withStore.out()) as Verdict).toEqual(JSON.parse(withTrust.out()) as Verdict);
    const contacts = await contactsIn(store);
    expect(contacts.map((c) => [c.address, c.verified, c.source])).toEqual([["alice@example.jp", true, "harvested"]]);
    expect(contacts[0]?.certificate).toEqual(new Uint8Array(readFileSync(fx.pki.alice.certDer)));
    expect(contacts[0]?.capabilities?.length).toBeGreaterThan(0);
  });

  it.each([
    ["an untrusted signer (no anchor in the store)", "detached-rsa", false, EXIT_NOT_VERIFIED],
    ["a message signed by someone else than From", "from-other-address", true, EXIT_NOT_VERIFIED],
    ["a tampered message", "tampered-content", true, EXIT_NOT_VERIFIED],
  ] as const)("remembers nothing from %s", async (_name, file, withRoot, code) => {
    const store = withRoot ? await storeWithRoot() : freshDir();
    const r = await run(["verify", message(file), "--no-default-roots", "--store", store, "--json"]);
    expect(r.code).toBe(code);
    expect(await contactsIn(store)).toEqual([]);
  });

  it.each([
    ["damaged", "{ not json"],
    ["from a newer inkan", JSON.stringify({ format: "inkan-store", version: 99, contacts: [], anchors: [] })],
    ["not an inkan store", JSON.stringify({ hello: "world" })],
  ])("refuses a store file that is %s with exit 2", async (_name, text) => {
    const store = freshDir();
    (await import("node:fs")).mkdirSync(store, { recursive: true });
    writeFileSync(path.join(store, STORE_FILE_NAME), text);
    const r = await run(["verify", message("detached-rsa"), "--store", store]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(readFileSync(path.join(store, STORE_FILE_NAME), "utf8")).toBe(text);
  });
});

describe("inkan encrypt --store", () => {
  it("encrypts to an address harvested from verified mail; OpenSSL decrypts it with that person's key", async () => {
    const store = await storeWithRoot();
    expect((await run(["verify", message("detached-rsa"), "--no-default-roots", "--store", store])).code).toBe(EXIT_OK);
    const out = path.join(dir, "to-alice.eml");
    const r = await run(["encrypt", path.join(dir, "plain.eml"), "--to", "Alice@Example.jp", "--store", store, "-o", out]);
    expect(r.code, r.err()).toBe(EXIT_OK);
    const o = spawnSync("openssl", ["cms", "-decrypt", "-in", out, "-inkey", fx.pki.alice.key, "-recip", fx.pki.alice.certPem]);
    expect(o.status, o.stderr.toString()).toBe(0);
    expect(o.stdout.toString()).toContain("The figures for May.");
  });

  it("uses what the partner announced: our own signed mail names AES-GCM, so encrypting back uses AuthEnvelopedData", async () => {
    const store = await storeWithRoot();
    const signedOut = path.join(dir, "signed-by-alice.eml");
    const plainFromAlice = path.join(dir, "from-alice.eml");
    writeFileSync(plainFromAlice, PLAIN.replace("From: Bob <bob@example.jp>", "From: Alice <alice@example.jp>"));
    expect((await run(["sign", plainFromAlice, "--identity", aliceP12, "--password-file", pw, "-o", signedOut])).code).toBe(EXIT_OK);
    expect((await run(["verify", signedOut, "--no-default-roots", "--store", store])).code).toBe(EXIT_OK);
    const out = path.join(dir, "gcm-to-alice.eml");
    expect((await run(["encrypt", path.join(dir, "plain.eml"), "--to", "alice@example.jp", "--store", store, "-o", out])).code).toBe(EXIT_OK);
    expect(readFileSync(out, "latin1")).toMatch(/smime-type=authEnveloped-data/i);
    const d = await run(["decrypt", out, "--identity", aliceP12, "--password-file", pw]);
    expect(d.code, d.err()).toBe(EXIT_OK);
  });

  it.each([
    ["an address the store does not know", ["--to", "nobody@example.jp", "--store"], true],
    ["an address without --store", ["--to", "alice@example.jp"], false],
  ] as const)("refuses %s with exit 2", async (_name, args, withStore) => {
    const store = await storeWithRoot();
    const r = await run(["encrypt", path.join(dir, "plain.eml"), ...args, ...(withStore ? [store] : [])]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.bytes().byteLength).toBe(0);
  });

  it("a certificate file still works with --store given", async () => {
    const r = await run(["encrypt", path.join(dir, "plain.eml"), "--to", fx.pki.mallory.certPem, "--store", freshDir()]);
    expect(r.code, r.err()).toBe(EXIT_OK);
  });
});

describe("inkan store", () => {
  it("add-anchor, list, remove-anchor by a pasted fingerprint; removing again is exit 1", async () => {
    const store = await storeWithRoot();
    const listed = await run(["store", "list", "--store", store, "--json"]);
    expect(listed.code).toBe(EXIT_OK);
    const json = JSON.parse(listed.out()) as { anchors: { fingerprint: string; label: string }[]; contacts: unknown[] };
    expect(json.anchors.map((a) => a.label)).toEqual(["Test root"]);
    expect(json.contacts).toEqual([]);
    const text = await run(["store", "list", "--store", store]);
    expect([text.code, text.out().includes(json.anchors[0]!.fingerprint)]).toEqual([EXIT_OK, true]);
    const pasted = json.anchors[0]!.fingerprint.toUpperCase().replace(/(..)(?!$)/g, "$1:");
    expect((await run(["store", "remove-anchor", pasted, "--store", store])).code).toBe(EXIT_OK);
    expect((await run(["store", "remove-anchor", pasted, "--store", store])).code).toBe(EXIT_NOT_VERIFIED);
    const after = JSON.parse((await run(["store", "list", "--store", store, "--json"])).out()) as { anchors: unknown[] };
    expect(after.anchors).toEqual([]);
    // Without the anchor the same message is no longer verified.
    expect((await run(["verify", message("detached-rsa"), "--no-default-roots", "--store", store])).code).toBe(EXIT_NOT_VERIFIED);
  });

  it("adding the same CA again only changes its label", async () => {
    const store = await storeWithRoot();
    expect((await run(["store", "add-anchor", fx.pki.root.certDer, "--label", "Renamed", "--store", store])).code).toBe(EXIT_OK);
    const json = JSON.parse((await run(["store", "list", "--store", store, "--json"])).out()) as { anchors: { label: string }[] };
    expect(json.anchors.map((a) => a.label)).toEqual(["Renamed"]);
  });

  it.each([
    ["a file that is not a certificate", () => ["store", "add-anchor", path.join(dir, "plain.eml"), "--label", "X", "--store", freshDir()]],
    ["a missing file", () => ["store", "add-anchor", path.join(dir, "missing.pem"), "--label", "X", "--store", freshDir()]],
    ["no --label", () => ["store", "add-anchor", fx.pki.root.certPem, "--store", freshDir()]],
    ["an empty --label", () => ["store", "add-anchor", fx.pki.root.certPem, "--label", " ", "--store", freshDir()]],
    ["no --store", () => ["store", "list"]],
    ["an unknown store subcommand", () => ["store", "frobnicate", "--store", freshDir()]],
  ])("refuses %s with exit 2 and writes nothing", async (_name, argv) => {
    const args = argv();
    const r = await run(args);
    expect(r.code).toBe(EXIT_USAGE);
    const storeDir = args[args.indexOf("--store") + 1];
    if (args.includes("--store") && storeDir) expect(() => readdirSync(storeDir)).toThrow();
  });
});
