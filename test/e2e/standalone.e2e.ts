/**
 * The standalone checker: the production page opened in a browser outside Office. office.js is the npm copy served in
 * place of Microsoft's CDN (or the CDN fails); messages come from the file input or a drop.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { newRoutedContext, OFFICE_TELEMETRY_ORIGIN, type OfficeSource, type Traffic } from "./lib/browser-context.js";
import {
  BADGE,
  badgeSpeaksJapanese,
  EML_INPUT,
  gotoPane,
  pickSample,
  readReport,
  reasonsShown,
  screenshot,
  STATUSES,
  waitForBadge,
  type Encryption,
  type Status,
} from "./lib/pane.js";
import { SKIP, useE2E } from "./lib/suite.js";

const env = useE2E();

const CHOSEN: ReadonlyArray<{ fixture: string; status: Status; encryption: Encryption }> = [
  { fixture: "detached-rsa", status: "untrusted", encryption: "none" },
  { fixture: "opaque-rsa", status: "untrusted", encryption: "none" },
  { fixture: "tampered-content", status: "invalid", encryption: "none" },
  { fixture: "from-other-address", status: "mismatch", encryption: "none" },
  { fixture: "partial-footer-after", status: "partial", encryption: "none" },
  { fixture: "unsigned", status: "unsigned", encryption: "none" },
  { fixture: "sign-then-encrypt", status: "unsigned", encryption: "no-key" },
];

/**
 * The "Try a sample" message of each state. The page trusts the test root for these files only; the project's
 * fixtures are what the build copies, so the names are the fixtures'.
 */
const SAMPLE_OF: Readonly<Record<Status, string>> = {
  verified: "detached-rsa",
  untrusted: "cert-self-signed",
  mismatch: "from-other-address",
  invalid: "tampered-content",
  partial: "partial-footer-after",
  unsigned: "unsigned",
};

/** Outside Office the detection gives up on office.js at once when its download fails; this bounds "at once". */
const OFFLINE_START_LIMIT_MS = 1_500;
/** office.js's logger adds its telemetry frame 3 s after loading outside Office; this waits past that, with margin. */
const OFFICE_TELEMETRY_DELAY_MS = 3_000 + 1_500;

interface Pane {
  readonly context: BrowserContext;
  readonly traffic: Traffic;
  readonly page: Page;
}

async function openStandalone(
  office: OfficeSource = { kind: "npm-copy" },
  permissions?: readonly string[],
  locale = "en-US",
): Promise<Pane> {
  const { context, traffic } = await newRoutedContext(env().browser, env().server.origin, { office, permissions, locale });
  const page = await context.newPage();
  await gotoPane(page, env().url());
  await page.locator(EML_INPUT).waitFor({ state: "attached" });
  return { context, traffic, page };
}

function messageFile(fixture: string): string {
  return join(env().fx.dir, "messages", `${fixture}.eml`);
}

async function choose(page: Page, fixture: string, status: Status): Promise<void> {
  await page.setInputFiles(EML_INPUT, messageFile(fixture));
  await waitForBadge(page, status);
}

/**
 * Every pane must end without leaving the machine and without uncaught errors. office.js's telemetry frame is left to
 * its own test below, so that one cause fails one test.
 */
async function closeClean({ context, traffic }: Pane): Promise<void> {
  await context.close();
  assert.deepEqual(traffic.external, [], "requests that would have left the machine");
  assert.deepEqual(traffic.pageErrors, [], "uncaught errors in the page");
}

