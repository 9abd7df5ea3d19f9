/**
 * The browser the end-to-end tests and the task-pane benchmark drive: the system Chromium (Debian's `chromium`
 * package), never a downloaded one, so that the tests run offline and CI pins the browser with apt.
 */
import { accessSync, constants } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
}

/**
 * Everything that lets the browser talk to the network on its own (updates, sync, field trials, QUIC probes) is off:
 * the tests assert that nothing leaves the machine, and Chromium's own traffic would hide or fake a leak.
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
] as const;

/** Why the browser cannot be started, or null when it can. */
export function chromiumMissing(path = chromiumPath()): string | null {
  try {
    accessSync(path, constants.X_OK);
    return null;
  } catch {
    return `no chromium at ${path} (apt-get install chromium)`;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
}
