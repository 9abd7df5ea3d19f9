/**
 * The task-pane benchmark: how much JavaScript the built page loads before anyone does anything, and how long a
 * reader waits from opening the pane on a 100 KB signed message to seeing its badge, beside what the engine alone
 * takes to verify the same message in a warm Node process. Runs the production build in headless Chromium, with
 * office.js replaced by the mock Outlook host of the e2e tests; nothing leaves the machine.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { createVerifier } from "../../src/core/verify-message.js";
import { ensureFixtures } from "../../test/fixtures/generate.js";
import { newRoutedContext, OFFICE_CDN, type OfficeSource, type Traffic } from "../../test/e2e/lib/browser-context.js";
import { REPO_DIR, snapshotBuild } from "../../test/e2e/lib/built-page.js";
import { chromiumMissing, launchChromium } from "../../test/e2e/lib/chromium.js";
import { itemFromEml, OUTLOOK_HOST_QUERY } from "../../test/e2e/lib/mock-outlook.js";
import { serveDirectory, type StaticServer } from "../../test/e2e/lib/static-server.js";
import { ensureWebBuild } from "../lib/build.js";
import { makeSignedMessage } from "./message.js";

/** What run.ts hands every benchmark. */
export interface TaskpaneBenchContext {
  readonly args: readonly string[];
  readonly log: (line: string) => void;
}

const OUT_DIR = join(REPO_DIR, "bench/out");
const RESULTS_FILE = join(OUT_DIR, "taskpane-results.json");
const MESSAGE_BYTES = 100 * 1024;
/** Fresh browser contexts (cold cache, cold code cache) per measured run, after one discarded warm-up. */
const BROWSER_RUNS = 7;
const ENGINE_RUNS = 15;
/** Switches in the open pane before timing: the first ones still compile code paths the cold badge did not take. */
const SWITCH_WARM_UP = 2;
const ENGINE_WARM_UP = 3;
/** The project's targets. */
const TARGET_INITIAL_JS_GZIP_BYTES = 300 * 1024;
const TARGET_BADGE_VERIFY_FACTOR = 2;
/** A badge slower than this is a hang, not a measurement. */
const BADGE_TIMEOUT_MS = 60_000;
/** The level bundle-size budgets are usually stated at; servers commonly use 6, a few percent larger. */
const GZIP_LEVEL = 9;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (x: number): string => `${x.toFixed(0)} ms`;
const verdictWord = (met: boolean): string => (met ? "met" : "MISSED");

interface ScriptLoad {
  readonly url: string;
  readonly rawBytes: number;
  readonly gzipBytes: number;
  /** `<link rel=prefetch>`: downloaded while idle, run only when the code is asked for. */
  readonly prefetch: boolean;
}

/** Every JavaScript response of a page until `settled` resolves, with its gzip size. */
async function recordScripts(page: Page, settled: () => Promise<void>): Promise<ScriptLoad[]> {
  const pending: Promise<ScriptLoad | null>[] = [];
  page.on("response", (response) => {
    const request = response.request();
    const type = request.resourceType();
    const isJs = type === "script" || /\.m?js(\?|$)/.test(new URL(response.url()).pathname);
    if (!isJs || response.status() !== 200) return;
    pending.push(
      response
        .body()
        .then((body) => ({
          url: response.url(),
          rawBytes: body.length,
          gzipBytes: gzipSync(body, { level: GZIP_LEVEL }).length,
          prefetch: type !== "script",
        }))
        .catch(() => null),
    );
  });
  await settled();
  // A prefetched chunk answers again when it is run (from the prefetch cache): one file, counted once.
  const byUrl = new Map<string, ScriptLoad>();
  for (const s of await Promise.all(pending)) {
    if (s === null) continue;
    const seen = byUrl.get(s.url);
    byUrl.set(s.url, seen === undefined ? s : { ...seen, prefetch: seen.prefetch && s.prefetch });
  }
  return [...byUrl.values()];
}

interface PaneTimes {
  /** Navigation start to the pane's first render. */
  readonly shownMs: number;
  /** Navigation start to the load event. */
  readonly loadEventMs: number;
  /** Navigation start to the verdict badge. */
  readonly badgeMs: number;
  readonly status: string;
  /** The pane's own `inkan:<step>` User Timing marks (src/taskpane/timing.ts), navigation start to each step. */
  readonly steps: Readonly<Record<string, number>>;
}

