/**
 * The task pane inside Outlook's reading pane: the production build with office.js replaced by the mock Outlook host
 * (test/e2e/mock-office.js), the message handed over by getAsFileAsync, every other request aborted and counted.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { newRoutedContext, type Traffic } from "./lib/browser-context.js";
import { itemFromEml, OUTLOOK_HOST_QUERY, type MockCall, type MockItemSpec, type MockOfficeTheme } from "./lib/mock-outlook.js";
import {
  BADGE,
  badgeSpeaksJapanese,
  gotoPane,
  readReport,
  reasonsShown,
  screenshot,
  waitForBadge,
  type Encryption,
  type Status,
} from "./lib/pane.js";
import { SKIP, useE2E } from "./lib/suite.js";

const env = useE2E();

type Lang = "en" | "ja";
const LOCALE: Readonly<Record<Lang, string>> = { en: "en-US", ja: "ja-JP" };

interface StateCase {
  /** The state this case stands for in the screenshots and the test name. */
  readonly state: Status;
  readonly fixture: string;
  /** What the pane must show: differs from `state` only where the pane cannot reach that state (see verified). */
  readonly status: Status;
  readonly encryption: Encryption;
  readonly reasons: readonly string[];
  readonly note?: string;
}

const STATE_CASES: readonly StateCase[] = [
  {
    state: "verified",
    fixture: "detached-rsa",
    status: "untrusted",
    encryption: "none",
    reasons: ["untrusted-root"],
    note:
      "the pane's store starts empty here, so only the built-in public roots are trusted and the test root's " +
      "message is untrusted; verified with an organisation anchor is checked in certificates.e2e.ts",
  },
  { state: "untrusted", fixture: "cert-self-signed", status: "untrusted", encryption: "none", reasons: ["self-signed"] },
  { state: "mismatch", fixture: "from-other-address", status: "mismatch", encryption: "none", reasons: ["email-mismatch"] },
  { state: "invalid", fixture: "tampered-content", status: "invalid", encryption: "none", reasons: ["digest-mismatch"] },
  { state: "partial", fixture: "partial-footer-after", status: "partial", encryption: "none", reasons: ["partially-signed"] },
  { state: "unsigned", fixture: "unsigned", status: "unsigned", encryption: "none", reasons: [] },
];

/** An encrypted message the reader has no key for: the pane must say so apart from the signature status. */
const NO_KEY_CASE = { fixture: "encrypted-to-alice", status: "unsigned", encryption: "no-key" } as const;

function item(fixture: string, extra: Partial<MockItemSpec> = {}): MockItemSpec {
  const eml = readFileSync(join(env().fx.dir, "messages", `${fixture}.eml`));
  return itemFromEml(`AAMkAGE1M2IyNGNmLTk4OTItNDk0Mi1hZDUwLTM2ZGMwNjNkZmQ1MgBGAAAAAAA-${fixture}`, eml, extra);
}

interface Pane {
  readonly context: BrowserContext;
  readonly traffic: Traffic;
  readonly page: Page;
}

/** Office's "White" and "Black" themes as Outlook reports them in Office.OfficeTheme. */
const WHITE_THEME: MockOfficeTheme = {
  bodyBackgroundColor: "#ffffff",
  bodyForegroundColor: "#262626",
  controlBackgroundColor: "#ffffff",
  controlForegroundColor: "#262626",
  themeId: "White",
};
const BLACK_THEME: MockOfficeTheme = {
  bodyBackgroundColor: "#262626",
  bodyForegroundColor: "#ffffff",
  controlBackgroundColor: "#363636",
  controlForegroundColor: "#ffffff",
  themeId: "Black",
};

async function openInOutlook(selected: MockItemSpec | null, lang: Lang = "en", officeTheme?: MockOfficeTheme): Promise<Pane> {
  const { context, traffic } = await newRoutedContext(env().browser, env().server.origin, {
    office: { kind: "mock-outlook", config: { displayLanguage: LOCALE[lang], item: selected, ...(officeTheme ? { officeTheme } : {}) } },
    locale: LOCALE[lang],
  });
  const page = await context.newPage();
  await gotoPane(page, env().url(OUTLOOK_HOST_QUERY));
  return { context, traffic, page };
}

function mockCalls(page: Page): Promise<MockCall[]> {
  return page.evaluate(() => (globalThis as unknown as { __inkanTestOutlook: { calls(): MockCall[] } }).__inkanTestOutlook.calls());
}

function selectItem(page: Page, spec: MockItemSpec | null): Promise<void> {
  return page.evaluate(
    (s) => (globalThis as unknown as { __inkanTestOutlook: { selectItem(s: unknown): void } }).__inkanTestOutlook.selectItem(s),
    spec,
  );
}

async function readRequests(page: Page): Promise<string[]> {
  return (await mockCalls(page)).filter((c) => c.api === "getAsFileAsync").map((c) => c.itemId ?? "");
}

/** Every pane must end without leaving the machine, without uncaught errors, and having loaded office.js. */
async function closeClean({ context, traffic }: Pane): Promise<void> {
  await context.close();
  assert.deepEqual([...traffic.external, ...traffic.officeTelemetry], [], "requests that would have left the machine");
  assert.deepEqual(traffic.pageErrors, [], "uncaught errors in the page");
  assert.ok(traffic.office.length > 0, "the page never asked for office.js");
}

