import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { EXIT_NOT_VERIFIED, EXIT_OK, EXIT_USAGE, main, type Io } from "../../src/cli/inkan.js";
import { STATUSES, type Verdict } from "../../src/core/verdict-types.js";
import { ensureFixtures, type FixtureSet } from "../fixtures/generate.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function capture(stdin = new Uint8Array()): Io & { out: () => string; err: () => string; bytes: () => Uint8Array } {
  let out = "";
  let err = "";
  const chunks: Uint8Array[] = [];
  return {
    stdout: (t) => void (out += t),
    stdoutBytes: (b) => void chunks.push(b),
    bytes: () => new Uint8Array(Buffer.concat(chunks)),
    stderr: (t) => void (err += t),
    readStdin: async () => stdin,
    out: () => out,
    err: () => err,
  };
}

let fx: FixtureSet;
let msg: (name: string) => string;
let root: string;

beforeAll(async () => {
  fx = await ensureFixtures();
  msg = (name) => path.join(fx.dir, "messages", name);
  root = fx.pki.root.certPem;
});

describe("inkan verify", () => {
  it("prints the documented JSON object and exits 0 when verified", async () => {
    const io = capture();
    const code = await main(["verify", msg("detached-rsa.eml"), "--trust", root, "--no-default-roots", "--json"], io);
    expect(code).toBe(EXIT_OK);
    const v = JSON.parse(io.out()) as Verdict;
    expect(Object.keys(v)).toEqual(expect.arrayContaining(["status", "reasons", "signers", "encryption", "integrity", "from", "authResults"]));
    expect(v.status).toBe("verified");
    expect(Object.keys(v.signers[0]!)).toEqual(
      expect.arrayContaining(["email", "name", "organization", "issuer", "validation", "signingTime", "algorithm", "bindsFrom"]),
    );
    expect(v.signers[0]).toMatchObject({ email: "alice@example.jp", organization: "Example KK", validation: "organization", bindsFrom: true });
  });

  it.each([
    ["from-other-address.eml", "mismatch"],
    ["tampered-content.eml", "invalid"],
    ["unsigned.eml", "unsigned"],
    ["partial-text-before.eml", "partial"],
    ["cert-self-signed.eml", "untrusted"],
  ])("%s exits 1 with status %s", async (file, status) => {
    const io = capture();
    const code = await main(["verify", msg(file), "--trust", root, "--no-default-roots", "--json"], io);
    expect(code).toBe(EXIT_NOT_VERIFIED);
    expect((JSON.parse(io.out()) as Verdict).status).toBe(status);
  });

  it("without --trust the test root is not trusted (built-in roots only)", async () => {
    const io = capture();
    const code = await main(["verify", msg("detached-rsa.eml"), "--json"], io);
    expect(code).toBe(EXIT_NOT_VERIFIED);
    expect((JSON.parse(io.out()) as Verdict).reasons).toContain("untrusted-root");
  });

  it("--at moves 'now': a short-lived certificate is then expired since signing, still verified", async () => {
    const at = new Date(fx.generatedAt.getTime() + 30 * 86_400_000).toISOString();
    const io = capture();
    const code = await main(["verify", msg("cert-shortlived.eml"), "--trust", root, "--no-default-roots", "--at", at, "--json"], io);
    expect(code).toBe(EXIT_OK);
    expect((JSON.parse(io.out()) as Verdict).reasons).toContain("expired-since-signing");
  });

  it("reads standard input with -", async () => {
    const io = capture(new Uint8Array(readFileSync(msg("opaque-rsa.eml"))));
    expect(await main(["verify", "-", "--trust", root, "--no-default-roots", "--json"], io)).toBe(EXIT_OK);
  });

  it("prints a plain-language report without --json", async () => {
    const io = capture();
    await main(["verify", msg("from-display-name-spoof.eml"), "--trust", root, "--no-default-roots"], io);
    expect(io.out()).toMatch(/^SIGNED, BUT NOT BY THE SENDER SHOWN — signed by .*<alice@example\.jp>/);
    expect(io.out()).toContain("mallory@evil.example");
  });

  it.each([
    [["verify", "/nonexistent/file.eml"], "cannot read"],
    [["verify", "x.eml", "--at", "yesterday"], "--at"],
    [["verify", "x.eml", "--trust", "/nonexistent/ca.pem"], "cannot read"],
    [["verify", "--bogus-option", "x.eml"], "unknown option"],
    [["frobnicate"], "unknown command"],
    [["sign", "x.eml"], "--identity is required"],
    [["verify", "x.eml", "--identity", "/nonexistent/id.p12", "--password-file", "/nonexistent/pw"], "cannot read"],
    [["encrypt", "x.eml"], "at least one --to"],
    [["encrypt", "x.eml", "--to", "c.pem", "--cipher", "rot13"], "--cipher must be one of"],
    [["sign", "x.eml", "--identity", "id.p12", "--password-file", "pw", "--digest", "md5"], "--digest must be one of"],
  ])("bad usage %j exits 2 with a specific message", async (argv, text) => {
    const io = capture();
    expect(await main(argv as string[], io)).toBe(EXIT_USAGE);
    expect(io.err()).toContain(text);
  });

  it("a trust file that holds no certificate is bad usage", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "inkan-"));
    const bogus = path.join(dir, "ca.pem");
    writeFileSync(bogus, "not a certificate\n");
    const io = capture();
    expect(await main(["verify", msg("detached-rsa.eml"), "--trust", bogus], io)).toBe(EXIT_USAGE);
    expect(io.err()).toContain("holds no certificate");
  });
});

describe("inkan inspect", () => {
  it.each([
    ["messages/detached-rsa.eml", /E-mail message[\s\S]*Signed-data \(S\/MIME signature\)[\s\S]*Signer 1: Alice/],
    ["messages/encrypted-to-alice.eml", /Enveloped-data \(encrypted message\)[\s\S]*Content encryption: AES-256-CBC[\s\S]*Encrypted for: certificate serial/],
    ["pki/alice.pem", /Certificate of [\s\S]*E-mail addresses: alice@example\.jp[\s\S]*organisation/],
    ["pki/alice.der", /Certificate of /],
  ])("explains %s", async (file, pattern) => {
    const io = capture();
    expect(await main(["inspect", path.join(fx.dir, file)], io)).toBe(EXIT_OK);
    expect(io.out()).toMatch(pattern);
  });

  it("prints JSON with --json", async () => {
    const io = capture();
    await main(["inspect", path.join(fx.dir, "pki/root.pem"), "--json"], io);
    expect(JSON.parse(io.out())).toMatchObject({ kind: "pem" });
  });
});

describe("the installed command", () => {
  it("bin/inkan.js runs the built CLI with the same exit codes (npx inkan)", () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, "bin/inkan.js"), "verify", msg("detached-rsa.eml"), "--trust", root, "--no-default-roots", "--json"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(STATUSES).toContain((JSON.parse(run.stdout) as Verdict).status);
    const bad = spawnSync(process.execPath, [path.join(ROOT, "bin/inkan.js"), "verify", "/nonexistent.eml"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(execFileSync(process.execPath, [path.join(ROOT, "bin/inkan.js"), "--help"], { encoding: "utf8" })).toContain("verify");
  });
});
