/**
 * The built send-guard.js, as Outlook gets it: webpack's production build of the entry, minified with the project's
 * settings. Classic Outlook on Windows runs it alone in a JavaScript-only runtime that has no DOM, no storage and,
 * before Version 2403, parses ECMAScript 2016 only; this suite parses the file as ES2016 and runs it in a bare
 * node:vm context holding only what that runtime provides (Office, fetch, timers, console).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createContext, runInContext } from "node:vm";
import { parse, type Node } from "acorn";
import webpack, { type Configuration } from "webpack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG_URL } from "../../src/launch/config-url.js";
import { COMPOSE_PANE_COMMAND_ID, SEND_GUARD_ENTRY } from "../../src/launch/manifest-names.js";
import { GUARD_TEXT } from "../../src/launch/send-guard-text.js";
import { manifestComposePaneButtons, manifestLaunchEvents } from "../../scripts/validate-manifest.js";
import { configServer, fakeOffice, fakeSendEvent, settle, type ConfigAnswer } from "./fake-launch-office.js";

const root = join(import.meta.dirname, "../..");
const manifest = readFileSync(join(root, "manifest.xml"), "utf8");
const out = mkdtempSync(join(tmpdir(), "inkan-send-guard-"));
let code = "";

/** Builds only the send guard's entry with the project's webpack configuration (loaders, target, minifier). */
async function buildSendGuard(): Promise<string> {
  const { default: makeConfig } = (await import(pathToFileURL(join(root, "webpack.config.js")).href)) as {
    default: (env: object, argv: { mode: string }) => Promise<Configuration>;
  };
  const config = await makeConfig({}, { mode: "production" });
  const entries = config.entry as Record<string, string>;
  expect(entries[SEND_GUARD_ENTRY]).toBeDefined();
  const reduced: Configuration = {
    ...config,
    entry: { [SEND_GUARD_ENTRY]: entries[SEND_GUARD_ENTRY]! },
    output: { ...config.output, path: out, clean: false },
    plugins: [],
    devtool: false,
  };
  await new Promise<void>((resolve, reject) => {
    webpack(reduced, (error, stats) => {
      if (error) reject(error);
      else if (stats?.hasErrors()) reject(new Error(stats.toString({ all: false, errors: true })));
      else resolve();
    });
  });
  return readFileSync(join(out, `${SEND_GUARD_ENTRY}.js`), "utf8");
}

beforeAll(async () => {
  code = await buildSendGuard();
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Names the code reads from its scope: every identifier except property names, object keys and labels. */
function referencedNames(program: Node): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown, skip: ReadonlySet<unknown>): void => {
    if (typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, skip);
      return;
    }
    const n = node as Record<string, unknown> & { type?: string };
    if (typeof n.type !== "string") return;
    if (n.type === "Identifier" && !skip.has(n)) names.add(n.name as string);
    const skipped = new Set<unknown>();
    if ((n.type === "MemberExpression" && n.computed !== true) || n.type === "MetaProperty") skipped.add(n.property);
    if ((n.type === "Property" || n.type === "MethodDefinition" || n.type === "PropertyDefinition") && n.computed !== true) skipped.add(n.key);
    if (n.type === "LabeledStatement" || n.type === "BreakStatement" || n.type === "ContinueStatement") skipped.add(n.label);
    for (const [key, value] of Object.entries(n)) if (key !== "type") visit(value, skipped);
  };
  visit(program, new Set());
  return names;
}

/** Globals the JavaScript-only runtime does not have, or that do not exist in ES2016. */
const FORBIDDEN_GLOBALS = ["window", "document", "location", "navigator", "self", "indexedDB", "localStorage", "sessionStorage", "globalThis", "Intl"];

interface Run {
  readonly associated: Map<string, (event: unknown) => void>;
  readonly touched: string[];
  readonly requests: Array<{ url: string; cache: string }>;
  readonly warnings: string[];
}

