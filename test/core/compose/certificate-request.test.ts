/** certificateRequestDraft: a short request in either language that builds into a message like any draft. */
import { describe, expect, it } from "vitest";
import { buildMessage, certificateRequestDraft, htmlToText, type RequestLanguage } from "../../../src/core/compose/index.js";
import { decodeHeaderValue, getHeader, parseMessage } from "../../../src/core/mime/index.js";
import { draftOf, seededRandom } from "./helpers.js";

const FROM = { name: "Alice <Sales>", address: "alice@example.jp" };

describe("certificateRequestDraft", () => {
  it.each([
    ["en", ["S/MIME", "Outlook", "Thunderbird", "Apple Mail"]],
    ["ja", ["S/MIME", "電子署名", "電子証明書", "暗号化", "Outlook", "Thunderbird", "Apple Mail"]],
  ] as const)("%s: names S/MIME and the three clients, one list item each", (language: RequestLanguage, terms) => {
    const { subject, html } = certificateRequestDraft(FROM, [{ name: "Bob", address: "bob@example.jp" }], language);
    expect(subject.length).toBeGreaterThan(0);
    const text = htmlToText(html);
    for (const term of terms) expect(text).toContain(term);
    expect(html.match(/<li>/g)).toHaveLength(3);
    expect(text.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(3);
  });

  it("greets one recipient by name and several together, and escapes names", () => {
    const one = certificateRequestDraft(FROM, [{ name: "<b>Bob</b>", address: "bob@example.jp" }], "en").html;
    expect(one).toContain("&lt;b&gt;Bob&lt;/b&gt;");
    expect(one).not.toContain("<b>Bob");
    expect(one).toContain("Alice &lt;Sales&gt;");
    const ja = certificateRequestDraft(FROM, [{ address: "taro@example.jp" }], "ja").html;
    expect(htmlToText(ja).split("\n")[0]).toBe("taro@example.jp 様");
    const several = certificateRequestDraft(FROM, [{ address: "a@example.jp" }, { address: "b@example.jp" }], "ja").html;
    expect(htmlToText(several).split("\n")[0]).toBe("皆様");
  });

  it("builds into a message whose subject reads back", () => {
    const { subject, html } = certificateRequestDraft(FROM, [{ address: "bob@example.jp" }], "ja");
    const message = buildMessage(draftOf({ subject, html }), { date: new Date(0), random: seededRandom(3) });
    expect(decodeHeaderValue(getHeader(parseMessage(message), "subject")!.rawValue)).toBe(subject);
  });
});
