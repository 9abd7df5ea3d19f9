/** Shared set-up of the pane's jsdom tests: real verdicts from the generated fixtures, rendering, axe. */
import "./jsdom-gaps.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { render, type RenderResult } from "@testing-library/react";
import axe from "axe-core";
import type { ReactElement } from "react";
import { Result } from "../../src/taskpane/App.js";
import { checkMessage } from "../../src/taskpane/engine.js";
import type { Lang } from "../../src/i18n/language.js";
import type { Checked, TrustScope } from "../../src/taskpane/use-message-check.js";
import { GENERATED_DIR } from "../fixtures/generate.js";

export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(GENERATED_DIR, "messages", `${name}.eml`)));
export const testRoot = (): Uint8Array => new Uint8Array(readFileSync(join(GENERATED_DIR, "pki", "root.der")));

/** The engine's verdict and content for a fixture, with the test root trusted (as for samples) unless told not to. */
export async function checkFixture(name: string, trust: TrustScope = "sample"): Promise<Checked> {
  const result = await checkMessage(fixture(name), trust === "sample" ? [testRoot()] : []);
  return { ...result, trust };
}

export function renderPane(ui: ReactElement): RenderResult {
  return render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);
}

export function renderResult(checked: Checked, lang: Lang = "en", name: string | null = "message.eml"): RenderResult {
  return renderPane(<Result state={{ phase: "done", name, ...checked }} lang={lang} locale={lang === "ja" ? "ja-JP" : "en-US"} />);
}

/** Findings axe rates serious or critical, as "rule: target" lines (empty when there are none). */
export async function seriousViolations(context: Element | Document): Promise<string[]> {
  const results = await axe.run(context as axe.ElementContext, {
    resultTypes: ["violations"],
    // jsdom has no layout and no canvas, so axe cannot compute contrast here; the browser tests check it.
    rules: { "color-contrast": { enabled: false } },
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

/** Hiragana, katakana or CJK ideographs. */
export const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/u;