/** Installed before any page script: notes, on the page's own clock, when the pane and the badge first appear. */
const MARKS_SCRIPT = `(() => {
  const marks = (globalThis.__inkanBenchMarks = {});
  const watch = new MutationObserver(() => {
    if (marks.shown === undefined && document.querySelector('[data-test="app"]')) marks.shown = performance.now();
    if (marks.badge === undefined && document.querySelector('[data-test="verdict-badge"]')) {
      marks.badge = performance.now();
      watch.disconnect();
    }
  });
  watch.observe(document, { childList: true, subtree: true });
})();`;

async function openPane(browser: Browser, server: StaticServer, url: string, office: OfficeSource) {
  const { context, traffic } = await newRoutedContext(browser, server.origin, { office });
  await context.addInitScript({ content: MARKS_SCRIPT });
  const page = await context.newPage();
  return { context, traffic, page, go: () => page.goto(url) };
}

/** Waits for the badge; when none comes, says what the pane showed instead, which is what needs fixing. */
async function waitForBadge(page: Page, traffic: Traffic): Promise<void> {
  try {
    await page.locator('[data-test="verdict-badge"]').waitFor({ timeout: BADGE_TIMEOUT_MS });
  } catch {
    const phase = await page.locator('[data-test="result"]').getAttribute("data-phase").catch(() => null);
    const host = await page.locator('[data-test="app"]').getAttribute("data-host").catch(() => null);
    throw new Error(
      `bench taskpane: no badge within ${BADGE_TIMEOUT_MS} ms (pane host ${host ?? "?"}, phase ${phase ?? "?"}, ` +
        `office.js requests ${traffic.office.length}, errors: ${traffic.pageErrors.join("; ") || "none"})`,
    );
  }
}

async function timeToBadge(browser: Browser, server: StaticServer, url: string, office: OfficeSource): Promise<PaneTimes> {
  const { context, traffic, page, go } = await openPane(browser, server, url, office);
  try {
    await go();
    await waitForBadge(page, traffic);
    const marks = await page.evaluate(() => {
      const m = (globalThis as unknown as { __inkanBenchMarks: { shown?: number; badge?: number } }).__inkanBenchMarks;
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      const steps = Object.fromEntries(
        performance
          .getEntriesByType("mark")
          .filter((e) => e.name.startsWith("inkan:"))
          .map((e) => [e.name.slice("inkan:".length), e.startTime]),
      );
      return { shown: m.shown ?? null, badge: m.badge ?? null, loadEvent: nav?.loadEventEnd ?? null, steps };
    });
    if (marks.badge === null || marks.shown === null) throw new Error("bench taskpane: the page marks were not recorded");
    if (traffic.external.length > 0) throw new Error(`bench taskpane: the pane reached outside: ${traffic.external.join(", ")}`);
    return {
      shownMs: marks.shown,
      badgeMs: marks.badge,
      loadEventMs: marks.loadEvent ?? Number.NaN,
      status: (await page.locator('[data-test="verdict-badge"]').getAttribute("data-status")) ?? "",
      steps: marks.steps,
    };
  } finally {
    await context.close();
  }
}

/**
 * In a pane that already shows a badge: selecting another message (ItemChanged) to its badge, on the page's clock.
 * The code is loaded and compiled and the built-in roots are parsed by then, so this is the pane's own verify time.
 */
async function switchTimes(browser: Browser, server: StaticServer, url: string, office: OfficeSource & { kind: "mock-outlook" }): Promise<number[]> {
  const { context, traffic, page, go } = await openPane(browser, server, url, office);
  try {
    await go();
    await waitForBadge(page, traffic);
    const times: number[] = [];
    for (let i = 0; i < SWITCH_WARM_UP + BROWSER_RUNS; i++) {
      const item = { ...office.config.item!, itemId: `${office.config.item!.itemId}-${i}` };
      const elapsed = await page.evaluate(
        ({ spec, timeoutMs }) =>
          new Promise<number | null>((resolve) => {
            const old = document.querySelector('[data-test="verdict-badge"]');
            const started = performance.now();
            const watch = new MutationObserver(() => {
              const badge = document.querySelector('[data-test="verdict-badge"]');
              if (badge !== null && badge !== old) {
                watch.disconnect();
                resolve(performance.now() - started);
              }
            });
            watch.observe(document, { childList: true, subtree: true });
            setTimeout(() => resolve(null), timeoutMs);
            (globalThis as unknown as { __inkanTestOutlook: { selectItem(s: unknown): void } }).__inkanTestOutlook.selectItem(spec);
          }),
        { spec: item, timeoutMs: BADGE_TIMEOUT_MS },
      );
      if (elapsed === null) throw new Error("bench taskpane: no new badge after selecting another message");
      if (i >= SWITCH_WARM_UP) times.push(elapsed);
    }
    return times;
  } finally {
    await context.close();
  }
}