describe("task pane in Outlook (mock host)", { skip: SKIP }, () => {
  for (const c of STATE_CASES) {
    const title = c.note === undefined ? `${c.state}: ${c.fixture}` : `${c.state}: ${c.fixture} shows ${c.status} (${c.note})`;
    it(title, async () => {
      for (const lang of ["en", "ja"] as const) {
        const pane = await openInOutlook(item(c.fixture), lang);
        const { page } = pane;
        const badge = await waitForBadge(page);
        assert.equal(badge.status, c.status, `${lang}: badge status`);
        assert.equal(badge.encryption, c.encryption, `${lang}: badge encryption`);
        const reasons = await reasonsShown(page);
        for (const reason of c.reasons) assert.ok(reasons.includes(reason), `${lang}: ${reason} missing from [${reasons.join(", ")}]`);
        assert.equal(await badgeSpeaksJapanese(page), lang === "ja", `${lang}: the badge is not in the language Outlook runs in`);
        assert.deepEqual(await readRequests(page), [item(c.fixture).itemId], "the message was not read through getAsFileAsync once");
        await screenshot(page, `outlook-${c.status}-${c.fixture}-${lang}`);

        const report = await readReport(page);
        assert.equal(report.status, badge.status, "the report's status differs from the badge");
        assert.equal(report.encryption, badge.encryption, "the report's encryption differs from the badge");
        for (const reason of c.reasons) assert.ok(report.reasons.includes(reason), `${reason} missing from the report`);
        await closeClean(pane);
      }
    });
  }

  it(`${NO_KEY_CASE.encryption}: ${NO_KEY_CASE.fixture} is ${NO_KEY_CASE.status} with the encryption told apart`, async () => {
    for (const lang of ["en", "ja"] as const) {
      const pane = await openInOutlook(item(NO_KEY_CASE.fixture), lang);
      const badge = await waitForBadge(pane.page);
      assert.deepEqual(badge, { status: NO_KEY_CASE.status, encryption: NO_KEY_CASE.encryption });
      await screenshot(pane.page, `outlook-encrypted-no-key-${lang}`);
      await closeClean(pane);
    }
  });

  it("follows ItemChanged: each newly selected message gets its own badge, and none is left when nothing is selected", async () => {
    const pane = await openInOutlook(item("detached-rsa"));
    const { page } = pane;
    await waitForBadge(page, "untrusted");
    const sequence: Array<[string, Status]> = [
      ["tampered-content", "invalid"],
      ["unsigned", "unsigned"],
      ["from-other-address", "mismatch"],
    ];
    for (const [fixture, status] of sequence) {
      await selectItem(page, item(fixture));
      assert.equal((await waitForBadge(page, status)).status, status, fixture);
      assert.equal(await page.locator(BADGE).count(), 1, "more than one badge after switching");
    }
    assert.deepEqual(
      await readRequests(page),
      ["detached-rsa", ...sequence.map(([f]) => f)].map((f) => item(f).itemId),
      "each selected message must be read once",
    );

    await selectItem(page, null);
    await page.locator(BADGE).waitFor({ state: "detached", timeout: 5_000 });
    await closeClean(pane);
  });

  it("drops the verdict of a message that was deselected while it was still being read", async () => {
    const slow = item("detached-rsa", { delayMs: 2_000 });
    const pane = await openInOutlook(slow);
    const { page } = pane;
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { __inkanTestOutlook: { calls(): MockCall[] } }).__inkanTestOutlook
          .calls()
          .some((c) => c.api === "getAsFileAsync"),
    );
    await selectItem(page, item("tampered-content"));
    await waitForBadge(page, "invalid");
    // Past the moment the slow read answers, plus time to verify what it handed over.
    await page.waitForTimeout(3_000);
    const shown = await page.locator(BADGE).evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    assert.deepEqual(shown, ["invalid"], "the deselected message's verdict replaced the selected one's");
    await closeClean(pane);
  });

  it("opens pinned with nothing selected, then checks the message selected next", async () => {
    const pane = await openInOutlook(null);
    const { page } = pane;
    // Let the host settle: nothing to read must not turn into a badge or an error.
    await page.waitForTimeout(500);
    assert.equal(await page.locator(BADGE).count(), 0);
    assert.deepEqual(await readRequests(page), []);
    await selectItem(page, item("partial-footer-after"));
    assert.equal((await waitForBadge(page)).status, "partial");
    await closeClean(pane);
  });

  it("follows Outlook's theme: opens in the Office theme, and changes with OfficeThemeChanged while open", async () => {
    const pane = await openInOutlook(item("cert-self-signed"), "en", BLACK_THEME);
    const { page } = pane;
    await waitForBadge(page);
    const theme = (): Promise<string | null> => page.locator("[data-theme]").first().getAttribute("data-theme");
    assert.equal(await theme(), "dark");
    await page.evaluate(
      (t) => (globalThis as unknown as { __inkanTestOutlook: { setOfficeTheme(t: unknown): void } }).__inkanTestOutlook.setOfficeTheme(t),
      WHITE_THEME,
    );
    await page.waitForFunction(() => document.querySelector("[data-theme]")?.getAttribute("data-theme") === "light");
    await screenshot(page, "outlook-theme-changed-to-white");
    const handlers = (await mockCalls(page)).filter((c) => c.api === "addHandlerAsync").map((c) => c.eventType);
    assert.ok(handlers.includes("officeThemeChanged"), `no OfficeThemeChanged handler among [${handlers.join(", ")}]`);
    await closeClean(pane);
  });
});