describe("standalone checker page", { skip: SKIP }, () => {
  it("in a browser tab of its own loads no office.js, and checks each file chosen through the input", async () => {
    const pane = await openStandalone();
    const { page, traffic } = pane;
    assert.deepEqual(traffic.office, [], "office.js was requested where no Office host can be");
    assert.equal(await page.evaluate(() => typeof (globalThis as { Office?: unknown }).Office), "undefined");
    assert.equal(await page.locator(BADGE).count(), 0, "a badge before any message was opened");
    await screenshot(page, "standalone-empty-en");

    for (const c of CHOSEN) {
      await page.setInputFiles(EML_INPUT, messageFile(c.fixture));
      const badge = await waitForBadge(page, c.status);
      assert.equal(badge.encryption, c.encryption, `${c.fixture}: encryption`);
      assert.equal(await page.locator(BADGE).count(), 1, `${c.fixture}: more than one badge`);
      const report = await readReport(page);
      assert.equal(report.status, c.status, `${c.fixture}: the report's status differs from the badge`);
      assert.equal(report.encryption, c.encryption, `${c.fixture}: the report's encryption differs from the badge`);
      await screenshot(page, `standalone-${c.fixture}-en`);
    }

    // The same file chosen twice in a row is checked again, not ignored by the input.
    await choose(page, "unsigned", "unsigned");
    await page.setInputFiles(EML_INPUT, messageFile("tampered-content"));
    await waitForBadge(page, "invalid");
    await page.setInputFiles(EML_INPUT, messageFile("tampered-content"));
    await waitForBadge(page, "invalid");
    await closeClean(pane);
  });

  it("checks a message dropped onto the page", async () => {
    const pane = await openStandalone();
    const { page } = pane;
    const zone = (await page.locator('[data-test="drop-zone"]').count()) > 0 ? '[data-test="drop-zone"]' : '[data-test="app"]';
    const drop = async (fixture: string): Promise<void> => {
      const dataTransfer = await page.evaluateHandle(
        ({ b64, name }) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], name, { type: "message/rfc822" }));
          return transfer;
        },
        { b64: readFileSync(messageFile(fixture)).toString("base64"), name: `${fixture}.eml` },
      );
      for (const type of ["dragenter", "dragover", "drop"]) await page.dispatchEvent(zone, type, { dataTransfer });
      await dataTransfer.dispose();
    };
    await drop("tampered-content");
    assert.equal((await waitForBadge(page, "invalid")).status, "invalid");
    await drop("detached-rsa");
    assert.equal((await waitForBadge(page, "untrusted")).status, "untrusted");
    assert.ok((await reasonsShown(page)).includes("untrusted-root"));
    await closeClean(pane);
  });

  it("copies a report whose JSON matches the badge", async () => {
    const pane = await openStandalone({ kind: "npm-copy" }, ["clipboard-read", "clipboard-write"]);
    const { page } = pane;
    await choose(page, "from-other-address", "mismatch");
    const shown = await readReport(page);
    assert.equal(shown.status, "mismatch");
    assert.equal(shown.encryption, "none");
    assert.ok(shown.reasons.includes("email-mismatch"), `reasons: ${shown.reasons.join(", ")}`);

    await page.locator('[data-test="details"] button[aria-expanded="false"]').click();
    await page.evaluate(() => navigator.clipboard.writeText(""));
    await page.locator('[data-test="copy-report"]').click();
    await page.waitForFunction(async () => (await navigator.clipboard.readText()) !== "", undefined, { timeout: 5_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    // The copy is the report in words for a ticket, then the JSON as shown: the JSON is its last block.
    const jsonStart = copied.search(/^\{/m);
    assert.ok(jsonStart >= 0, `no JSON in the copied report:\n${copied}`);
    const copiedJson = JSON.parse(copied.slice(jsonStart)) as typeof shown;
    assert.deepEqual(copiedJson, shown, "the copied JSON differs from the report shown");
    assert.equal(copiedJson.status, await page.locator(BADGE).getAttribute("data-status"));
    assert.match(copied.slice(0, jsonStart), /\[mismatch\]/, "the words of the report do not name the status code");
    await closeClean(pane);
  });

  for (const lang of ["en", "ja"] as const) {
    it(`offers a sample of each state, verified included (${lang})`, async () => {
      const pane = await openStandalone({ kind: "npm-copy" }, undefined, lang === "ja" ? "ja-JP" : "en-US");
      const { page } = pane;
      for (const status of STATUSES) {
        const fixture = SAMPLE_OF[status];
        const badge = await pickSample(page, fixture);
        assert.deepEqual(badge, { status, encryption: "none" }, `sample ${fixture}`);
        assert.equal((await readReport(page)).status, status);
        assert.equal(await badgeSpeaksJapanese(page), lang === "ja", "the badge is not in the browser's language");
        await screenshot(page, `standalone-sample-${status}-${lang}`);
      }
      await closeClean(pane);
    });
  }

  it("trusts the samples' root for the samples only, not for other mail of the same PKI", async () => {
    const pane = await openStandalone();
    const { page } = pane;
    assert.equal((await pickSample(page, SAMPLE_OF.verified)).status, "verified");
    // The same signer and root, another message: chosen by the user, so the built-in roots alone decide.
    await choose(page, "opaque-rsa", "untrusted");
    assert.ok((await reasonsShown(page)).includes("untrusted-root"));
    // Even the very file of the verified sample, when it comes from the user and not from the sample menu.
    await choose(page, SAMPLE_OF.verified, "untrusted");
    await closeClean(pane);
  });

  it("sends nothing to Microsoft's telemetry when opened in a browser tab", async () => {
    const pane = await openStandalone();
    await choose(pane.page, "detached-rsa", "untrusted");
    await pane.page.waitForTimeout(OFFICE_TELEMETRY_DELAY_MS);
    assert.deepEqual(
      pane.traffic.officeTelemetry,
      [],
      `office.js, loaded outside Office, opened its telemetry frame (${OFFICE_TELEMETRY_ORIGIN}): the standalone page ` +
        "must not load office.js, or not let it run its logger, when no Office host is around",
    );
    await closeClean(pane);
  });

  it("starts at once and works when Microsoft's CDN is unreachable", async () => {
    const pane = await openStandalone({ kind: "unreachable" });
    // On the page's own clock (from navigation start), so that the time the test takes to set up is not charged.
    const elapsed = await pane.page.evaluate(() => performance.now());
    assert.ok(elapsed < OFFLINE_START_LIMIT_MS, `the page took ${elapsed.toFixed(0)} ms to start`);
    await choose(pane.page, "detached-rsa", "untrusted");
    await closeClean(pane);
  });

  it("shows no file input in compose mode", async () => {
    const { context, traffic } = await newRoutedContext(env().browser, env().server.origin, { office: { kind: "unreachable" } });
    const page = await context.newPage();
    await gotoPane(page, env().url("?mode=compose"));
    assert.equal(await page.locator(EML_INPUT).count(), 0);
    await closeClean({ context, traffic, page });
  });
});
