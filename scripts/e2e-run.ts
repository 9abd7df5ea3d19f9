/**
 * `npm run test:e2e [-- WORD ...] [--no-build] [node --test options]`: builds the production bundle, then runs the
 * test/e2e/*.e2e.ts files with node's test runner against it in headless Chromium, and prints one summary line.
 * Words without a leading dash choose the files whose name contains one of them (`-- compose` runs compose.e2e.ts);
 * without any, every file runs. Everything else passes through to `node --test`.
 *
 * The files run one after another: each starts its own browser, and timing assertions (how fast the page starts
 * offline) mean nothing on a machine busy with several browsers. Without a Chromium binary there is nothing to run:
 * that is said on one line and the run succeeds, so `npm test` works where no browser can be installed.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_DIR } from "../test/e2e/lib/built-page.js";
import { chromiumMissing } from "../test/e2e/lib/chromium.js";
import { SCREENSHOT_DIR } from "../test/e2e/lib/pane.js";

const E2E_DIR = join(REPO_DIR, "test/e2e");
const TAP_FILE = join(SCREENSHOT_DIR, "results.tap");

/** node --test options that take their value as the next argument, which is then no file-choosing word. */
const OPTIONS_WITH_VALUE = new Set([
  "--test-name-pattern",
  "--test-skip-pattern",
  "--test-reporter",
  "--test-reporter-destination",
  "--test-concurrency",
  "--test-timeout",
  "--test-shard",
]);

const args = process.argv.slice(2);
const build = !args.includes("--no-build");
const words: string[] = [];
const passThrough: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === "--no-build") continue;
  if (arg.startsWith("-")) {
    passThrough.push(arg);
    if (OPTIONS_WITH_VALUE.has(arg) && i + 1 < args.length) passThrough.push(args[++i]!);
  } else {
    words.push(arg);
  }
}

const missing = chromiumMissing();
if (missing !== null) {
  console.log(`e2e tests skipped: ${missing}`);
  process.exit(0);
}

const files = readdirSync(E2E_DIR)
  .filter((f) => f.endsWith(".e2e.ts") && (words.length === 0 || words.some((w) => f.includes(w))))
  .sort()
  .map((f) => relative(REPO_DIR, join(E2E_DIR, f)));
if (files.length === 0) {
  console.error(`e2e: no test/e2e/*.e2e.ts file name contains ${words.map((w) => `"${w}"`).join(" or ")}`);
  process.exit(2);
}

const started = Date.now();
if (build) {
  const result = spawnSync("npm", ["run", "build:web"], { cwd: REPO_DIR, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`e2e: npm run build:web failed (exit ${result.status ?? result.signal}); no tests were run`);
    process.exit(result.status ?? 1);
  }
}

// Screenshots of an earlier run would pass for this run's.
rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
mkdirSync(SCREENSHOT_DIR, { recursive: true });

const run = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-concurrency=1",
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${TAP_FILE}`,
    ...passThrough,
    ...files,
  ],
  { cwd: REPO_DIR, stdio: "inherit" },
);

/** The counts node's TAP reporter writes at the end ("# pass 12"). */
function tapCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  try {
    for (const match of readFileSync(TAP_FILE, "utf8").matchAll(/^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$/gm))
      counts[match[1]!] = Number(match[2]);
  } catch {
    // No TAP file: the runner itself failed to start; its exit status says so below.
  }
  return counts;
}

const c = tapCounts();
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const failed = run.status !== 0;
console.log(
  `\ne2e ${failed ? "FAILED" : "passed"}: ${c.pass ?? "?"} passed, ${(c.fail ?? 0) + (c.cancelled ?? 0)} failed, ` +
    `${c.skipped ?? 0} skipped of ${c.tests ?? "?"} tests in ${files.length} files, ${seconds} s` +
    `${build ? " including the build" : ""}; screenshots in ${relative(REPO_DIR, SCREENSHOT_DIR)}/`,
);
process.exit(run.status ?? 1);
