import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { findBuiltPage } from "../../test/e2e/lib/built-page.js";
import { REPO_DIR } from "./paths.js";

const CLI_ENTRY = path.join(REPO_DIR, "dist", "cli", "inkan.js");
/** What a user runs: the launcher that loads the build. */
export const INKAN_BIN = path.join(REPO_DIR, "bin", "inkan.js");

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** A CLI timing of stale JavaScript would measure code that no longer exists, so build when src is newer. */
export function ensureCliBuilt(log: (line: string) => void): void {
  const built = fs.existsSync(CLI_ENTRY) ? fs.statSync(CLI_ENTRY).mtimeMs : -1;
  if (built >= newestMtimeMs(path.join(REPO_DIR, "src"))) return;
  log(built < 0 ? "bench: dist/ is missing; running npm run build" : "bench: src/ is newer than dist/; running npm run build");
  // The build's report goes to stderr with the progress lines: stdout carries only the tables.
  const result = spawnSync("npm", ["run", "--silent", "build"], { cwd: REPO_DIR, stdio: ["ignore", process.stderr, process.stderr] });
  if (result.status !== 0) throw new Error("npm run build failed: the CLI cannot be measured");
}

/** Measuring a bundle older than the sources would measure code that no longer exists: builds the add-in first then. */
export function ensureWebBuild(bench: string, log: (line: string) => void): void {
  const page = findBuiltPage();
  const built = page === null ? -1 : fs.statSync(path.join(page.root, page.urlPath)).mtimeMs;
  if (built >= newestMtimeMs(path.join(REPO_DIR, "src"))) return;
  log(built < 0 ? `bench ${bench}: no web build; running npm run build:web` : `bench ${bench}: src/ is newer than the web build; running npm run build:web`);
  // Webpack's output goes to stderr with the progress lines: stdout carries only the report.
  const result = spawnSync("npm", ["run", "--silent", "build:web"], { cwd: REPO_DIR, stdio: ["ignore", 2, 2] });
  if (result.status !== 0) throw new Error(`bench ${bench}: npm run build:web failed`);
}
