/**
 * Browser smoke test of the standalone checker page: the production build in Debian's Chromium, office.js served from
 * the npm copy in place of Microsoft's CDN (no other network), a generated message opened through the file input.
 *
 *   npm run test:e2e            (builds dist/web first)
 *   CHROMIUM=/path/to/chrome    to use another browser binary; E2E_SCREENSHOTS=dir to keep the screenshots elsewhere
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { STATUS_DISPLAY } from "../../src/taskpane/status-display.js";
import { ensureFixtures, GENERATED_DIR } from "../fixtures/generate.js";

const ROOT = join(import.meta.dirname, "../..");
const WEB = join(ROOT, "dist/web");
const OFFICE_JS = join(ROOT, "node_modules/@microsoft/office-js/dist");
const CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/";
const SHOTS = process.env.E2E_SCREENSHOTS ?? tmpdir();
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".png": "image/png",
  ".xml": "application/xml",
  ".map": "application/json",
};

let server: Server;
let origin: string;
let browser: Browser;

function serveDist(): Promise<Server> {
  const s = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(WEB, path);
    if (!file.startsWith(WEB) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}

/** Routes the CDN to the npm copy of office.js (and nothing else anywhere), or makes it fail like an offline CDN. */
async function newContext(officeJs: "npm-copy" | "unreachable"): Promise<BrowserContext> {
  // Reduced motion: Fluent skips its animations, so screenshots never catch a panel half open.
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 420, height: 900 }, reducedMotion: "reduce" });
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(origin)) return route.continue();
    if (officeJs === "npm-copy" && url.startsWith(CDN)) {
      const file = join(OFFICE_JS, url.slice(CDN.length).split("?")[0]!);
      if (existsSync(file)) return route.fulfill({ path: file, contentType: "text/javascript" });
    }
    return route.abort("internetdisconnected");
  });
  return context;
}

async function openPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${origin}/taskpane.html`);
  await page.waitForSelector('[data-test="app"]');
  return { page, errors };
}

async function check(page: Page, fixture: string): Promise<string> {
  await page.setInputFiles('[data-test="eml-input"]', join(GENERATED_DIR, "messages", `${fixture}.eml`));
  await page.waitForSelector(`[data-test="file-name"]:has-text("${fixture}.eml")`);
  const badge = page.locator('[data-test="verdict-badge"]');
  await badge.waitFor();
  return (await badge.getAttribute("data-status")) ?? "";
}

before(async () => {
  await ensureFixtures();
  assert.ok(existsSync(join(WEB, "taskpane.html")), "dist/web is missing: run npm run build:web first");
  server = await serveDist();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

describe("standalone checker page", () => {
  it("runs standalone beside office.js outside Office, and shows the verdict of a dropped-in message", async () => {
    const context = await newContext("npm-copy");
    const { page, errors } = await openPage(context);
    assert.equal(await page.getAttribute('[data-test="app"]', "data-host"), "standalone");
    assert.equal(await page.evaluate(() => typeof (globalThis as { Office?: unknown }).Office), "object", "office.js did not load");

    assert.equal(await check(page, "detached-rsa"), "untrusted");
    assert.equal(await page.textContent('[data-test="verdict-label"]'), STATUS_DISPLAY.untrusted.en.label);
    const reasons = await page.locator('[data-test="reason"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-reason")));
    assert.ok(reasons.includes("untrusted-root"), `reasons: ${reasons.join(", ")}`);
    assert.ok(((await page.textContent('[data-test="signer-email"]')) ?? "").includes("@"));
    await page.click('[data-test="details"] button');
    await page.waitForSelector('[data-test="layer"][data-kind="multipart-signed"]');
    await page.screenshot({ path: join(SHOTS, "inkan-standalone-untrusted.png"), fullPage: true });

    await page.click('[data-test="lang-ja"]');
    assert.equal(await page.textContent('[data-test="verdict-label"]'), STATUS_DISPLAY.untrusted.ja.label);
    await page.screenshot({ path: join(SHOTS, "inkan-standalone-untrusted-ja.png"), fullPage: true });
    await page.click('[data-test="lang-en"]');

    assert.equal(await check(page, "tampered-content"), "invalid");
    assert.equal(await check(page, "from-other-address"), "mismatch");
    assert.equal(await check(page, "partial-footer-after"), "partial");
    assert.equal(await check(page, "unsigned"), "unsigned");
    await page.screenshot({ path: join(SHOTS, "inkan-standalone-unsigned.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("works, and does not wait out the detection timeout, when the CDN is unreachable", async () => {
    const context = await newContext("unreachable");
    const started = Date.now();
    const { page, errors } = await openPage(context);
    assert.ok(Date.now() - started < 1500, `the page took ${Date.now() - started} ms to start`);
    assert.equal(await page.getAttribute('[data-test="app"]', "data-host"), "standalone");
    assert.equal(await check(page, "detached-rsa"), "untrusted");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("shows the compose placeholder with ?mode=compose", async () => {
    const context = await newContext("unreachable");
    const page = await context.newPage();
    await page.goto(`${origin}/taskpane.html?mode=compose`);
    await page.waitForSelector('[data-test="app"]');
    assert.equal(await page.locator('[data-test="eml-input"]').count(), 0);
    await context.close();
  });
});
