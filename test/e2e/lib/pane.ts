/**
 * The task pane as the tests see it: only through the hooks the product keeps stable (data-test attributes on the
 * badge, the file input and the report), never through display text.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { REPO_DIR } from "./built-page.js";

export const STATUSES = ["verified", "untrusted", "mismatch", "invalid", "partial", "unsigned"] as const;
export type Status = (typeof STATUSES)[number];
export const ENCRYPTIONS = ["none", "decrypted", "no-key", "failed"] as const;
export type Encryption = (typeof ENCRYPTIONS)[number];

export const BADGE = '[data-test="verdict-badge"]';
export const EML_INPUT = 'input[type=file][data-test="eml-input"]';
export const REPORT_JSON = '[data-test="report-json"]';
const APP = '[data-test="app"]';

export const SCREENSHOT_DIR = join(REPO_DIR, "test-results/e2e");

/** Long enough for the engine to verify a small message on a slow CI machine, short enough to fail a hang quickly. */
export const VERDICT_TIMEOUT_MS = 15_000;

export async function gotoPane(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator(APP).waitFor({ timeout: VERDICT_TIMEOUT_MS });
}

export interface BadgeState {
  readonly status: string | null;
  readonly encryption: string | null;
}

/** Waits for the badge, for one with `status` when given, and reads its state. */
export async function waitForBadge(page: Page, status?: Status): Promise<BadgeState> {
  const selector = status === undefined ? BADGE : `${BADGE}[data-status="${status}"]`;
  const badge = page.locator(selector);
  try {
    await badge.waitFor({ timeout: VERDICT_TIMEOUT_MS });
  } catch (error) {
    const shown = await page.locator(BADGE).evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    throw new Error(`no ${selector} within ${VERDICT_TIMEOUT_MS} ms; badges shown: [${shown.join(", ")}]`, { cause: error });
  }
  // The rest of the result (signer, reasons, content, details) follows the badge by one render.
  await page.locator('[data-test="result"] [data-test="details"]').waitFor({ timeout: VERDICT_TIMEOUT_MS });
  return badgeState(badge);
}

async function badgeState(badge: Locator): Promise<BadgeState> {
  return {
    status: await badge.getAttribute("data-status"),
    encryption: await badge.getAttribute("data-encryption"),
  };
}

/** The reason codes the pane lists. */
export function reasonsShown(page: Page): Promise<string[]> {
  return page.locator('[data-test="reason"][data-reason]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute("data-reason") ?? ""))]);
}

/** Opens every closed section of the pane (details, help), as a reader who wants to see everything would. */
export async function openAllSections(page: Page): Promise<void> {
  for (const button of await page.locator('button[aria-expanded="false"]:not([aria-haspopup])').all()) {
    if (await button.isVisible()) await button.click();
  }
}

/** Picks one of the standalone page's "Try a sample" messages and waits for its badge. */
export async function pickSample(page: Page, fixture: string): Promise<BadgeState> {
  await page.locator('[data-test="sample-menu"]').click();
  const item = page.locator(`[data-test="sample"][data-sample="${fixture}"]`);
  const status = (await item.getAttribute("data-status")) as Status | null;
  await item.click();
  return waitForBadgeOf(page, fixture, status ?? undefined);
}

async function waitForBadgeOf(page: Page, fixture: string, status: Status | undefined): Promise<BadgeState> {
  await page.locator('[data-test="file-name"]', { hasText: `${fixture}.eml` }).waitFor({ timeout: VERDICT_TIMEOUT_MS });
  return waitForBadge(page, status);
}

/** The copyable report as the pane shows it. */
export interface Report {
  readonly status: string;
  readonly reasons: readonly string[];
  readonly encryption: string;
  readonly [key: string]: unknown;
}

/**
 * The report JSON, parsed. The report may sit in a part of the pane that is rendered only when opened (the details
 * accordion): when it is not in the page, the details are opened first.
 */
export async function readReport(page: Page): Promise<Report> {
  const report = page.locator(REPORT_JSON);
  if ((await report.count()) === 0) {
    const details = page.locator('[data-test="details"] button[aria-expanded="false"]');
    for (const button of await details.all()) await button.click();
  }
  await report.first().waitFor({ state: "attached", timeout: 5_000 });
  const text = await report.first().evaluate((e) => (e instanceof HTMLTextAreaElement || e instanceof HTMLInputElement ? e.value : e.textContent) ?? "");
  return JSON.parse(text) as Report;
}

/** Whether a visible text of the badge is written in Japanese (kana or kanji). */
export async function badgeSpeaksJapanese(page: Page): Promise<boolean> {
  const text = (await page.locator(BADGE).innerText()) ?? "";
  return /[\u3040-\u30ff\u3400-\u9fff]/u.test(text);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