async function engineVerifyTimes(eml: Uint8Array): Promise<{ readonly times: number[]; readonly status: string }> {
  // As the pane does it: one verifier with the built-in roots, made once and reused.
  const verifier = createVerifier();
  let status = "";
  for (let i = 0; i < ENGINE_WARM_UP; i++) status = (await verifier.verify(eml)).status;
  const times: number[] = [];
  for (let i = 0; i < ENGINE_RUNS; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    const verdict = await verifier.verify(eml);
    times.push(performance.now() - started);
    if (verdict.status !== status) throw new Error(`bench taskpane: the engine said ${verdict.status}, then ${status}`);
  }
  return { times, status };
}

/** The step marks the runs recorded, in the order they came in the first run. */
function stepNames(runs: readonly PaneTimes[]): string[] {
  const names = new Set(runs.flatMap((r) => Object.keys(r.steps)));
  const first = runs[0]?.steps ?? {};
  return [...names].sort((a, b) => (first[a] ?? Infinity) - (first[b] ?? Infinity));
}

function scriptLines(scripts: readonly ScriptLoad[], origin: string): string[] {
  return scripts.map((s) => {
    const name = s.url.startsWith(OFFICE_CDN) ? s.url.slice(OFFICE_CDN.length) : s.url.slice(origin.length + 1).split("?")[0]!;
    return `    ${name.padEnd(44)} ${kb(s.gzipBytes).padStart(10)} ${kb(s.rawBytes).padStart(11)}`;
  });
}

