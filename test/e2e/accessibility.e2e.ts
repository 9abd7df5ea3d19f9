/**
 * axe-core on the read view, state by state: no serious or critical violation may show, with the details closed and
 * open, in English and Japanese. Lesser findings are printed as diagnostics, not failed.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Page } from "playwright-core";
import { newRoutedContext } from "./lib/browser-context.js";
import { REPO_DIR } from "./lib/built-page.js";
import { itemFromEml, OUTLOOK_HOST_QUERY } from "./lib/mock-outlook.js";
import { gotoPane, openAllSections, pickSample, waitForBadge, type Status } from "./lib/pane.js";
import { SKIP, useE2E } from "./lib/suite.js";

const env = useE2E();
const AXE_SOURCE = readFileSync(join(REPO_DIR, "node_modules/axe-core/axe.min.js"), "utf8");
const BLOCKING = new Set(["serious", "critical"]);

interface Finding {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

async function axeFindings(page: Page): Promise<Finding[]> {
  // Evaluated rather than added as a <script>: a Content-Security-Policy on the page must not stop the audit.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type AxeResult = {
      violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(" ")),
    }));
  });
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.impact ?? "?"} ${f.id}: ${f.help} at ${f.targets.slice(0, 3).join(", ")}`).join("\n");
}

/** Audits the page as it is now and again with every closed section opened. */
async function audit(t: TestContext, page: Page, label: string): Promise<void> {
  const all: Finding[] = [];
  all.push(...(await axeFindings(page)));
  await openAllSections(page);
  all.push(...(await axeFindings(page)));
  const blocking = all.filter((f) => BLOCKING.has(f.impact ?? ""));
  const minor = all.filter((f) => !BLOCKING.has(f.impact ?? ""));
  if (minor.length > 0) t.diagnostic(`${label}: lesser axe findings\n${describeFindings(minor)}`);
  assert.deepEqual(blocking, [], `${label}: serious or critical axe violations\n${describeFindings(blocking)}`);
}

type Lang = "en" | "ja";
const LOCALE: Readonly<Record<Lang, string>> = { en: "en-US", ja: "ja-JP" };

/** The standalone page's samples: the only way to reach verified, since the page trusts the test root for them only. */
const SAMPLE_CASES: ReadonlyArray<{ lang: Lang; samples: ReadonlyArray<[Status, string]> }> = [
  {
    lang: "en",
    samples: [
      ["verified", "detached-rsa"],
      ["untrusted", "cert-self-signed"],
      ["mismatch", "from-other-address"],
      ["invalid", "tampered-content"],
      ["partial", "partial-footer-after"],
      ["unsigned", "unsigned"],
    ],
  },
  {
    lang: "ja",
    samples: [
      ["verified", "detached-rsa"],
      ["untrusted", "cert-self-signed"],
      ["invalid", "tampered-content"],
      ["unsigned", "unsigned"],
    ],
  },
];

/** In Outlook: the verdicts reached without the samples' trust, an encrypted message, and the empty pinned pane. */
const OUTLOOK_CASES: ReadonlyArray<{ label: string; fixture: string | null; status: Status | null; lang: Lang }> = [
  { label: "untrusted", fixture: "detached-rsa", status: "untrusted", lang: "en" },
  { label: "invalid", fixture: "tampered-content", status: "invalid", lang: "ja" },
  { label: "unsigned, encrypted without a key", fixture: "encrypted-to-alice", status: "unsigned", lang: "en" },
  { label: "nothing selected", fixture: null, status: null, lang: "en" },
];

describe("accessibility of the read view (axe-core)", { skip: SKIP }, () => {
  it("the standalone page before any message", async (t) => {
    const { context, traffic } = await newRoutedContext(env().browser, env().server.origin, { office: { kind: "unreachable" } });
    const page = await context.newPage();
    await gotoPane(page, env().url());
    await audit(t, page, "standalone, empty");
    // The audit is not blind: a button without a name, put in the page by the test, is found.
    await page.evaluate(() => document.querySelector("main")?.append(document.createElement("button")));
    const control = await axeFindings(page);
    assert.ok(
      control.some((f) => f.id === "button-name" && BLOCKING.has(f.impact ?? "")),
      `axe missed an unnamed button: ${describeFindings(control)}`,
    );
    await context.close();
    assert.deepEqual(traffic.external, []);
  });

  for (const { lang, samples } of SAMPLE_CASES) {
    it(`standalone samples (${lang}): ${samples.map(([status]) => status).join(", ")}`, async (t) => {
      const { context, traffic } = await newRoutedContext(env().browser, env().server.origin, {
        office: { kind: "unreachable" },
        locale: LOCALE[lang],
      });
      const page = await context.newPage();
      await gotoPane(page, env().url());
      for (const [status, fixture] of samples) {
        assert.equal((await pickSample(page, fixture)).status, status);
        await audit(t, page, `${status} (${lang})`);
      }
      await context.close();
      assert.deepEqual(traffic.external, []);
    });
  }

  for (const c of OUTLOOK_CASES) {
    it(`Outlook: ${c.label} (${c.lang})`, async (t) => {
      const item = c.fixture === null ? null : itemFromEml(`AAMkAGa11y-${c.fixture}`, readFileSync(join(env().fx.dir, "messages", `${c.fixture}.eml`)));
      const { context, traffic } = await newRoutedContext(env().browser, env().server.origin, {
        office: { kind: "mock-outlook", config: { displayLanguage: LOCALE[c.lang], item } },
        locale: LOCALE[c.lang],
      });
      const page = await context.newPage();
      await gotoPane(page, env().url(OUTLOOK_HOST_QUERY));
      if (c.status !== null) assert.equal((await waitForBadge(page)).status, c.status);
      await audit(t, page, `Outlook ${c.label} (${c.lang})`);
      await context.close();
      assert.deepEqual(traffic.external, []);
    });
  }
});
