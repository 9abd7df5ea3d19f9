/**
 * Browser contexts whose every request is routed: the test server answers the page's own files, Microsoft's office.js
 * CDN is answered locally (the npm copy of office.js, or the mock Outlook host), and anything else is aborted and
 * recorded, so that a test can assert that nothing would have left the machine.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions } from "playwright-core";
import { REPO_DIR } from "./built-page.js";
import type { MockOfficeConfig } from "./mock-outlook.js";

/** Where taskpane.html loads office.js from in production. */
export const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/";
export const OFFICE_JS_URL = `${OFFICE_CDN}office.js`;
const NPM_OFFICE_DIR = join(REPO_DIR, "node_modules/@microsoft/office-js/dist");
const MOCK_OFFICE_FILE = join(REPO_DIR, "test/e2e/mock-office.js");
/**
 * office.js, loaded outside Office, adds a hidden frame from here three seconds in (the ULS logger in
 * o15apptofilemappingtable.js). It is aborted like any other outside request, and kept apart so that one test can
 * name that leak while the others look for leaks of their own.
 */
export const OFFICE_TELEMETRY_ORIGIN = "https://telemetryservice.firstpartyapps.oaspapps.com";

export type OfficeSource =
  /** The page outside Office: the real office.js loads, finds no host, and the page is the standalone checker. */
  | { readonly kind: "npm-copy" }
  /** The page in Outlook's read-mode task pane. */
  | { readonly kind: "mock-outlook"; readonly config: MockOfficeConfig }
  /** The CDN fails, as it does offline or behind a proxy that blocks it. */
  | { readonly kind: "unreachable" };

export interface Traffic {
  /** Requests for anything but the test server, the locally answered CDN files and `allowOrigins`; each was aborted. */
  readonly external: string[];
  /** Requests let through to one of `allowOrigins` (a local Graph stand-in), in order. */
  readonly allowed: string[];
  /** Requests for office.js's telemetry frame (see OFFICE_TELEMETRY_ORIGIN); aborted too. */
  readonly officeTelemetry: string[];
  /** CDN requests answered from a local copy. */
  readonly office: string[];
  /** Every request any page, frame or worker of the context made, in order, as the browser reported it. */
  readonly all: string[];
  /** Uncaught exceptions in any page of the context. */
  readonly pageErrors: string[];
}

export interface RoutedContext {
  readonly context: BrowserContext;
  readonly traffic: Traffic;
}

export interface ContextOptions {
  readonly office: OfficeSource;
  /** navigator.language and Accept-Language; defaults to en-US. */
  readonly locale?: string;
  readonly permissions?: readonly string[];
  /**
   * Other local servers the page may reach, as origins (`http://127.0.0.1:PORT`): the Microsoft Graph stand-in
   * (mock-graph.ts). Only loopback origins are accepted, so nothing can leave the machine this way.
   */
  readonly allowOrigins?: readonly string[];
  /**
   * When given, the page's config.json (beside taskpane.html) is answered with this JSON; otherwise it is whatever the
   * build holds (none: Graph not configured). See graphConfigJson in mock-outlook.ts.
   */
  readonly configJson?: unknown;
}

const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/;

function npmOfficeFile(url: string): string | null {
  const relative = url.slice(OFFICE_CDN.length).split(/[?#]/)[0] ?? "";
  const file = resolve(NPM_OFFICE_DIR, relative);
  return file.startsWith(NPM_OFFICE_DIR + sep) && existsSync(file) ? file : null;
}

export async function newRoutedContext(browser: Browser, origin: string, options: ContextOptions): Promise<RoutedContext> {
  const traffic: Traffic = { external: [], allowed: [], officeTelemetry: [], office: [], all: [], pageErrors: [] };
  const allowOrigins = options.allowOrigins ?? [];
  for (const allowed of allowOrigins)
    if (!LOOPBACK_ORIGIN.test(allowed)) throw new Error(`allowOrigins takes loopback origins only, not ${allowed}`);
  const contextOptions: BrowserContextOptions = {
    locale: options.locale ?? "en-US",
    // Task-pane width: Outlook on the web opens add-ins about 350-450 px wide.
    viewport: { width: 420, height: 900 },
    // Fluent skips its animations, so a screenshot never catches a panel half open.
    reducedMotion: "reduce",
    serviceWorkers: "block",
  };
  const context = await browser.newContext(contextOptions);
  if (options.permissions !== undefined) await context.grantPermissions([...options.permissions], { origin });
  const mockOffice = options.office.kind === "mock-outlook" ? readFileSync(MOCK_OFFICE_FILE, "utf8") : null;
  if (options.office.kind === "mock-outlook") {
    await context.addInitScript({ content: `globalThis.__inkanMockOfficeConfig = ${JSON.stringify(options.office.config)};` });
  }

  context.on("request", (request) => traffic.all.push(request.url()));
  context.on("page", (page) => {
    page.on("pageerror", (error) => traffic.pageErrors.push(error.message));
    page.on("websocket", (ws) => traffic.external.push(ws.url()));
  });

  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) {
      if (options.configJson !== undefined && new URL(url).pathname.endsWith("/config.json"))
        return route.fulfill({ body: JSON.stringify(options.configJson), contentType: "application/json" });
      return route.continue();
    }
    if (allowOrigins.some((allowed) => url.startsWith(`${allowed}/`))) {
      traffic.allowed.push(url);
      return route.continue();
    }
    if (url.startsWith(OFFICE_CDN)) {
      if (mockOffice !== null && url.split(/[?#]/)[0] === OFFICE_JS_URL) {
        traffic.office.push(url);
        return route.fulfill({ body: mockOffice, contentType: "text/javascript; charset=utf-8" });
      }
      const file = options.office.kind === "npm-copy" ? npmOfficeFile(url) : null;
      if (file !== null) {
        traffic.office.push(url);
        return route.fulfill({ path: file, contentType: file.endsWith(".js") ? "text/javascript; charset=utf-8" : undefined });
      }
      if (options.office.kind === "unreachable" && url.split(/[?#]/)[0] === OFFICE_JS_URL) {
        // The failure the test asked for, not a leak.
        return route.abort("internetdisconnected");
      }
    }
    (url.startsWith(`${OFFICE_TELEMETRY_ORIGIN}/`) ? traffic.officeTelemetry : traffic.external).push(url);
    return route.abort("blockedbyclient");
  });
  return { context, traffic };
}