export async function runTaskpaneBench(ctx: TaskpaneBenchContext): Promise<string> {
  const missing = chromiumMissing();
  if (missing !== null) {
    const line = `taskpane: skipped: ${missing}`;
    ctx.log(line);
    return line;
  }
  ensureWebBuild("taskpane", ctx.log);
  const fx = await ensureFixtures();
  const message = makeSignedMessage(fx, MESSAGE_BYTES, join(OUT_DIR, "taskpane"));
  ctx.log(`bench taskpane: ${message.file} (${message.bytes.length} bytes)`);

  const snapshot = snapshotBuild();
  if (snapshot.page === null) throw new Error("bench taskpane: no taskpane.html after the build");
  const server = await serveDirectory(snapshot.page.root);
  const browser = await launchChromium();
  try {
    const url = `${server.origin}${snapshot.page.urlPath}`;
    const version = browser.version();

    // Initial JavaScript: the page as the standalone checker, nobody touching it, until the network is quiet.
    ctx.log("bench taskpane: initial JavaScript");
    const standalone = await openPane(browser, server, url, { kind: "npm-copy" });
    const initial = await recordScripts(standalone.page, async () => {
      await standalone.go();
      await standalone.page.locator('[data-test="app"]').waitFor();
      await standalone.page.waitForLoadState("networkidle");
    });
    await standalone.context.close();
    const ours = initial.filter((s) => s.url.startsWith(`${server.origin}/`));
    const run = ours.filter((s) => !s.prefetch);
    const prefetched = ours.filter((s) => s.prefetch);
    const microsoft = initial.filter((s) => s.url.startsWith(OFFICE_CDN));
    const initialGzip = run.reduce((n, s) => n + s.gzipBytes, 0);
    const initialRaw = run.reduce((n, s) => n + s.rawBytes, 0);

    // What the Outlook read pane loads on its way to the first badge (a message is selected: no interaction needed).
    const outlookUrl = `${url}${OUTLOOK_HOST_QUERY}`;
    const item = itemFromEml("AAMkAGbench", message.bytes);
    const outlook: OfficeSource = { kind: "mock-outlook", config: { displayLanguage: "en-US", item } };
    const toBadge = await openPane(browser, server, outlookUrl, outlook);
    const badgeScripts = await recordScripts(toBadge.page, async () => {
      await toBadge.go();
      await waitForBadge(toBadge.page, toBadge.traffic);
    });
    await toBadge.context.close();
    const badgeOurs = badgeScripts.filter((s) => s.url.startsWith(`${server.origin}/`));
    const badgeGzip = badgeOurs.reduce((n, s) => n + s.gzipBytes, 0);

    ctx.log(`bench taskpane: time to badge, 1 warm-up + ${BROWSER_RUNS} runs`);
    await timeToBadge(browser, server, outlookUrl, outlook);
    const runs: PaneTimes[] = [];
    for (let i = 0; i < BROWSER_RUNS; i++) runs.push(await timeToBadge(browser, server, outlookUrl, outlook));

    ctx.log(`bench taskpane: another message selected in the open pane, ${SWITCH_WARM_UP} warm-up + ${BROWSER_RUNS} runs`);
    const switches = await switchTimes(browser, server, outlookUrl, outlook as OfficeSource & { kind: "mock-outlook" });

    ctx.log(`bench taskpane: engine verify in this process, ${ENGINE_WARM_UP} warm-up + ${ENGINE_RUNS} runs`);
    const engine = await engineVerifyTimes(new Uint8Array(message.bytes));
    const statuses = new Set(runs.map((r) => r.status));
    if (statuses.size !== 1 || !statuses.has(engine.status))
      throw new Error(`bench taskpane: the pane said ${[...statuses].join("/")}, the engine ${engine.status}`);

    const shown = median(runs.map((r) => r.shownMs));
    const badge = median(runs.map((r) => r.badgeMs));
    const loadEvent = median(runs.map((r) => r.loadEventMs));
    const inPane = median(runs.map((r) => r.badgeMs - r.shownMs));
    const verify = median(engine.times);
    const switched = median(switches);
    // The acceptance measures "time from page load to badge, median of several runs": each run's badge minus its own
    // load event, so that a run on a busier moment of the machine is compared with itself. "Page load" is the load
    // event; the stricter figure from the first render is shown too, and so are the medians of the two series apart.
    const afterLoads = runs.map((r) => r.badgeMs - r.loadEventMs);
    const afterLoad = median(afterLoads);
    const allowed = TARGET_BADGE_VERIFY_FACTOR * verify;
    const badgeMet = afterLoad <= allowed;
    const runsMet = afterLoads.filter((x) => x <= allowed).length;
    const badgeLimit = loadEvent + allowed;
    const seriesMet = badge <= badgeLimit;
    // The engine's own verification of this message inside the page (its inkan:verifying to inkan:verified marks):
    // the first one in a fresh page, which runs code the browser has only just compiled.
    const paneVerifies = runs.map((r) => (r.steps["verified"] ?? Number.NaN) - (r.steps["verifying"] ?? Number.NaN));
    if (paneVerifies.some((x) => !Number.isFinite(x))) throw new Error("bench taskpane: the pane's verifying/verified marks were not recorded");
    const paneVerify = median(paneVerifies);
    const paneAllowed = TARGET_BADGE_VERIFY_FACTOR * paneVerify;
    const paneBadgeMet = afterLoad <= paneAllowed;
    const paneRunsMet = runs.filter((_, i) => afterLoads[i]! <= TARGET_BADGE_VERIFY_FACTOR * paneVerifies[i]!).length;
    const initialMet = initialGzip <= TARGET_INITIAL_JS_GZIP_BYTES;
    const range = (xs: readonly number[]): string => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;
    const row = (label: string, value: number, note: string): string => `    ${label.padEnd(52)} ${ms(value).padStart(8)}   (${note})`;

    const report = [
      `taskpane: ${version}, headless; the production build served from 127.0.0.1; KB = 1024 bytes, gzip -${GZIP_LEVEL}`,
      "",
      "  initial JavaScript (the standalone page loaded, nothing clicked, network quiet)      gzip         raw",
      ...scriptLines(run, server.origin),
      `    ${"total, ours".padEnd(44)} ${kb(initialGzip).padStart(10)} ${kb(initialRaw).padStart(11)}   target <= ${kb(TARGET_INITIAL_JS_GZIP_BYTES)}: ${verdictWord(initialMet)}`,
      ...(prefetched.length > 0 ? ["  prefetched while idle, run when a message arrives (not counted)", ...scriptLines(prefetched, server.origin)] : []),
      ...(microsoft.length > 0 ? ["  Microsoft's office.js from its CDN (not counted; cached across add-ins)", ...scriptLines(microsoft, server.origin)] : []),
      `  Outlook read pane with a message selected, all our JavaScript up to the badge: ${kb(badgeGzip)} gzip (no target)`,
      "",
      `  time to badge: ${message.bytes.length} byte signed message, Outlook read pane (mock host), cold browser context each run, median of ${BROWSER_RUNS}`,
      row("pane shown (navigation start to first render)", shown, range(runs.map((r) => r.shownMs))),
      row("page load (navigation start to the load event)", loadEvent, range(runs.map((r) => r.loadEventMs))),
      row("badge (navigation start to verdict badge)", badge, range(runs.map((r) => r.badgeMs))),
      row("badge - page load", afterLoad, range(runs.map((r) => r.badgeMs - r.loadEventMs))),
      row("badge - shown (the pane's check after its first render)", inPane, range(runs.map((r) => r.badgeMs - r.shownMs))),
      row("another message selected in the open pane", switched, range(switches)),
      "  the pane's steps (its inkan:* marks), navigation start to each, median",
      ...stepNames(runs).map((step) => {
        const at = runs.map((r) => r.steps[step]).filter((x): x is number => x !== undefined);
        return row(`  ${step}`, median(at), range(at));
      }),
      row(`engine verify, in-process (Node, warm, ${ENGINE_RUNS} runs)`, verify, `${range(engine.times)}; verdict ${engine.status} in both`),
      row("engine verify in the pane (first message, fresh page)", paneVerify, range(paneVerifies)),
      `    target: time from page load to badge <= ${TARGET_BADGE_VERIFY_FACTOR} x engine verify (Node, warm): ${ms(afterLoad)} <= ${ms(allowed)}: ${verdictWord(badgeMet)}` +
        ` (${runsMet} of ${runs.length} runs within it)`,
      `      the medians apart: badge ${ms(badge)} <= page load ${ms(loadEvent)} + ${ms(allowed)} = ${ms(badgeLimit)}: ${verdictWord(seriesMet)}` +
        `; from the first render: badge <= ${ms(shown + allowed)}: ${verdictWord(badge <= shown + allowed)}`,
      `    with the engine's verify as it runs in the pane: ${ms(afterLoad)} <= ${TARGET_BADGE_VERIFY_FACTOR} x ${ms(paneVerify)} = ${ms(paneAllowed)}: ${verdictWord(paneBadgeMet)}` +
        ` (${paneRunsMet} of ${runs.length} runs within their own)`,
    ].join("\n");

    writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify(
        {
          browser: version,
          message: { file: message.file, bytes: message.bytes.length, status: engine.status },
          initialJs: { scripts: run, prefetched, microsoft, gzipBytes: initialGzip, rawBytes: initialRaw, target: TARGET_INITIAL_JS_GZIP_BYTES, met: initialMet },
          toBadgeJs: { scripts: badgeOurs, gzipBytes: badgeGzip },
          timeToBadge: { runs, medianShownMs: shown, medianBadgeMs: badge, medianLoadEventMs: loadEvent, medianInPaneMs: inPane, medianAfterLoadMs: afterLoad },
          switchInOpenPane: { timesMs: switches, medianMs: switched },
          engineVerify: { timesMs: engine.times, medianMs: verify },
          paneVerify: { timesMs: paneVerifies, medianMs: paneVerify },
          badgeTarget: {
            definition: "median over runs of (badge - load event) <= 2 x engine verify (Node, warm)",
            medianAfterLoadMs: afterLoad,
            allowedMs: allowed,
            met: badgeMet,
            runsMet,
            mediansApart: { limitMs: badgeLimit, met: seriesMet },
            fromFirstRenderLimitMs: shown + allowed,
          },
          badgeTargetWithPaneVerify: {
            definition: "median over runs of (badge - load event) <= 2 x the engine's verify in the pane",
            allowedMs: paneAllowed,
            met: paneBadgeMet,
            runsMet: paneRunsMet,
          },
        },
        null,
        2,
      )}\n`,
    );
    ctx.log(`bench taskpane: samples in ${RESULTS_FILE}`);
    return report;
  } finally {
    await browser.close();
    await server.close();
    snapshot.remove();
  }
}