/** Evaluates the bundle in a fresh context with a fake Office; any read of a forbidden global is recorded. */
function runBundle(answer: ConfigAnswer, office: { displayLanguage?: string; mailbox?: string }): Run {
  const fake = fakeOffice(office);
  const server = configServer(answer);
  const warnings: string[] = [];
  const touched: string[] = [];
  const sandbox: Record<string, unknown> = {
    Office: fake.office,
    fetch: server.fetchFn,
    setTimeout,
    clearTimeout,
    console: { warn: (message: string) => void warnings.push(message), log: () => {}, error: () => {} },
  };
  for (const name of FORBIDDEN_GLOBALS) {
    Object.defineProperty(sandbox, name, {
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  runInContext(code, createContext(sandbox), { filename: `${SEND_GUARD_ENTRY}.js` });
  return { associated: fake.associated, touched, requests: server.requests, warnings };
}

describe("send-guard.js", () => {
  it("parses as ECMAScript 2016, which is all classic Outlook's JavaScript-only runtime reads before Version 2403", () => {
    // The check itself rejects what it must: async functions (ES2017), optional chaining and ?? (ES2020).
    for (const newer of ["async function f() {}", "a?.b", "a ?? b", "({...a})", "try {} catch {}"]) {
      expect(() => parse(newer, { ecmaVersion: 2016, sourceType: "script" })).toThrow();
    }
    expect(() => parse(code, { ecmaVersion: 2016, sourceType: "script" })).not.toThrow();
  });

  it("is one plain script: no import or export, no module loader, no eval", () => {
    const names = referencedNames(parse(code, { ecmaVersion: 2016, sourceType: "script" }));
    for (const name of ["require", "importScripts", "eval", "Function", "__webpack_require__"]) expect(names.has(name)).toBe(false);
  });

  it("names no DOM, storage or post-2016 global", () => {
    const names = referencedNames(parse(code, { ecmaVersion: 2016, sourceType: "script" }));
    expect(FORBIDDEN_GLOBALS.filter((name) => names.has(name))).toEqual([]);
    expect([...names].filter((name) => ["Office", "fetch", "setTimeout", "clearTimeout", "console"].includes(name)).sort()).toEqual(
      ["Office", "clearTimeout", "console", "fetch", "setTimeout"],
    );
  });

  it("carries the config.json address once, so a deployment can replace its origin as in the manifest", () => {
    expect(code.split(CONFIG_URL)).toHaveLength(2);
    expect(code.split("https://localhost:3000")).toHaveLength(2);
  });

  it("registers the manifest's FunctionName with Office.actions.associate when loaded", () => {
    const [launch] = manifestLaunchEvents(manifest);
    const run = runBundle({ status: 404 }, {});
    expect([...run.associated.keys()]).toEqual([launch?.functionName]);
    expect(run.touched).toEqual([]);
  });

  it("lets a send through without a policy, reading config.json from its address", async () => {
    const run = runBundle({ status: 404 }, { mailbox: "1.14" });
    const sent = fakeSendEvent();
    [...run.associated.values()][0]!(sent.event);
    await settle();
    expect(sent.calls).toEqual([{ allowEvent: true }]);
    expect(run.requests).toEqual([{ url: CONFIG_URL, cache: "no-cache" }]);
    expect(run.touched).toEqual([]);
  });

  it("stops a plain send under alwaysSign, in Japanese, with the manifest's compose button", async () => {
    const run = runBundle({ body: '{"sendPolicy":{"alwaysSign":true}}' }, { displayLanguage: "ja-JP", mailbox: "1.14" });
    const sent = fakeSendEvent();
    [...run.associated.values()][0]!(sent.event);
    await settle();
    expect(sent.calls).toEqual([
      { allowEvent: false, errorMessage: GUARD_TEXT.ja.stopWithPane, cancelLabel: GUARD_TEXT.ja.openPaneLabel, commandId: COMPOSE_PANE_COMMAND_ID },
    ]);
    expect(manifestComposePaneButtons(manifest)).toContain(sent.calls[0]!.commandId);
    expect(run.touched).toEqual([]);
  });

  it("stops a plain send under alwaysSign in English on a 1.12 client, without the 1.14 options", async () => {
    const run = runBundle({ body: '{"sendPolicy":{"alwaysSign":true}}' }, { displayLanguage: "en-US", mailbox: "1.12" });
    const sent = fakeSendEvent();
    [...run.associated.values()][0]!(sent.event);
    await settle();
    expect(sent.calls).toEqual([{ allowEvent: false, errorMessage: GUARD_TEXT.en.stopWithoutPane }]);
  });

  it("asks the user, with Send anyway, when config.json is unreachable on a 1.14 client", async () => {
    const run = runBundle({ networkError: "Failed to fetch" }, { mailbox: "1.14" });
    const sent = fakeSendEvent();
    [...run.associated.values()][0]!(sent.event);
    await settle();
    expect(sent.calls).toEqual([
      {
        allowEvent: false,
        errorMessage: GUARD_TEXT.en.askPolicyUnknown,
        cancelLabel: GUARD_TEXT.en.openPaneLabel,
        commandId: COMPOSE_PANE_COMMAND_ID,
        sendModeOverride: "promptUser",
      },
    ]);
    expect(run.warnings).toEqual([expect.stringContaining("Failed to fetch")]);
    expect(run.touched).toEqual([]);
  });
});
