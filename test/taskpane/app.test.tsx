// @vitest-environment jsdom
import "./jsdom-gaps.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, fireEvent, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Host, MessageResult, ReadOptions } from "../../src/host/host.js";
import type { OutlookHost } from "../../src/host/outlook-host.js";
import { createStandaloneHost } from "../../src/host/standalone-host.js";
import { App, type RunEngine } from "../../src/taskpane/App.js";
import { checkMessage } from "../../src/taskpane/engine.js";
import { SAMPLES, SAMPLES_DIR, SAMPLE_ROOT_FILE, type Fetch } from "../../src/taskpane/samples.js";
import { GENERATED_DIR } from "../fixtures/generate.js";
import { fixture, seriousViolations } from "./pane-kit.js";

afterEach(cleanup);

/** Serves samples/ as the build lays it out, from the generated fixtures; counts what was asked for. */
function sampleServer(): { fetch: Fetch; requested: string[] } {
  const requested: string[] = [];
  const fetch: Fetch = async (url) => {
    requested.push(url);
    const file = url.slice(`${SAMPLES_DIR}/`.length);
    const path = file === SAMPLE_ROOT_FILE ? join(GENERATED_DIR, "pki", "root.der") : join(GENERATED_DIR, "messages", file);
    const bytes = readFileSync(path);
    return { ok: true, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
  };
  return { fetch, requested };
}

const engine: RunEngine = (eml, anchors) => checkMessage(eml, anchors);

function renderApp(host: Parameters<typeof App>[0]["host"], options: Partial<Parameters<typeof App>[0]> = {}) {
  return render(<App host={host} mode="read" initialLang="en" locale="en-US" engine={engine} {...options} />);
}

const badge = (root: ParentNode): HTMLElement | null => root.querySelector('[data-test="verdict-badge"]');

/** For waitFor: the element, or a throw that makes waitFor try again. */
function present(root: ParentNode, selector: string): HTMLElement {
  const el = root.querySelector<HTMLElement>(selector);
  if (el === null) throw new Error(`no ${selector} yet`);
  return el;
}

function chooseFile(container: HTMLElement, name: string): void {
  const input = container.querySelector<HTMLInputElement>('input[type=file][data-test="eml-input"]')!;
  fireEvent.change(input, { target: { files: [new File([fixture(name).slice()], `${name}.eml`)] } });
}

describe("standalone checker", () => {
  it("checks a file from the file input against the built-in roots only", async () => {
    const { container } = renderApp(createStandaloneHost());
    expect(container.querySelector('[data-test="drop-zone"]')).not.toBeNull();
    chooseFile(container, "detached-rsa");
    await waitFor(() => expect(badge(container)?.dataset.status).toBe("untrusted"));
    expect(container.querySelector('[data-test="file-name"]')?.textContent).toContain("detached-rsa.eml");
    expect(container.querySelector('[data-test="sample-notice"]')).toBeNull();
  });

  it("offers one sample per status and trusts the test root for the sample only", async () => {
    const server = sampleServer();
    const { container, baseElement } = renderApp(createStandaloneHost(), { fetchSample: server.fetch });
    fireEvent.click(container.querySelector('[data-test="sample-menu"]')!);
    const items = await waitFor(() => {
      const found = Array.from(baseElement.querySelectorAll<HTMLElement>('[data-test="sample"]'));
      expect(found).toHaveLength(SAMPLES.length);
      return found;
    });
    expect(items.map((i) => i.dataset.status).sort()).toEqual(["invalid", "mismatch", "partial", "unsigned", "untrusted", "verified"]);

    fireEvent.click(items.find((i) => i.dataset.status === "verified")!);
    await waitFor(() => expect(badge(container)?.dataset.status).toBe("verified"));
    expect(container.querySelector('[data-test="sample-notice"]')).not.toBeNull();
    expect(server.requested.sort()).toEqual([`${SAMPLES_DIR}/detached-rsa.eml`, `${SAMPLES_DIR}/${SAMPLE_ROOT_FILE}`].sort());

    // The very same message opened as a user's file: the test root no longer applies.
    chooseFile(container, "detached-rsa");
    await waitFor(() => expect(badge(container)?.dataset.status).toBe("untrusted"));
    expect(container.querySelector('[data-test="sample-notice"]')).toBeNull();
  });

  it.each(SAMPLES)("gives the $fixture sample the status $status", async (sample) => {
    const server = sampleServer();
    const { container, baseElement } = renderApp(createStandaloneHost(), { fetchSample: server.fetch });
    fireEvent.click(container.querySelector('[data-test="sample-menu"]')!);
    const item = await waitFor(() => present(baseElement, `[data-test="sample"][data-sample="${sample.fixture}"]`));
    fireEvent.click(item);
    await waitFor(() => expect(badge(container)?.dataset.status).toBe(sample.status));
  });

  it("says so when a sample cannot be loaded", async () => {
    const { container, baseElement } = renderApp(createStandaloneHost(), { fetchSample: async () => ({ ok: false, arrayBuffer: async () => new ArrayBuffer(0) }) });
    fireEvent.click(container.querySelector('[data-test="sample-menu"]')!);
    fireEvent.click(await waitFor(() => present(baseElement, '[data-test="sample"]')));
    await waitFor(() => expect(container.querySelector('[data-test="sample-error"]')).not.toBeNull());
    expect(badge(container)).toBeNull();
  });

  it("switches language, and the document language with it", async () => {
    const { container } = renderApp(createStandaloneHost());
    expect(document.documentElement.lang).toBe("en");
    fireEvent.click(container.querySelector('[data-test="lang-ja"]')!);
    expect(document.documentElement.lang).toBe("ja");
    expect(container.querySelector('[data-test="help"] button')?.textContent).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
  });

  it("has a help panel that opens from the keyboard-reachable toggle", () => {
    const { container } = renderApp(createStandaloneHost());
    const help = container.querySelector<HTMLElement>('[data-test="help"]')!;
    const toggle = help.querySelector("button")!;
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(Array.from(help.querySelectorAll<HTMLElement>('[data-test="help-status"]')).map((e) => e.dataset.status)).toHaveLength(6);
  });

  it("has no serious or critical axe findings with a verdict, help and details open", async () => {
    // taskpane.html's title; jsdom's blank document has none.
    document.title = "Inkan";
    const { container } = renderApp(createStandaloneHost());
    chooseFile(container, "auth-results-forged-below");
    await waitFor(() => expect(badge(container)).not.toBeNull());
    for (const toggle of Array.from(container.querySelectorAll('[data-test="help"] > h2 > button, [data-test="details"] > h2 > button'))) fireEvent.click(toggle);
    expect(await seriousViolations(document)).toEqual([]);
  });

  it("says the check failed, not that the message is bad, when the engine throws", async () => {
    const { container } = renderApp(createStandaloneHost(), { engine: () => Promise.reject(new Error("boom")) });
    chooseFile(container, "unsigned");
    await waitFor(() => expect(container.querySelector('[data-test="check-error"]')).not.toBeNull());
    expect(badge(container)).toBeNull();
  });
});

describe("themes", () => {
  function stubMedia(active: readonly string[]): void {
    vi.stubGlobal(
      "matchMedia",
      (query: string) =>
        ({ matches: active.includes(query), media: query, addEventListener() {}, removeEventListener() {} }) as unknown as MediaQueryList,
    );
  }
  afterEach(() => vi.unstubAllGlobals());

  it.each([
    [[], null, "light"],
    [["(prefers-color-scheme: dark)"], null, "dark"],
    [[], "dark", "dark"],
    [["(prefers-color-scheme: dark)"], "light", "light"],
    [["(forced-colors: active)"], "light", "high-contrast"],
  ] as const)("media %j with Office theme %s gives %s", (media, office, expected) => {
    stubMedia(media);
    const { container } = renderApp(createStandaloneHost(), { officeTheme: () => office });
    expect(container.querySelector<HTMLElement>("[data-theme]")?.dataset.theme).toBe(expected);
  });
});

describe("in Outlook", () => {
  /** An Outlook host as src/host/outlook-host.ts behaves, with the read's outcome scripted. */
  function scriptedOutlook(first: MessageResult, then: MessageResult = first) {
    const reads: (ReadOptions | undefined)[] = [];
    const listeners = new Set<() => void>();
    let dropped: File | null = null;
    const host: OutlookHost & Host = {
      kind: "outlook",
      async getCurrentMessage(options) {
        reads.push(options);
        if (dropped !== null) return { ok: true, eml: new Uint8Array(await dropped.arrayBuffer()), name: dropped.name };
        return reads.length === 1 ? first : then;
      },
      onItemChanged(cb) {
        listeners.add(cb);
        return () => void listeners.delete(cb);
      },
      open(source) {
        dropped = source as File;
        for (const cb of [...listeners]) cb();
      },
    };
    return { host, reads };
  }

  it("shows the message Outlook hands over, with no drop zone or samples", async () => {
    const { host } = scriptedOutlook({ ok: true, eml: fixture("from-other-address"), name: null });
    const { container } = renderApp(host);
    await waitFor(() => expect(badge(container)?.dataset.status).toBe("mismatch"));
    expect(container.querySelector('[data-test="eml-input"], [data-test="sample-menu"]')).toBeNull();
    expect(container.querySelector('[data-test="app"]')?.getAttribute("data-host")).toBe("outlook");
  });

  it("offers a file drop when Outlook cannot hand the message over, and checks the dropped file", async () => {
    const { host } = scriptedOutlook({ ok: false, reason: "unsupported", code: "naa-unsupported", remedy: "drop-eml" });
    const { container } = renderApp(host);
    await waitFor(() => expect(container.querySelector<HTMLElement>('[data-test="unavailable"]')?.dataset.remedy).toBe("drop-eml"));
    chooseFile(container, "tampered-content");
    await waitFor(() => expect(badge(container)?.dataset.status).toBe("invalid"));
  });

  it.each([
    ["retry", "office-read-failed"],
    ["sign-in", "auth-declined"],
  ] as const)("offers %s, which reads again as the user's own action", async (remedy, code) => {
    const { host, reads } = scriptedOutlook({ ok: false, reason: "read-failed", code, remedy }, { ok: true, eml: fixture("unsigned"), name: null });
    const { container } = renderApp(host);
    const button = await waitFor(() => present(container, `[data-test="${remedy}"]`));
    expect(reads).toEqual([{ userAction: false }]);
    fireEvent.click(button);
    await waitFor(() => expect(badge(container)?.dataset.status).toBe("unsigned"));
    expect(reads).toEqual([{ userAction: false }, { userAction: true }]);
  });
});
