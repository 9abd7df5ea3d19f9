/*
 * Speed and peak memory of encrypting one large message (default 50 MB) to one RSA recipient, against
 * `openssl cms -encrypt -binary` on the same content. Not a test: run with
 * `node --expose-gc --import tsx test/core/cms/encrypt/measure-encrypt.ts [SIZE_MB]`.
 *
 * "in-process" is encryptContent + encryptedEntity in a warm process with the content in memory (median after a warm-up).
 * "process" runs one encryption in a fresh Node process (reading the file, writing the entity) or one openssl
 * process; peak RSS comes from the process itself (Node) or /usr/bin/time (OpenSSL). "delta" subtracts the same
 * Node process that only reads the file.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { encryptContent, encryptedEntity, type ContentCipher } from "../../../../src/core/cms/encrypt/index.js";
import { ensureFixtures } from "../../../fixtures/generate.js";

const MODES: readonly ContentCipher[] = ["aes-256-cbc", "aes-256-gcm"];
const SELF = fileURLToPath(import.meta.url);
const OPENSSL = process.env["INKAN_OPENSSL"] ?? "openssl";

async function once(file: string, cert: string, mode: ContentCipher | "baseline", out: string): Promise<void> {
  const content = new Uint8Array(readFileSync(file));
  const t0 = performance.now();
  if (mode !== "baseline") {
    const result = await encryptContent(content, [{ certificate: new Uint8Array(readFileSync(cert)) }], { crypto, now: new Date(), cipher: mode });
    if (!result.ok) throw new Error(result.detail);
    writeFileSync(out, encryptedEntity(result));
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(sizeMB: number): Promise<void> {
  const fx = await ensureFixtures();
  const dir = mkdtempSync(path.join(tmpdir(), "inkan-measure-"));
  try {
    const file = path.join(dir, "content.bin");
    const content = new Uint8Array(Math.round(sizeMB * 1024 * 1024));
    for (let i = 0; i < content.length; i += 65536) crypto.getRandomValues(content.subarray(i, i + 65536));
    writeFileSync(file, content);
    const certDer = new Uint8Array(readFileSync(fx.pki.alice.certDer));
    const out = path.join(dir, "out.eml");
    console.log(`${sizeMB} MB to one RSA-2048 recipient; ${spawnSync(OPENSSL, ["version"]).stdout.toString().trim()}, Node ${process.version}`);

    const child = (mode: ContentCipher | "baseline") => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ["--import", "tsx", SELF, "--once", file, fx.pki.alice.certDer, mode, out], { maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(r.stderr.toString());
      return { wall: performance.now() - t0, ...(JSON.parse(r.stdout.toString()) as { ms: number; maxRssMB: number }) };
    };
    const baseline = median([1, 2, 3].map(() => child("baseline").maxRssMB));

    for (const mode of MODES) {
      const runs: number[] = [];
      // Small sizes get more runs: their first few calls measure the compiler, not the code.
      const count = Math.max(6, Math.min(40, Math.round(200 / sizeMB)));
      for (let i = 0; i < count; i++) {
        // Without this the previous run's 150 MB of garbage is collected during the next one.
        (globalThis as { gc?: () => void }).gc?.();
        const t0 = performance.now();
        const r = await encryptContent(content, [{ certificate: certDer }], { crypto, now: new Date(), cipher: mode });
        if (!r.ok) throw new Error(r.detail);
        encryptedEntity(r);
        if (i > 0) runs.push(performance.now() - t0);
      }
      const children = [1, 2, 3].map(() => child(mode));
      const openssl = [1, 2, 3].map(() => {
        const t0 = performance.now();
        const r = spawnSync("/usr/bin/time", ["-f", "%M", OPENSSL, "cms", "-encrypt", "-binary", `-${mode}`, "-in", file, "-out", out, fx.pki.alice.certPem]);
        if (r.status !== 0) throw new Error(r.stderr.toString());
        return { wall: performance.now() - t0, maxRssMB: Number(r.stderr.toString().trim().split("\n").pop()) / 1024 };
      });
      console.log(
        `${mode}: ours in-process ${median(runs).toFixed(0)} ms; ours process ${median(children.map((c) => c.wall)).toFixed(0)} ms ` +
          `(encrypt+entity+write ${median(children.map((c) => c.ms)).toFixed(0)} ms), peak RSS ${median(children.map((c) => c.maxRssMB)).toFixed(0)} MB ` +
          `(delta ${(median(children.map((c) => c.maxRssMB)) - baseline).toFixed(0)} MB over a process that only reads the file); ` +
          `openssl process ${median(openssl.map((o) => o.wall)).toFixed(0)} ms, peak RSS ${median(openssl.map((o) => o.maxRssMB)).toFixed(0)} MB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === "--once") await once(args[1]!, args[2]!, args[3] as ContentCipher | "baseline", args[4]!);
else await main(Number(args[0] ?? 50));
