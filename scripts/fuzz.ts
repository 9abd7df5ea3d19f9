/**
 * Longer robustness run than the one in `npm test`: `npm run fuzz -- [iterations] [seed]`.
 * Every generated fixture is mutated in turn; any exception or slow verdict is reported with the seed to replay it.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { INTERNAL_ERROR, verifyMessage } from "../src/core/verify-message.js";
import { ensureFixtures } from "../test/fixtures/generate.js";
import { hostileMessages, mutate, rng } from "../test/fuzz/mutate.js";

const iterations = Number(process.argv[2] ?? 20000);
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
const SLOW_MS = 1000;

const fixtures = await ensureFixtures();
const seeds = fixtures.messages.map((m) => new Uint8Array(readFileSync(path.join(fixtures.dir, m))));
const rootDer = new Uint8Array(readFileSync(fixtures.pki.root.certDer));
const r = rng(seed);
const outDir = path.join("test-results", "fuzz");
let failures = 0;
let slowest = 0;
const started = performance.now();

async function run(input: Uint8Array, label: string): Promise<void> {
  const t = performance.now();
  try {
    const v = await verifyMessage(input, { trustAnchors: [rootDer], useDefaultRoots: false });
    const note = v.layers.flatMap((l) => l.notes).find((n) => n.startsWith(INTERNAL_ERROR));
    if (note) throw new Error(note);
  } catch (e) {
    failures++;
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `crash-${seed}-${label}.eml`);
    writeFileSync(file, input);
    console.error(`exception on ${label} (saved ${file}): ${(e as Error).stack}`);
  }
  const ms = performance.now() - t;
  slowest = Math.max(slowest, ms);
  if (ms > SLOW_MS) {
    failures++;
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, `slow-${seed}-${label}.eml`), input);
    console.error(`slow (${ms.toFixed(0)} ms) on ${label}`);
  }
}

for (const h of hostileMessages()) await run(h.bytes, h.name.replace(/\W+/g, "-"));
for (let i = 0; i < iterations; i++) {
  await run(mutate(seeds[i % seeds.length]!, r), String(i));
}
console.log(`${iterations} mutations from seed ${seed}: ${failures} failures, slowest ${slowest.toFixed(0)} ms, ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = failures > 0 ? 1 : 0;
