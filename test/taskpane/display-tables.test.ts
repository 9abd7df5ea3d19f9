import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REASONS, STATUSES } from "../../src/core/verdict-types.js";
import { LANGUAGES } from "../../src/i18n/language.js";
import { REASON_TEXT } from "../../src/i18n/reasons.js";
import { UI_STRINGS } from "../../src/i18n/strings.js";
import { HELP_TEXT } from "../../src/i18n/help.js";
import {
  AUTH_METHOD_TEXT,
  CONTENT_SOURCE_TEXT,
  ENCRYPTION_NOTE,
  ENCRYPTION_TEXT,
  FAILURE_TEXT,
  INTEGRITY_TEXT,
  LAYER_KIND_TEXT,
  SIGNER_ROLE_TEXT,
  STATUS_WORD,
  VALIDATION_SHORT,
  VALIDATION_TEXT,
} from "../../src/i18n/terms.js";
import { STATUS_DISPLAY } from "../../src/taskpane/status-display.js";

/** Hiragana, katakana or CJK ideographs: a "ja" string written in English would pass a plain non-empty check. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/u;
const facts = { signer: "Alice Example <alice@example.com>", issuer: "Example CA", validation: "organisation validated" };

describe("status table", () => {
  it("has exactly one entry per Status", () => {
    expect(Object.keys(STATUS_DISPLAY).sort()).toEqual([...STATUSES].sort());
  });

  it.each(STATUSES)("%s has an icon and words in every language", (status) => {
    const display = STATUS_DISPLAY[status];
    expect(display.icon).toBeTruthy();
    for (const lang of LANGUAGES) {
      expect(display[lang].label.trim()).not.toBe("");
      expect(display[lang].headline(facts).trim()).not.toBe("");
    }
    expect(display.ja.label).toMatch(JAPANESE);
    expect(display.ja.headline(facts)).toMatch(JAPANESE);
  });

  it("uses the colours of the product's verdict table", () => {
    const colours = Object.fromEntries(STATUSES.map((s) => [s, STATUS_DISPLAY[s].colour]));
    expect(colours).toEqual({
      verified: "green",
      untrusted: "yellow",
      mismatch: "red",
      invalid: "red",
      partial: "red",
      unsigned: "grey",
    });
  });

  it("tells statuses of the same colour apart by icon and label", () => {
    expect(new Set(STATUSES.map((s) => STATUS_DISPLAY[s].icon)).size).toBe(STATUSES.length);
    for (const lang of LANGUAGES) expect(new Set(STATUSES.map((s) => STATUS_DISPLAY[s][lang].label)).size).toBe(STATUSES.length);
  });

  it("names the signer, the issuer and the identity check when verified", () => {
    for (const lang of LANGUAGES) {
      const text = STATUS_DISPLAY.verified[lang].headline(facts);
      expect(text).toContain(facts.signer);
      expect(text).toContain(facts.issuer);
      expect(text).toContain(facts.validation);
      expect(STATUS_DISPLAY.verified[lang].headline({ ...facts, validation: null })).not.toContain("()");
    }
  });
});

describe("reason table", () => {
  it("has exactly one entry per Reason", () => {
    expect(Object.keys(REASON_TEXT).sort()).toEqual([...REASONS].sort());
  });

  it.each(REASONS)("%s is explained in English and Japanese", (reason) => {
    expect(REASON_TEXT[reason].en.trim()).not.toBe("");
    expect(REASON_TEXT[reason].ja).toMatch(JAPANESE);
  });

  it("never shows two reasons with the same words", () => {
    for (const lang of LANGUAGES) expect(new Set(REASONS.map((r) => REASON_TEXT[r][lang])).size).toBe(REASONS.length);
  });
});

describe("other term tables and UI strings", () => {
  it.each([
    ["VALIDATION_TEXT", VALIDATION_TEXT],
    ["LAYER_KIND_TEXT", LAYER_KIND_TEXT],
    ["ENCRYPTION_TEXT", ENCRYPTION_TEXT],
    ["STATUS_WORD", STATUS_WORD],
    ["FAILURE_TEXT", FAILURE_TEXT],
    ["VALIDATION_SHORT", VALIDATION_SHORT],
    ["ENCRYPTION_NOTE", ENCRYPTION_NOTE],
    ["INTEGRITY_TEXT", INTEGRITY_TEXT],
    ["SIGNER_ROLE_TEXT", SIGNER_ROLE_TEXT],
    ["AUTH_METHOD_TEXT", AUTH_METHOD_TEXT],
    ["CONTENT_SOURCE_TEXT", CONTENT_SOURCE_TEXT],
  ] as const)("%s has text in every language", (_, table) => {
    // null entries mean "nothing to say" by design (no encryption, no validation level stated).
    for (const entry of (Object.values(table) as ({ en: string; ja: string } | null)[]).filter((e) => e !== null)) {
      expect(entry.en.trim()).not.toBe("");
      expect(entry.ja).toMatch(JAPANESE);
    }
  });

  it("says nothing in the badge about encryption or validation only where there is nothing to say", () => {
    expect(Object.entries(ENCRYPTION_NOTE).filter(([, v]) => v === null).map(([k]) => k)).toEqual(["none"]);
    expect(Object.entries(VALIDATION_SHORT).filter(([, v]) => v === null).map(([k]) => k)).toEqual(["unknown"]);
  });

  it("has the help panel in both languages, for every status", () => {
    expect(Object.keys(HELP_TEXT.en.statuses).sort()).toEqual([...STATUSES].sort());
    for (const status of STATUSES) expect(HELP_TEXT.ja.statuses[status]).toMatch(JAPANESE);
    expect(HELP_TEXT.ja.todo.length).toBe(HELP_TEXT.en.todo.length);
    expect(HELP_TEXT.ja.slogan).toBe("メールチェックは電子証明書から");
  });

  it("has every UI string in Japanese too", () => {
    expect(Object.keys(UI_STRINGS.ja).sort()).toEqual(Object.keys(UI_STRINGS.en).sort());
    for (const [key, value] of Object.entries(UI_STRINGS.ja)) expect(value.trim(), key).not.toBe("");
  });
});

describe("text-only rendering", () => {
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  }

  it("never hands message or certificate text to the DOM as HTML", () => {
    const offenders = sources(join(import.meta.dirname, "../../src/taskpane")).filter((file) =>
      /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write/.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
