import { ensureFixtures } from "./fixtures/generate.js";

/** Generates the fixture set once, before any worker starts, so workers only read it. */
export default async function setup(): Promise<void> {
  await ensureFixtures();
}
