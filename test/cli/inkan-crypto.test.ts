import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXIT_NOT_VERIFIED, EXIT_OK, EXIT_USAGE, main, type Io } from "../../src/cli/inkan.js";
import { decodeText, getHeader, parseMessage } from "../../src/core/mime/index.js";
import type { Verdict } from "../../src/core/verdict-types.js";
import { ensureFixtures, type FixtureSet } from "../fixtures/generate.js";

/** sign / encrypt / decrypt / verify --identity through the command line, checked against OpenSSL. */

function capture(stdin = new Uint8Array()) {
  let out = "";
  let err = "";
  const chunks: Uint8Array[] = [];
  const io: Io = {
    stdout: (t) => void (out += t),
    stdoutBytes: (b) => void chunks.push(b),
    stderr: (t) => void (err += t),
    readStdin: async () => stdin,
  };
  return { io, out: () => out, err: () => err, bytes: () => new Uint8Array(Buffer.concat(chunks)) };
}

let fx: FixtureSet;
let dir: string;
let aliceP12: string;
let bobP12: string;
let noemailP12: string;
let pw: string;
let wrongPw: string;
const PLAIN =
  "From: Alice Example <alice@example.jp>\r\nTo: Bob <bob@example.jp>\r\nSubject: =?UTF-8?B?6KuL5rGC5pu4?=\r\nDate: " +
  new Date().toUTCString().replace("GMT", "+0000") +
  "\r\nMessage-ID: <cli-test@example.jp>\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
  "請求書を添付します。\r\nInvoice attached.\r\n";

function openssl(args: string[], input?: Uint8Array): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync("openssl", args, { input });
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString() };
}

beforeAll(async () => {
  fx = await ensureFixtures();
  dir = mkdtempSync(path.join(tmpdir(), "inkan-cli-"));
  pw = path.join(dir, "pw.txt");
  wrongPw = path.join(dir, "wrong.txt");
  writeFileSync(pw, "pässwörd 秘密\n");
  writeFileSync(wrongPw, "not it\r\n");
  aliceP12 = path.join(dir, "alice.p12");
  bobP12 = path.join(dir, "bob.p12");
  noemailP12 = path.join(dir, "noemail.p12");
  for (const [name, out] of [["alice", aliceP12], ["bob", bobP12], ["noemail", noemailP12]] as const) {
    execFileSync("openssl", ["pkcs12", "-export", "-inkey", fx.pki[name].key, "-in", fx.pki[name].certPem, "-certfile", fx.pki.inter.certPem, "-passout", `file:${pw}`, "-out", out]);
  }
  writeFileSync(path.join(dir, "plain.eml"), PLAIN);
});

async function run(argv: string[], stdin?: Uint8Array) {
  const c = capture(stdin as Uint8Array<ArrayBuffer> | undefined);
  const code = await main(argv, c.io);
  return { code, ...c };
}

describe("inkan sign", () => {
  it.each([[[]], [["--opaque"]], [["--pss"]], [["--digest", "sha512"]]])("signs %j so that OpenSSL and inkan verify it", async (extra) => {
    const out = path.join(dir, `signed${extra.join("")}.eml`);
    const r = await run(["sign", path.join(dir, "plain.eml"), "--identity", aliceP12, "--password-file", pw, "-o", out, ...extra]);
    expect(r.code, r.err()).toBe(EXIT_OK);
    const o = openssl(["cms", "-verify", "-in", out, "-CAfile", fx.pki.root.certPem, "-purpose", "smimesign"]);
    expect(o.ok, o.stderr).toBe(true);
    expect(o.stdout.toString()).toContain("Invoice attached.");
    const v = await run(["verify", out, "--trust", fx.pki.root.certPem, "--no-default-roots", "--json"]);
    expect(v.code).toBe(EXIT_OK);
    expect((JSON.parse(v.out()) as Verdict).signers[0]?.email).toBe("alice@example.jp");
  });

  it("reads standard input and writes standard output", async () => {
    const r = await run(["sign", "-", "--identity", aliceP12, "--password-file", pw], new TextEncoder().encode(PLAIN));
    expect(r.code).toBe(EXIT_OK);
    expect(Buffer.from(r.bytes()).toString("latin1")).toMatch(/^From: Alice Example/);
    expect(Buffer.from(r.bytes()).toString("latin1")).toContain("multipart/signed");
  });

  it("a wrong password is exit 2 and says so", async () => {
    const r = await run(["sign", path.join(dir, "plain.eml"), "--identity", aliceP12, "--password-file", wrongPw]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err()).toContain("wrong password");
  });

  it.each([
    { name: "a certificate without an e-mail address", p12: () => noemailP12, from: "noemail@example.jp", code: "cert-without-email" },
    { name: "a From address the certificate does not name", p12: () => aliceP12, from: "bob@example.jp", code: "email-mismatch" },
  ])("refuses $name: exit 1, $code on stderr, nothing written", async ({ p12, from, code }) => {
    const input = path.join(dir, `from-${code}.eml`);
    writeFileSync(input, PLAIN.replace("Alice Example <alice@example.jp>", `<${from}>`));
    const out = path.join(dir, `refused-${code}.eml`);
    const r = await run(["sign", input, "--identity", p12(), "--password-file", pw, "-o", out]);
    expect(r.code).toBe(EXIT_NOT_VERIFIED);
    expect(r.err()).toContain(`cannot sign: ${code}:`);
    expect(existsSync(out)).toBe(false);
  });

  it("--batch signs every .eml in a folder with the key loaded once", async () => {
    const inDir = path.join(dir, "batch-in");
    const outDir = path.join(dir, "batch-out");
    mkdirSync(inDir);
    for (const n of ["a", "b", "c"]) writeFileSync(path.join(inDir, `${n}.eml`), PLAIN.replace("cli-test", `cli-${n}`));
    writeFileSync(path.join(inDir, "notes.txt"), "not a message");
    const r = await run(["sign", "--batch", inDir, "-o", outDir, "--identity", aliceP12, "--password-file", pw]);
    expect(r.code, r.err()).toBe(EXIT_OK);
    expect(readdirSync(outDir).sort()).toEqual(["a.eml", "b.eml", "c.eml"]);
    for (const n of ["a", "b", "c"]) {
      expect(openssl(["cms", "-verify", "-in", path.join(outDir, `${n}.eml`), "-CAfile", fx.pki.root.certPem, "-purpose", "smimesign"]).ok).toBe(true);
    }
  });
});

