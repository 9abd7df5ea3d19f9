/**
 * The fixtures are real: OpenSSL, the interop peer, accepts the messages it should and refuses the broken ones
 * for the intended cause. OpenSSL checks neither From nor signing time, so mismatch and time cases pass here.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureFixtures, type PkiName } from "../fixtures/generate.js";

const fixtures = await ensureFixtures();
const OPENSSL = process.env["INKAN_OPENSSL"] ?? "openssl";
const DAY_MS = 86_400_000;
const scratch = mkdtempSync(path.join(tmpdir(), "inkan-peer-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Input =
  /** The whole .eml. */
  | "message"
  /** The multipart/signed part inside a multipart/mixed or /alternative (OpenSSL reads only top-level S/MIME). */
  | "embedded-signed"
  /** Decrypted with alice's key, then verified. */
  | "decrypted";

interface PeerCase {
  readonly file: string;
  /** "accepts", or the error OpenSSL must give. */
  readonly expect: "accepts" | RegExp;
  readonly input?: Input;
  /** Trust anchors for -CAfile (default: root). OpenSSL 3.0's cms has no -untrusted, so an intermediate the
   * caller supplies goes here beside the root. */
  readonly anchors?: readonly PkiName[];
  readonly atOffsetDays?: number;
}

const EXPIRED = /certificate has expired/;
const PURPOSE = /unsuitable certificate purpose/;
const DIGEST = /CMS_SignerInfo_verify_content:verification failure/;
const SIGNATURE = /padding check failed|CMS_SignerInfo_verify:verification failure/;
const UNDECODABLE = /decode error/;

const PEER_CASES: readonly PeerCase[] = [
  ...[
    "detached-rsa",
    "detached-rsa-lf",
    "detached-rsa-sha384",
    "detached-rsa-sha512",
    "opaque-rsa",
    "opaque-rsa-base64-lf",
    "detached-ecdsa-p256",
    "detached-ecdsa-p384",
    "detached-ecdsa-p521",
    "detached-rsa-pss",
    "from-other-address",
    "from-display-name-spoof",
    "from-missing",
    "from-without-address",
    "from-header-twice",
    "from-two-mailboxes",
    "from-mallory-sender-alice",
    "from-uppercase",
    "from-iso2022jp-name",
    "cert-shortlived",
    "date-before-signing-time",
    "no-signed-attributes",
    "cert-without-email",
    "cert-email-in-dn",
    "digest-sha1",
    "cert-dsa",
    "two-signers",
    "nested-opaque-in-detached",
    "nested-info-outer-from-alice",
    "nested-info-outer-from-info",
    "nested-alice-outer-mallory-inner",
    "nested-mallory-outer-bob-inner",
    "encrypt-then-sign",
    "auth-results-forged-below",
    "x-pkcs7-detached",
    "x-pkcs7-opaque",
  ].map((file) => ({ file, expect: "accepts" as const })),
  { file: "cert-shortlived", expect: EXPIRED, atOffsetDays: 30 },
  { file: "chain-incomplete", expect: /unable to get local issuer certificate/ },
  { file: "chain-incomplete", expect: "accepts", anchors: ["root", "inter"] },
  { file: "signer-cert-missing", expect: /signer certificate not found/ },
  { file: "tampered-content", expect: DIGEST },
  { file: "tampered-signature-value", expect: SIGNATURE },
  { file: "garbage-p7s", expect: UNDECODABLE },
  { file: "truncated-p7s", expect: UNDECODABLE },
  { file: "cert-expired", expect: EXPIRED },
  { file: "cert-not-yet-valid", expect: /certificate is not yet valid/ },
  { file: "cert-wrong-eku", expect: PURPOSE },
  { file: "cert-no-digital-signature", expect: PURPOSE },
  { file: "cert-self-signed", expect: /self-signed certificate/ },
  { file: "cert-other-root", expect: /self-signed certificate in certificate chain/ },
  { file: "cert-issued-by-leaf", expect: /invalid CA certificate/ },
  { file: "two-signers-first-corrupted", expect: SIGNATURE },
  { file: "two-signers-second-corrupted", expect: SIGNATURE },
  { file: "econtent-in-detached", expect: DIGEST },
  { file: "certs-only-no-signer", expect: /no signers/ },
  ...["partial-text-before", "partial-footer-after", "partial-signed-attachment", "partial-alternative-html"].map(
    (file) => ({ file, expect: "accepts" as const, input: "embedded-signed" as const }),
  ),
  { file: "mixed-only-signed", expect: "accepts", input: "embedded-signed" },
  { file: "sign-then-encrypt", expect: "accepts", input: "decrypted" },
  { file: "unsigned", expect: /invalid mime type/ },
];

