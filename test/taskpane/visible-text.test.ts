import { describe, expect, it } from "vitest";
import { visibleText } from "../../src/taskpane/visible-text.js";

describe("visibleText", () => {
  it("leaves ordinary names alone, including Japanese and joiners that scripts need", () => {
    for (const s of ["Alice Example", "山田 太郎", "info@例え.jp", "\u0915\u094d\u200d\u0937"]) expect(visibleText(s)).toBe(s);
  });

  it("makes a right-to-left override visible instead of letting it reverse the text", () => {
    expect(visibleText("invoice\u202Egpj.exe")).toBe("invoice\\u{202E}gpj.exe");
  });

  it("makes control characters, line breaks and invisible marks visible", () => {
    expect(visibleText("a\r\nb\u0000c\u200bd\ufeff")).toBe("a\\u{000D}\\u{000A}b\\u{0000}c\\u{200B}d\\u{FEFF}");
  });
});