describe("inkan encrypt / decrypt", () => {
  it.each(["aes-256-gcm", "aes-256-cbc", "aes-128-cbc"])("encrypts with %s for alice and mallory; OpenSSL and inkan decrypt for each", async (cipher) => {
    const out = path.join(dir, `enc-${cipher}.eml`);
    const r = await run(["encrypt", path.join(dir, "plain.eml"), "--to", fx.pki.alice.certPem, "--to", fx.pki.mallory.certPem, "--cipher", cipher, "-o", out]);
    expect(r.code, r.err()).toBe(EXIT_OK);
    expect(readFileSync(out, "latin1")).not.toContain("Invoice attached.");
    for (const who of ["alice", "mallory"] as const) {
      const o = openssl(["cms", "-decrypt", "-in", out, "-inkey", fx.pki[who].key, "-recip", fx.pki[who].certPem]);
      expect(o.ok, o.stderr).toBe(true);
      expect(o.stdout.toString()).toContain("Invoice attached.");
    }
    const d = await run(["decrypt", out, "--identity", aliceP12, "--password-file", pw]);
    expect(d.code, d.err()).toBe(EXIT_OK);
    const root = parseMessage(d.bytes());
    expect(getHeader(root, "from")?.value).toBe("Alice Example <alice@example.jp>");
    expect(decodeText(root)).toContain("請求書を添付します。");
  });

  it("decrypts what OpenSSL encrypted, and verify --identity verifies what was signed inside", async () => {
    const signed = path.join(dir, "to-wrap.eml");
    await run(["sign", path.join(dir, "plain.eml"), "--identity", aliceP12, "--password-file", pw, "-o", signed]);
    // OpenSSL encrypts the signed entity; the mail's own fields go outside, as mail clients write them.
    const entity = readFileSync(signed, "latin1").replace(/^(?:(?:From|To|Subject|Date|Message-ID):[^\r\n]*\r\n)+/, "");
    const enc = openssl(["cms", "-encrypt", "-aes256", fx.pki.alice.certPem], Buffer.from(entity, "latin1"));
    expect(enc.ok, enc.stderr).toBe(true);
    const encFile = path.join(dir, "openssl-enc.eml");
    writeFileSync(encFile, Buffer.concat([Buffer.from(PLAIN.split("Content-Type:")[0]!, "utf8"), enc.stdout]));
    const v = await run(["verify", encFile, "--trust", fx.pki.root.certPem, "--no-default-roots", "--identity", aliceP12, "--password-file", pw, "--json"]);
    const verdict = JSON.parse(v.out()) as Verdict;
    expect(verdict.encryption).toBe("decrypted");
    expect(verdict.status).toBe("verified");
    expect(v.code).toBe(EXIT_OK);
  });

  it("without a matching key: exit 1 and the recipients named", async () => {
    const out = path.join(dir, "for-alice.eml");
    await run(["encrypt", path.join(dir, "plain.eml"), "--to", fx.pki.alice.certPem, "-o", out]);
    const d = await run(["decrypt", out, "--identity", bobP12, "--password-file", pw]);
    expect(d.code).toBe(EXIT_NOT_VERIFIED);
    expect(d.err()).toContain("no-key");
    expect(d.err()).toContain("encrypted for");
  });

  it("refuses an expired recipient certificate unless forced", async () => {
    const r = await run(["encrypt", path.join(dir, "plain.eml"), "--to", fx.pki.expired.certPem]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err()).toContain("recipient-expired");
    const forced = await run(["encrypt", path.join(dir, "plain.eml"), "--to", fx.pki.expired.certPem, "--force"]);
    expect(forced.code, forced.err()).toBe(EXIT_OK);
  });

  it("refuses a recipient certificate without an e-mail address unless forced", async () => {
    const r = await run(["encrypt", path.join(dir, "plain.eml"), "--to", fx.pki.noemail.certPem]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err()).toContain("recipient-without-email");
    const out = path.join(dir, "enc-noemail.eml");
    const forced = await run(["encrypt", path.join(dir, "plain.eml"), "--to", fx.pki.noemail.certPem, "--force", "-o", out]);
    expect(forced.code, forced.err()).toBe(EXIT_OK);
    const o = openssl(["cms", "-decrypt", "-in", out, "-inkey", fx.pki.noemail.key, "-recip", fx.pki.noemail.certPem]);
    expect(o.ok, o.stderr).toBe(true);
    expect(o.stdout.toString()).toContain("Invoice attached.");
  });

  it("decrypt on a message that is not encrypted is bad input (exit 2)", async () => {
    const d = await run(["decrypt", path.join(dir, "plain.eml"), "--identity", aliceP12, "--password-file", pw]);
    expect(d.code).toBe(EXIT_USAGE);
    expect(d.err()).toContain("not S/MIME encrypted");
  });
});
