import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { STATUSES } from "../../src/core/verdict-types.js";
import { INTERNAL_ERROR, verifyMessage } from "../../src/core/verify-message.js";
import { ensureFixtures, type FixtureSet } from "../fixtures/generate.js";
import { hostileMessages, mutate, rng } from "../fuzz/mutate.js";

/**
 * Bounded robustness run: damaged and hostile inputs must give a verdict (never an exception) promptly.
 * `npm run fuzz` runs the same mutations for longer.
 */
const REGRESSIONS = fileURLToPath(new URL("../fuzz/regressions/", import.meta.url));
const MUTATIONS_PER_SEED = 12;
/** A hang guard, not a speed measurement: real inputs of this size take milliseconds. */
const MAX_MS_PER_INPUT = 1000;

let fixtures: FixtureSet;
let seeds: { name: string; bytes: Uint8Array }[];
let rootDer: Uint8Array;

beforeAll(async () => {
  fixtures = await ensureFixtures();
  seeds = fixtures.messages.map((m) => ({ name: m, bytes: new Uint8Array(readFileSync(path.join(fixtures.dir, m))) }));
  rootDer = new Uint8Array(readFileSync(fixtures.pki.root.certDer));
});

async function timedVerify(bytes: Uint8Array): Promise<{ status: string; ms: number }> {
  const start = performance.now();
  const v = await verifyMessage(bytes, { trustAnchors: [rootDer], useDefaultRoots: false });
  const internal = v.layers.flatMap((l) => l.notes).find((n) => n.startsWith(INTERNAL_ERROR));
  return { status: internal ?? v.status, ms: performance.now() - start };
}

describe("robustness", () => {
  it("hostile structures give a verdict quickly", async () => {
    for (const h of hostileMessages()) {
      const { status, ms } = await timedVerify(h.bytes);
      expect(STATUSES, h.name).toContain(status);
      expect(ms, h.name).toBeLessThan(MAX_MS_PER_INPUT);
    }
  });

  // Inputs that once made the engine throw (found by npm run fuzz), kept as regression tests.
  it.each(readdirSync(REGRESSIONS).map((f) => [f]))("regression input %s gives a verdict, not an exception", async (file) => {
    const { status } = await timedVerify(new Uint8Array(readFileSync(path.join(REGRESSIONS, file))));
    expect(["invalid", "partial"]).toContain(status);
  });

  it("mutated fixtures never throw and never verify a damaged signature silently", async () => {
    let verified = 0;
    let runs = 0;
    for (const [i, seed] of seeds.entries()) {
      const r = rng(0x5eed + i);
      for (let k = 0; k < MUTATIONS_PER_SEED; k++) {
        const input = mutate(seed.bytes, r);
        const { status, ms } = await timedVerify(input);
        runs++;
        expect(STATUSES, `${seed.name} mutation ${k}`).toContain(status);
        expect(ms, `${seed.name} mutation ${k}`).toBeLessThan(MAX_MS_PER_INPUT);
        if (status === "verified") verified++;
      }
    }
    expect(runs).toBeGreaterThan(500);
    // Some mutations only touch headers or whitespace and legitimately still verify; most must not.
    expect(verified / runs).toBeLessThan(0.5);
  });
});
