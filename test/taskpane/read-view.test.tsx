// @vitest-environment jsdom
import { cleanup, fireEvent, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Encryption, Integrity, Verdict } from "../../src/core/verdict-types.js";
import { SAMPLES } from "../../src/taskpane/samples.js";
import { STATUS_DISPLAY } from "../../src/taskpane/status-display.js";
import type { Checked } from "../../src/taskpane/use-message-check.js";
import { JAPANESE, checkFixture, renderResult, seriousViolations } from "./pane-kit.js";

afterEach(cleanup);

const one = (root: ParentNode, test: string): HTMLElement => {
  const found = root.querySelectorAll<HTMLElement>(`[data-test="${test}"]`);
  expect(found, `exactly one [data-test="${test}"]`).toHaveLength(1);
  return found[0]!;
};
const all = (root: ParentNode, test: string): HTMLElement[] => Array.from(root.querySelectorAll<HTMLElement>(`[data-test="${test}"]`));

const withVerdict = (checked: Checked, change: Partial<Verdict>): Checked => ({ ...checked, verdict: { ...checked.verdict, ...change } });

describe("badge", () => {
  it.each(SAMPLES)("shows $status for the $fixture sample, as a status region with its icon and words", async ({ fixture, status }) => {
    const checked = await checkFixture(fixture);
    const { container } = renderResult(checked);
    const badge = one(container, "verdict-badge");
    expect(badge.dataset.status).toBe(status);
    expect(badge.dataset.encryption).toBe("none");
    expect(badge.getAttribute("role")).toBe("status");
    expect(badge.querySelector("svg[aria-hidden]")).not.toBeNull();
    expect(one(badge, "verdict-label").textContent).toBe(STATUS_DISPLAY[status].en.label);
    expect(one(badge, "verdict-headline").textContent?.trim()).not.toBe("");
    expect(badge.querySelector('[data-test="verdict-encryption-note"]')).toBeNull();
  });

  it.each(SAMPLES)("speaks Japanese for $status", async ({ fixture, status }) => {
    const { container } = renderResult(await checkFixture(fixture), "ja");
    const badge = one(container, "verdict-badge");
    expect(badge.dataset.status).toBe(status);
    expect(one(badge, "verdict-label").textContent).toMatch(JAPANESE);
    expect(one(badge, "verdict-headline").textContent).toMatch(JAPANESE);
  });

  it("names the signer, the authority and the identity check when verified", async () => {
    const checked = await checkFixture("detached-rsa");
    const signer = checked.verdict.signers[0]!;
    const headline = one(renderResult(checked).container, "verdict-headline").textContent ?? "";
    expect(headline).toContain(`<${signer.email}>`);
    expect(headline).toContain(signer.issuer);
    expect(checked.verdict.signers[0]!.validation).toBe("organization");
  });

  it("says an encrypted message without a key could not be checked", async () => {
    const checked = await checkFixture("encrypted-to-alice");
    const { container } = renderResult(checked);
    const badge = one(container, "verdict-badge");
    expect(badge.dataset.encryption).toBe("no-key");
    one(badge, "verdict-encryption-note");
    expect(one(container, "encryption").dataset.encryption).toBe("no-key");
    one(container, "encrypted-for");
    expect(one(container, "message-content").dataset.source).toBe("encrypted");
  });

  it.each([
    ["decrypted", "none"],
    ["decrypted", "aead"],
    ["failed", "none"],
  ] as const satisfies readonly (readonly [Encryption, Integrity])[])("carries encryption %s (integrity %s) as data", async (encryption, integrity) => {
    const checked = withVerdict(await checkFixture("detached-rsa"), { encryption, integrity });
    const { container } = renderResult(checked);
    expect(one(container, "verdict-badge").dataset.encryption).toBe(encryption);
    const section = one(container, "encryption");
    expect(section.dataset.encryption).toBe(encryption);
    if (encryption === "decrypted") expect(one(section, "integrity").dataset.integrity).toBe(integrity);
    else expect(section.querySelector('[data-test="integrity"]')).toBeNull();
  });
});

describe("signer card", () => {
  it("shows the certificate's identity, validation level, validity, algorithm and chain", async () => {
    const checked = await checkFixture("detached-rsa");
    const signer = checked.verdict.signers[0]!;
    const card = one(renderResult(checked).container, "signer");
    expect(card.dataset.role).toBe("binding");
    expect(card.dataset.status).toBe("verified");
    expect(one(card, "signer-email").textContent).toBe(signer.email);
    expect(one(card, "signer-name").textContent).toBe(signer.name);
    expect(one(card, "signer-organization").textContent).toBe(signer.organization);
    expect(one(card, "signer-issuer").textContent).toBe(signer.issuer);
    expect(one(card, "signer-validation").dataset.value).toBe("organization");
    for (const test of ["signer-valid-from", "signer-valid-until", "signer-time", "signer-algorithm", "signer-trust-anchor"])
      expect(one(card, test).textContent?.trim(), test).not.toBe("");
    expect(all(one(card, "signer-chain"), "chain-cert")).toHaveLength(signer.chain.length);
    expect(signer.chain.length).toBeGreaterThanOrEqual(2);
  });

  it("tells a mailbox-validated certificate apart", async () => {
    const checked = await checkFixture("detached-rsa");
    const mailbox = withVerdict(checked, { signers: [{ ...checked.verdict.signers[0]!, validation: "mailbox", validationGeneration: "strict" }] });
    const card = one(renderResult(mailbox).container, "signer");
    expect(one(card, "signer-validation").dataset.value).toBe("mailbox");
  });

  it("shows the signer of a mismatch, who is not bound to From", async () => {
    const card = one(renderResult(await checkFixture("from-other-address")).container, "signer");
    expect(card.dataset.role).toBe("unbound");
    expect(one(card, "signer-email").textContent).toContain("@");
  });

  it("lists additional signers with their role", async () => {
    const { container } = renderResult(await checkFixture("two-signers"));
    expect(one(container, "signer").dataset.role).toBe("binding");
    expect(all(one(container, "other-signers"), "other-signer").map((e) => e.dataset.role)).toEqual(["additional"]);
  });

  it("lists a signature outside the encryption as outer", async () => {
    const checked = await checkFixture("encrypt-then-sign");
    const roles = checked.verdict.signers.map((s) => s.role);
    expect(roles).toContain("outer");
    const { container } = renderResult(checked);
    const shown = [one(container, "signer").dataset.role, ...all(container, "other-signer").map((e) => e.dataset.role)];
    expect(shown.sort()).toEqual([...roles].sort());
  });

  it("is absent for an unsigned message", async () => {
    const { container } = renderResult(await checkFixture("unsigned"));
    expect(all(container, "signer")).toHaveLength(0);
  });

  it("makes a right-to-left override in a certificate name visible", async () => {
    const checked = await checkFixture("detached-rsa");
    const tricked = withVerdict(checked, { signers: [{ ...checked.verdict.signers[0]!, name: "Alice \u202Egpj.exe" }] });
    const { container } = renderResult(tricked);
    expect(one(container, "signer-name").textContent).toBe("Alice \\u{202E}gpj.exe");
    expect(one(container, "verdict-headline").textContent).not.toContain("\u202E");
  });
});

