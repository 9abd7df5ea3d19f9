/*
 * Speed and peak memory of signMessage against `openssl cms -sign` at 100 KB .. 50 MB, on the benchmark's shape:
 * a mail with a short text and a large base64 attachment. Not a test: run with
 * `node --expose-gc --import tsx test/core/cms/sign/measure-sign-speed.ts [--sizes 1MB,50MB]`.
 * In-process time is the median of several runs after a warm-up; OpenSSL time is a whole process (it cannot be
 * timed otherwise). Peak memory is maxRSS of a fresh process that signs once, minus one that only reads the file.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { signMessage } from "../../../../src/core/cms/sign/index.js";
import type { Identity } from "../../../../src/core/keys/identity.js";

const SIZES: Readonly<Record<string, number>> = { "100KB": 100_000, "1MB": 1_000_000, "10MB": 10_000_000, "50MB": 50_000_000 };
const RUNS: Readonly<Record<string, number>> = { "100KB": 15, "1MB": 9, "10MB": 5, "50MB": 3 };
const PKI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../fixtures/generated/pki");
const SELF = fileURLToPath(import.meta.url);

function der(file: string): Uint8Array {
  return new Uint8Array(Buffer.from(readFileSync(file, "latin1").replace(/-----[^-]+-----|\s/g, ""), "base64"));
}

function identity(): Identity {
  return {
    certificate: der(path.join(PKI_DIR, "alice.pem")),
    chain: [der(path.join(PKI_DIR, "inter.pem"))],
    privateKey: der(path.join(PKI_DIR, "alice.key")),
    keyKind: "rsa",
    friendlyName: null,
  };
}

function message(total: number): Buffer {
  const head = [
    "From: Alice Example <alice@example.jp>",
    "To: bob@example.jp",
    "Subject: figures",
    `Date: ${new Date().toUTCString()}`,
    "Message-ID: <bench@example.jp>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="=_mixed_bench"',
    "",
    "--=_mixed_bench",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 7bit",
    "",
    "Hello, the figures are attached.",
    "--=_mixed_bench",
    'Content-Type: application/octet-stream; name="figures.bin"',
    "Content-Transfer-Encoding: base64",
    'Content-Disposition: attachment; filename="figures.bin"',
    "",
    "",
  ].join("\r\n");
  const tail = "--=_mixed_bench--\r\n";
  const raw = randomBytes(Math.floor(((total - head.length - tail.length) / 78) * 57));
  const b64 = raw.toString("base64").replace(/.{1,76}/g, "$&\r\n");
  return Buffer.concat([Buffer.from(head, "latin1"), Buffer.from(b64, "latin1"), Buffer.from(tail, "latin1")]);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function ours(bytes: Uint8Array, opaque: boolean, runs: number): Promise<number> {
  const id = identity();
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    gc();
    const t0 = performance.now();
    const r = await signMessage(bytes, { identity: id, crypto: globalThis.crypto, now: new Date(), opaque });
    const t = performance.now() - t0;
    if (!r.ok) throw new Error(r.detail);
    if (i > 0) times.push(t);
  }
  return median(times);
}

function opensslArgs(file: string, opaque: boolean): string[] {
  return [
    "cms", "-sign", "-in", file, "-signer", path.join(PKI_DIR, "alice.pem"), "-inkey", path.join(PKI_DIR, "alice.key"),
    "-certfile", path.join(PKI_DIR, "inter.pem"), "-md", "sha256", ...(opaque ? ["-nodetach"] : []), "-out", "/dev/null",
  ];
}

function openssl(file: string, opaque: boolean, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const r = spawnSync("openssl", opensslArgs(file, opaque));
    const t = performance.now() - t0;
    if (r.status !== 0) throw new Error(r.stderr.toString());
    if (i > 0) times.push(t);
  }
  return median(times);
}

/** Median of three fresh processes: one process's peak varies by tens of MB with when the collector runs. */
function peakKB(args: readonly string[]): number {
  const peaks: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, ["--import", "tsx", SELF, ...args], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    peaks.push((JSON.parse(r.stdout.trim()) as { maxRssKB: number }).maxRssKB);
  }
  return median(peaks);
}

function opensslPeakKB(file: string, opaque: boolean): number | null {
  const r = spawnSync("/usr/bin/time", ["-f", "%M", "openssl", ...opensslArgs(file, opaque)], { encoding: "utf8" });
  if (r.status !== 0) return null;
  return Number(r.stderr.trim().split("\n").pop());
}

async function once(argv: readonly string[]): Promise<void> {
  const file = argv[argv.indexOf("--once") + 1]!;
  const buf = readFileSync(file);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  if (!argv.includes("--baseline")) {
    const r = await signMessage(bytes, { identity: identity(), crypto: globalThis.crypto, now: new Date(), opaque: argv.includes("--opaque") });
    if (!r.ok) throw new Error(r.detail);
  }
  process.stdout.write(`${JSON.stringify({ maxRssKB: process.resourceUsage().maxRSS })}\n`);
}

async function main(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf("--sizes");
  const names = at >= 0 ? argv[at + 1]!.split(",") : Object.keys(SIZES);
  const dir = mkdtempSync(path.join(tmpdir(), "inkan-sign-speed-"));
  try {
    console.log("size   mode      ours ms  openssl ms  ratio  our peak delta MB (x size)  openssl peak MB");
    for (const name of names) {
      const bytes = message(SIZES[name]!);
      const file = path.join(dir, `${name}.eml`);
      writeFileSync(file, bytes);
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const baseline = peakKB(["--once", file, "--baseline"]);
      for (const opaque of [false, true]) {
        const t = await ours(view, opaque, RUNS[name]!);
        const o = openssl(file, opaque, RUNS[name]!);
        const delta = (peakKB(["--once", file, ...(opaque ? ["--opaque"] : [])]) - baseline) / 1024;
        const osslPeak = opensslPeakKB(file, opaque);
        console.log(
          `${name.padEnd(6)} ${(opaque ? "opaque" : "detached").padEnd(8)} ${t.toFixed(1).padStart(8)} ${o.toFixed(1).padStart(11)} ${(t / o).toFixed(2).padStart(6)}` +
            `  ${delta.toFixed(1).padStart(10)} (${(delta / (bytes.length / 1048576)).toFixed(2)})` +
            `${osslPeak === null ? "" : (osslPeak / 1024).toFixed(1).padStart(22)}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
await (argv.includes("--once") ? once(argv) : main(argv));
