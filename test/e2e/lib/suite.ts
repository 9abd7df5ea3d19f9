/**
 * What every e2e file shares: the fixture set, the built page on a local server, and one browser. When there is no
 * browser the suites are skipped with the reason printed; a missing build is a failure, not a skip.
 */
import assert from "node:assert/strict";
import { after, before } from "node:test";
import type { Browser } from "playwright-core";
import { ensureFixtures, type FixtureSet } from "../../fixtures/generate.js";
import { DIST_DIR, snapshotBuild, type BuiltPage } from "./built-page.js";
import { chromiumMissing, launchChromium } from "./chromium.js";
import { serveDirectory, type StaticServer } from "./static-server.js";

export interface E2E {
  readonly fx: FixtureSet;
  readonly browser: Browser;
  readonly server: StaticServer;
  readonly page: BuiltPage;
  /** The task pane's URL on the test server, with an optional query ("?mode=compose"). */
  readonly url: (query?: string) => string;
}

/** False, or why the browser suites cannot run here: node:test prints it beside each skipped suite. */
export const SKIP: string | false = chromiumMissing() ?? false;

/** Registers the file's before/after hooks and returns the environment, valid inside tests. */
export function useE2E(): () => E2E {
  let env: E2E | undefined;
  let removeSnapshot = (): void => undefined;
  if (SKIP !== false) return () => assert.fail(SKIP as string);
  before(async () => {
    const fx = await ensureFixtures();
    const snapshot = snapshotBuild();
    removeSnapshot = snapshot.remove;
    const page = snapshot.page;
    assert.ok(page !== null, `no taskpane.html in ${DIST_DIR}: run npm run build:web first (npm run test:e2e does)`);
    const server = await serveDirectory(page.root);
    const browser = await launchChromium();
    env = { fx, browser, server, page, url: (query = "") => `${server.origin}${page.urlPath}${query}` };
  });
  after(async () => {
    await env?.browser.close();
    await env?.server.close();
    removeSnapshot();
  });
  return () => {
    assert.ok(env !== undefined, "the e2e environment is not set up");
    return env;
  };
}
