/** Where `npm run build:web` put the task pane page, and a private copy of it to serve. */
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_DIR = fileURLToPath(new URL("../../../", import.meta.url));
export const DIST_DIR = join(REPO_DIR, "dist");

/**
 * The page at the top of dist/ is the current layout; builds from before it wrote dist/web/. A checkout may hold
 * both after the switch, so the top-level page wins.
 */
const CANDIDATES = ["taskpane.html", "web/taskpane.html"] as const;
/** What tsc writes into dist/ for the command-line tool: not part of the web page. */
const NOT_WEB = new Set(["cli", "core"]);

export interface BuiltPage {
  /** The directory served as the web root. */
  readonly root: string;
  /** The URL path of the page under that root. */
  readonly urlPath: string;
}

export function findBuiltPage(dist = DIST_DIR): BuiltPage | null {
  for (const candidate of CANDIDATES) {
    if (existsSync(join(dist, candidate))) return { root: dist, urlPath: `/${candidate}` };
  }
  return null;
}

/**
 * A copy of the web build, so that a rebuild of dist/ while the tests run (webpack empties its output first) cannot
 * pull files from under the page. Source maps and the CLI build are left out.
 */
export function snapshotBuild(dist = DIST_DIR): { readonly page: BuiltPage | null; readonly remove: () => void } {
  const found = findBuiltPage(dist);
  if (found === null) return { page: null, remove: () => undefined };
  const copy = mkdtempSync(join(tmpdir(), "inkan-e2e-site-"));
  cpSync(dist, copy, {
    recursive: true,
    filter: (source) => {
      const path = relative(dist, source);
      if (path === "") return true;
      return !NOT_WEB.has(path.split(sep)[0]!) && !basename(path).endsWith(".map");
    },
  });
  return { page: { root: copy, urlPath: found.urlPath }, remove: () => rmSync(copy, { recursive: true, force: true }) };
}
