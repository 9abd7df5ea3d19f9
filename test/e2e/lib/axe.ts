/** axe-core run in the page, for the end-to-end tests. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { REPO_DIR } from "./built-page.js";

export const AXE_SOURCE = readFileSync(join(REPO_DIR, "node_modules/axe-core/axe.min.js"), "utf8");

/**
 * axe-core's serious and critical findings on the page as it is, as "rule: target" lines. Fluent's focus trap (tabster)
 * puts focusable, aria-hidden sentinels around an open dialog on purpose: they only pass the focus on, and a screen
 * reader must not announce them. axe reports them as aria-hidden-focus; Accessibility Insights excludes them as a
 * known false positive (microsoft/accessibility-insights-web#7598), and so does this check, for them alone.
 */
export async function seriousAxeFindings(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type AxeResult = { violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[] };
    type AxeContext = { include: Document; exclude: string[][] };
    const axe = (globalThis as unknown as { axe: { run(context: AxeContext, options: object): Promise<AxeResult> } }).axe;
    const result = await axe.run({ include: document, exclude: [["[data-tabster-dummy]"]] }, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.map(String).join(" ")}`));
  });
}