/** Enveloped for alice: OpenSSL must decrypt them (encrypt-then-sign after stripping its outer signature). */
const DECRYPTABLE = ["encrypted-to-alice", "encrypt-then-sign"] as const;

function caseName(c: PeerCase): string {
  const at = c.atOffsetDays === undefined ? "" : ` at +${c.atOffsetDays}d`;
  const anchors = c.anchors === undefined ? "" : ` trusting ${c.anchors.join("+")}`;
  return `${c.file}${at}${anchors}`;
}

function openssl(args: readonly string[], input: Buffer): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync(OPENSSL, args, { input, maxBuffer: 64 << 20 });
  if (r.error !== undefined) throw r.error;
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}

function messagePath(name: string): string {
  return path.join(fixtures.dir, "messages", `${name}.eml`);
}

function embeddedSigned(message: Buffer): Buffer {
  const text = message.toString("latin1");
  const outer = /boundary="([^"]+)"/.exec(text)?.[1];
  const start = text.indexOf("Content-Type: multipart/signed");
  const end = outer === undefined ? -1 : text.indexOf(`\r\n--${outer}`, start);
  if (start < 0 || end < 0) throw new Error("no embedded multipart/signed part");
  return Buffer.from(`${text.slice(start, end)}\r\n`, "latin1");
}

function decryptForAlice(message: Buffer): Buffer {
  const { pki } = fixtures;
  const r = openssl(["cms", "-decrypt", "-recip", pki.alice.certPem, "-inkey", pki.alice.key], message);
  if (!r.ok) throw new Error(`openssl could not decrypt: ${r.stderr}`);
  return r.stdout;
}

function anchorFile(names: readonly PkiName[]): string {
  const file = path.join(scratch, `${names.join("+")}.pem`);
  writeFileSync(file, names.map((n) => readFileSync(fixtures.pki[n].certPem, "latin1")).join(""));
  return file;
}

describe("OpenSSL agrees with the fixtures", () => {
  it("covers every generated message", () => {
    const covered = new Set([...PEER_CASES.map((c) => c.file), ...DECRYPTABLE].map((f) => `messages/${f}.eml`));
    const uncovered = fixtures.messages.filter((f) => !covered.has(f));
    expect(uncovered).toEqual([]);
  });

  it.each(PEER_CASES.map((c) => [caseName(c), c] as const))("%s", (_name, c) => {
    const raw = readFileSync(messagePath(c.file));
    const input =
      c.input === "embedded-signed" ? embeddedSigned(raw) : c.input === "decrypted" ? decryptForAlice(raw) : raw;
    const at = fixtures.generatedAt.getTime() + (c.atOffsetDays === undefined ? 60_000 : c.atOffsetDays * DAY_MS);
    const anchors = anchorFile(c.anchors ?? ["root"]);
    const args = ["cms", "-verify", "-CAfile", anchors, "-purpose", "smimesign", "-attime", String(Math.floor(at / 1000))];
    const r = openssl(args, input);
    if (c.expect === "accepts") {
      expect(r.stderr).toContain("Verification successful");
      expect(r.ok).toBe(true);
    } else {
      expect(r.ok, r.stderr).toBe(false);
      expect(r.stderr).toMatch(c.expect);
    }
  });

  it("decrypts the enveloped fixtures with alice's key", () => {
    for (const name of DECRYPTABLE) {
      let raw: Buffer = readFileSync(messagePath(name));
      if (name === "encrypt-then-sign") {
        const r = openssl(["cms", "-verify", "-noverify"], raw);
        expect(r.ok, r.stderr).toBe(true);
        raw = r.stdout;
      }
      expect(decryptForAlice(raw).toString("utf8")).toContain(`(fixture ${name})`);
    }
  });
});