describe("domain checks", () => {
  it("lists SPF, DKIM and DMARC from Authentication-Results, each with what it proves", async () => {
    const checked = await checkFixture("auth-results-forged-below");
    const section = one(renderResult(checked).container, "auth-results");
    expect(section.dataset.present).toBe("true");
    const checks = all(section, "auth-check").map((e) => [e.dataset.method, e.dataset.result]);
    expect(checks).toEqual([
      ["spf", "pass"],
      ["dkim", "pass"],
      ["dmarc", "pass"],
    ]);
    for (const check of all(section, "auth-check")) expect(check.textContent!.length).toBeGreaterThan(40);
  });

  it("says when there are none", async () => {
    const section = one(renderResult(await checkFixture("unsigned")).container, "auth-results");
    expect(section.dataset.present).toBe("false");
    one(section, "auth-none");
  });
});

describe("details and report", () => {
  it("lists every layer and signer that was checked, with codes", async () => {
    const checked = await checkFixture("tampered-content");
    const { container } = renderResult(checked);
    const details = one(container, "details");
    const toggle = details.querySelector("button")!;
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(all(details, "layer").map((l) => [l.dataset.kind, l.dataset.status])).toEqual(checked.verdict.layers.map((l) => [l.kind, l.status]));
    expect(all(details, "layer-reason").map((r) => r.dataset.reason)).toContain("digest-mismatch");
    expect(all(details, "details-signer")).toHaveLength(checked.verdict.signers.length);
  });

  it.each(["detached-rsa", "encrypted-to-alice", "auth-results-forged-below", "unsigned"])(
    "renders a JSON report of %s that parses back to the verdict, before the details are opened",
    async (name) => {
      const checked = await checkFixture(name);
      const report = one(renderResult(checked).container, "report-json");
      expect(JSON.parse(report.textContent ?? "")).toEqual(checked.verdict);
    },
  );

  it("escapes deceptive characters in the JSON report without changing what it parses to", async () => {
    const checked = await checkFixture("detached-rsa");
    const tricked = withVerdict(checked, { signers: [{ ...checked.verdict.signers[0]!, name: "Alice \u202Egpj.exe\u2066" }] });
    const text = one(renderResult(tricked).container, "report-json").textContent ?? "";
    expect(text).not.toMatch(/[\u202E\u2066]/u);
    expect(JSON.parse(text)).toEqual(tricked.verdict);
  });

  it("copies the plain-text report and the JSON to the clipboard", async () => {
    const writeText = vi.fn(async (_: string) => {});
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    try {
      const checked = await checkFixture("from-other-address");
      const { container } = renderResult(checked);
      fireEvent.click(one(container, "copy-report"));
      await waitFor(() => expect(one(container, "copy-state").dataset.state).toBe("copied"));
      const copied = writeText.mock.calls[0]![0];
      expect(copied).toContain("[mismatch]");
      expect(copied).toContain("[email-mismatch]");
      expect(JSON.parse(copied.slice(copied.indexOf("\n{") + 1))).toEqual(checked.verdict);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("falls back to a selected text field when the clipboard is refused", async () => {
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText: () => Promise.reject(new DOMException("denied", "NotAllowedError")) } });
    try {
      const { container } = renderResult(await checkFixture("unsigned"));
      fireEvent.click(one(container, "copy-report"));
      await waitFor(() => expect(one(container, "copy-state").dataset.state).toBe("fallback"));
      const area = one(container, "report-copy-fallback") as HTMLTextAreaElement;
      expect(area.value).toContain("[unsigned]");
      await waitFor(() => expect(document.activeElement).toBe(area));
      expect(area.selectionEnd - area.selectionStart).toBe(area.value.length);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("accessibility", () => {
  it.each(["detached-rsa", "from-other-address", "encrypted-to-alice", "auth-results-forged-below", "opaque-rsa"])(
    "has no serious or critical axe findings for %s, with details open",
    async (name) => {
      const { container } = renderResult(await checkFixture(name));
      fireEvent.click(one(container, "details").querySelector("button")!);
      expect(await seriousViolations(container)).toEqual([]);
    },
  );
});
