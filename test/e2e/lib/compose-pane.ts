/**
 * The compose pane as the e2e tests and the compose benchmark drive it: only through its data-test hooks. The store
 * is filled as a user fills it, through the Certificates view of the same pane.
 */
import type { Page } from "playwright-core";
import { VERDICT_TIMEOUT_MS } from "./pane.js";

/** PBKDF2 of an OpenSSL default .p12 in the page: well under this on a slow machine. */
export const IMPORT_TIMEOUT_MS = 30_000;

export interface StoreFiles {
  /** The sender's identity. */
  readonly p12: string;
  readonly password: string;
  /** The recipients' certificates, one PEM file. */
  readonly contacts: string;
  /** The organisation's CA, so that sent mail verifies in the read view. */
  readonly anchor: string;
}

/** Imports the files under Certificates, returns to the compose view and waits until it found the sending identity. */
export async function fillStore(page: Page, files: StoreFiles): Promise<void> {
  await page.locator('[data-test="nav-certificates"]').click();
  await page.locator('[data-test="certificates-view"][data-phase="ready"]').waitFor({ timeout: VERDICT_TIMEOUT_MS });
  await page.setInputFiles('input[type=file][data-test="p12-input"]', files.p12);
  await page.locator('[data-test="p12-password"]').fill(files.password);
  await page.locator('[data-test="p12-import"]').click();
  await page.locator('[data-test="p12-result"][data-outcome="imported"]').waitFor({ timeout: IMPORT_TIMEOUT_MS });
  await page.setInputFiles('input[type=file][data-test="contact-input"]', files.contacts);
  await page.locator('[data-test="contact-result"][data-outcome="imported"]').waitFor({ timeout: VERDICT_TIMEOUT_MS });
  await page.setInputFiles('input[type=file][data-test="anchor-input"]', files.anchor);
  await page.locator('[data-test="anchor-label"]').fill("Inkan Test PKI");
  await page.locator('[data-test="anchor-add"]').click();
  await page.locator('[data-test="anchor-result"][data-outcome="added"]').waitFor({ timeout: VERDICT_TIMEOUT_MS });
  await page.locator('[data-test="nav-read"]').click();
  await waitForComposeReady(page);
}

/** The compose view has read the draft and found the sending identity. */
export async function waitForComposeReady(page: Page): Promise<void> {
  await page.locator('[data-test="compose-identity"][data-state="ready"]').waitFor({ timeout: VERDICT_TIMEOUT_MS });
}

/** The pane's last word on a Send: sent, an error, or too large. */
export const COMPOSE_OUTCOME = '[data-test="compose-sent"], [data-test="compose-error"], [data-test="compose-too-large"]';
