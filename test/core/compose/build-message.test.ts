/**
 * buildMessage: what it writes must read back through our own parser exactly as the user wrote it (names, subject,
 * file names in any script), in 7-bit with CRLF line ends and folded headers, with the MIME structure the draft
 * calls for.
 */
import { describe, expect, it } from "vitest";
import {
  buildMessage,
  checkDraft,
  formatMessageDate,
  htmlToText,
  MalformedDraftError,
  MAX_REFERENCES,
  type ComposeAttachment,
  type ComposeDraft,
} from "../../../src/core/compose/index.js";
import { scanTransport } from "../../../src/core/mime/build/index.js";
import {
  decodeBody,
  decodeHeaderValue,
  decodeText,
  getHeader,
  mailboxesOf,
  parseAddressList,
  parseHeaderParams,
  parseMessage,
  type MimePart,
} from "../../../src/core/mime/index.js";
import { decodeBase64 } from "../../../src/core/mime/base64.js";
import { draftOf, fieldValue, headerBlock, latin1, partOfType, partsOf, seededRandom } from "./helpers.js";

const DATE = new Date(Date.UTC(2025, 9, 1, 3, 4, 5));
const build = (draft: ComposeDraft, seed = 7): Uint8Array => buildMessage(draft, { date: DATE, random: seededRandom(seed) });

function mailboxesIn(message: Uint8Array, field: string): { name: string; address: string }[] {
  const value = fieldValue(parseMessage(message), field);
  if (value === undefined) return [];
  return mailboxesOf(parseAddressList(value)).map(({ name, address }) => ({ name, address }));
}

/** Each RFC 2047 word decodes as UTF-8 on its own: no character was cut between two words. */
function expectWholeCharacters(header: string): void {
  for (const m of header.matchAll(/=\?UTF-8\?B\?([^?]*)\?=/g)) {
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(decodeBase64(new TextEncoder().encode(m[1]!)))).not.toThrow();
  }
}

function paramsOf(part: MimePart, field: string): Readonly<Record<string, string>> {
  const raw = fieldValue(part, field) ?? "";
  return parseHeaderParams(raw, raw.indexOf(";") < 0 ? raw.length : raw.indexOf(";")).params;
}

describe("header fields", () => {
  it.each([
    ["a Japanese name", "山田 太郎"],
    ["a comma and parentheses", "Tanaka, Jiro (Sales)"],
    ["an address as the name", "ceo@bank.example"],
    ["quotes and a backslash", 'Bob "the builder" \\ Jr.'],
    ["an apostrophe (an atom)", "O'Brien"],
    ["text that looks like an encoded word", "=?UTF-8?B?5bGx55Sw?="],
    ["a long ASCII name", "Example Corporation Customer Support and Billing Department, Tokyo Office"],
    ["a long Japanese name with ASCII", "株式会社サンプル 東京本社 営業本部 第一営業部 部長 山田 太郎 (Sales, Tokyo)"],
    ["an emoji", "🎉 Party Team"],
    ["double spaces", "Taro  Yamada"],
  ])("a display name with %s reads back exactly", (_name, name) => {
    const message = build(draftOf({ from: { name, address: "taro@example.jp" }, to: [{ name, address: "bob@example.jp" }, { address: "x@example.com" }] }));
    expect(mailboxesIn(message, "from")).toEqual([{ name, address: "taro@example.jp" }]);
    expect(mailboxesIn(message, "to")).toEqual([
      { name, address: "bob@example.jp" },
      { name: "", address: "x@example.com" },
    ]);
    expectWholeCharacters(headerBlock(message));
  });

  it.each([
    ["Japanese", "来週の会議の件"],
    ["Japanese with ASCII around it", "Re: 【重要】来週の会議 agenda (v2)"],
    ["a long Japanese subject", "お世話になっております。来週の定例会議の議題と資料についてご確認をお願いいたします。".repeat(3)],
    ["a long ASCII subject", "Please review the quarterly figures before the meeting on Thursday afternoon, thank you"],
    ["double spaces between Japanese words", "会議  資料 と  予定"],
    ["text that looks like an encoded word", "About =?UTF-8?B?5bGx55Sw?= and more"],
    ["an overlong ASCII word", `see https://example.com/${"a".repeat(120)}`],
    ["an emoji", "🎉 お祝い"],
  ])("a subject in %s reads back exactly", (_name, subject) => {
    const message = build(draftOf({ subject }));
    const root = parseMessage(message);
    expect(decodeHeaderValue(getHeader(root, "subject")!.rawValue)).toBe(subject);
    expect(getHeader(root, "subject")!.value).toBe(subject);
    expectWholeCharacters(headerBlock(message));
  });

  it("folds every header line at 78 characters", () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ name: `山田 太郎 ${i}`, address: `user${i}@example.co.jp` }));
    const message = build(draftOf({ to: many, cc: many.slice(0, 5), subject: "長い件名".repeat(40) }));
    const lines = headerBlock(message).split("\r\n");
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(78);
    // A continuation line always holds text: none is blank or white space only.
    for (const line of lines) expect(line.trim()).not.toBe("");
    expect(mailboxesIn(message, "to")).toEqual(many);
  });

  it("writes control characters in names and subjects as spaces, so that no field can be added", () => {
    const message = build(draftOf({ to: [{ name: "Bob\r\nBcc: eve@evil.example", address: "bob@example.jp" }], subject: "Hi\r\nBcc: eve@evil.example" }));
    const root = parseMessage(message);
    expect(getHeader(root, "bcc")).toBeUndefined();
    expect(mailboxesIn(message, "to")).toEqual([{ name: "Bob Bcc: eve@evil.example", address: "bob@example.jp" }]);
  });

  it("writes From, To, Cc, Subject, Date, Message-ID and MIME-Version, and never Bcc", () => {
    const message = build(draftOf({ cc: [{ address: "carol@example.jp" }], bcc: [{ address: "dave@example.jp" }] }));
    const root = parseMessage(message);
    expect(root.headers.map((h) => h.name)).toEqual(["From", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"]);
    expect(fieldValue(root, "date")).toBe("Wed, 1 Oct 2025 03:04:05 +0000");
    expect(latin1(message)).not.toContain("dave@example.jp");
  });

  it("writes the Date in the offset given", () => {
    expect(formatMessageDate(DATE, 540)).toBe("Wed, 1 Oct 2025 12:04:05 +0900");
    expect(formatMessageDate(new Date(Date.UTC(2025, 0, 1, 2, 0, 0)), -330)).toBe("Tue, 31 Dec 2024 20:30:00 -0530");
    expect(() => formatMessageDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatMessageDate(DATE, 24 * 60)).toThrow(RangeError);
  });

  it("writes In-Reply-To and References of a reply, leaving out ids that are not msg-ids", () => {
    const message = build(draftOf({ inReplyTo: "<b@example.jp>", references: ["<a@example.jp>", "not an id", "<x\r\nBcc: e@evil>", "<b@example.jp>"] }));
    const root = parseMessage(message);
    expect(fieldValue(root, "in-reply-to")).toBe("<b@example.jp>");
    expect(fieldValue(root, "references")).toBe("<a@example.jp> <b@example.jp>");
    expect(getHeader(root, "bcc")).toBeUndefined();
  });

  it(`keeps the first and the latest ${MAX_REFERENCES} ids of a long thread`, () => {
    const references = Array.from({ length: 100 }, (_, i) => `<m${i}.very-long-message-id-part@mail.example.co.jp>`);
    const message = build(draftOf({ inReplyTo: references[99], references }));
    const written = fieldValue(parseMessage(message), "references")!.split(/\s+/);
    expect(written).toEqual([references[0], ...references.slice(100 - (MAX_REFERENCES - 1))]);
    for (const line of headerBlock(message).split("\r\n")) expect(line.length).toBeLessThanOrEqual(78);
  });

  it("generates a Message-ID in the sender's domain, or uses the one given", () => {
    const generated = fieldValue(parseMessage(build(draftOf())), "message-id");
    expect(generated).toMatch(/^<[0-9a-f]{32}@example\.jp>$/);
    const given = buildMessage(draftOf(), { date: DATE, random: seededRandom(1), messageId: "<given@example.jp>" });
    expect(fieldValue(parseMessage(given), "message-id")).toBe("<given@example.jp>");
  });
});

const PDF: ComposeAttachment = { name: "議事録 2025年10月（確定版）.pdf", contentType: "application/pdf", content: Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 255), inline: false };
const LOGO: ComposeAttachment = { name: "ロゴ.png", contentType: "image/png", content: Uint8Array.from({ length: 500 }, (_, i) => i & 255), inline: true, contentId: "logo.png@01DA0000" };
const HTML = '<html><head><style>p{margin:0}</style></head><body><p>お世話になっております。</p><p>資料を<b>添付</b>します。<img src="cid:logo.png@01DA0000" alt="ロゴ"></p><p><a href="https://example.jp/agenda">議題</a></p></body></html>';

describe("body and structure", () => {
  it("is 7-bit with CRLF line ends and no line over 78 characters", () => {
    const message = build(draftOf({ subject: "資料の送付", html: HTML, attachments: [PDF, LOGO] }));
    expect(scanTransport(message)).toBe("canonical");
    for (const line of latin1(message).split("\r\n")) expect(line.length).toBeLessThanOrEqual(78);
  });

  it("without attachments: multipart/alternative of the derived text and the HTML", () => {
    const html = "<p>Hello Bob,</p><p>See <a href=\"https://example.com/a\">the agenda</a>.</p>";
    const root = parseMessage(build(draftOf({ html })));
    expect(partsOf(root).map((p) => p.type)).toEqual(["multipart/alternative", "text/plain", "text/html"]);
    const [plain, rich] = root.children;
    expect(plain!.contentType.params["charset"]).toBe("utf-8");
    expect(plain!.transferEncoding).toBe("quoted-printable");
    expect(decodeText(plain!)).toBe(htmlToText(html).replace(/\n/g, "\r\n"));
    expect(decodeText(rich!)).toBe(html);
  });

  it("writes mostly-Japanese text in base64 and mostly-ASCII text in quoted-printable", () => {
    const japanese = parseMessage(build(draftOf({ html: `<p>${"日本語の本文です。".repeat(20)}</p>` })));
    expect(japanese.children.map((c) => c.transferEncoding)).toEqual(["base64", "base64"]);
    expect(decodeText(japanese.children[0]!)).toBe("日本語の本文です。".repeat(20));
    const mixed = parseMessage(build(draftOf({ html: `<p>${"A long English sentence with one word in Japanese: 会議. ".repeat(10)}</p>` })));
    expect(mixed.children.map((c) => c.transferEncoding)).toEqual(["quoted-printable", "quoted-printable"]);
  });

  it("keeps long lines, leading dots and trailing spaces of the HTML through quoted-printable", () => {
    const html = `<p>${"x".repeat(500)}</p>\n.\nFrom here \n<p>end</p>`;
    const root = parseMessage(build(draftOf({ html })));
    expect(decodeText(root.children[1]!)).toBe(html.replace(/\n/g, "\r\n"));
  });

  it("inline images: multipart/related around the alternative, with Content-ID and inline disposition", () => {
    const root = parseMessage(build(draftOf({ html: HTML, attachments: [LOGO] })));
    expect(partsOf(root).map((p) => p.type)).toEqual(["multipart/related", "multipart/alternative", "text/plain", "text/html", "image/png"]);
    expect(root.contentType.params["type"]).toBe("multipart/alternative");
    const image = root.children[1]!;
    expect(fieldValue(image, "content-id")).toBe("<logo.png@01DA0000>");
    expect(fieldValue(image, "content-disposition")).toMatch(/^inline;/);
    expect(paramsOf(image, "content-disposition")["filename"]).toBe("ロゴ.png");
    expect(image.transferEncoding).toBe("base64");
    expect(decodeBody(image)).toEqual(LOGO.content);
  });

  it("attachments: multipart/mixed around the rest, base64 in 76-character lines, file names in any script", () => {
    const message = build(draftOf({ html: HTML, attachments: [PDF, LOGO] }));
    const root = parseMessage(message);
    expect(partsOf(root).map((p) => p.type)).toEqual([
      "multipart/mixed",
      "multipart/related",
      "multipart/alternative",
      "text/plain",
      "text/html",
      "image/png",
      "application/pdf",
    ]);
    const pdf = root.children[1]!;
    expect(fieldValue(pdf, "content-disposition")).toMatch(/^attachment;/);
    // RFC 2231 for readers that know it, and name= (RFC 2047 in quotes) for older ones: both give the same name.
    expect(fieldValue(pdf, "content-disposition")).toMatch(/filename\*0\*=UTF-8''/);
    expect(paramsOf(pdf, "content-disposition")["filename"]).toBe(PDF.name);
    expect(pdf.contentType.params["name"]).toBe(PDF.name);
    expect(decodeBody(pdf)).toEqual(PDF.content);
    const body = latin1(message.subarray(pdf.bodyRange.start, pdf.bodyRange.end)).split("\r\n").filter((l) => l !== "");
    expect(body.slice(0, -1).every((l) => l.length === 76)).toBe(true);
  });

  it("writes an ASCII file name as a plain parameter", () => {
    const root = parseMessage(build(draftOf({ attachments: [{ ...PDF, name: 'report "final".pdf' }] })));
    const pdf = root.children[1]!;
    expect(fieldValue(pdf, "content-disposition")).toBe('attachment; filename="report \\"final\\".pdf"');
    expect(paramsOf(pdf, "content-disposition")["filename"]).toBe('report "final".pdf');
  });

  it("labels a content type it cannot write safely application/octet-stream", () => {
    const root = parseMessage(build(draftOf({ attachments: [{ ...PDF, contentType: "text/plain\r\nBcc: eve@evil.example" }] })));
    expect(root.children[1]!.contentType).toMatchObject({ type: "application", subtype: "octet-stream" });
    expect(getHeader(root, "bcc")).toBeUndefined();
  });

  it("writes an empty body and an empty attachment as parts that read back empty", () => {
    const root = parseMessage(build(draftOf({ html: "", attachments: [{ ...PDF, content: new Uint8Array(0) }] })));
    expect(root.defects).toEqual([]);
    expect(decodeText(partOfType(root, "text/plain"))).toBe("");
    expect(decodeBody(root.children[1]!).length).toBe(0);
  });

  it("is the same bytes for the same random source, and other boundaries for another", () => {
    const draft = draftOf({ html: HTML, attachments: [PDF, LOGO] });
    const a = build(draft, 42);
    expect(Buffer.from(build(draft, 42)).equals(Buffer.from(a))).toBe(true);
    const b = build(draft, 43);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(false);
    const boundaries = [...latin1(a).matchAll(/boundary="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(boundaries).size).toBe(3);
  });
});

describe("drafts that cannot be written", () => {
  it.each([
    ["an inline attachment without content id", { attachments: [{ ...LOGO, contentId: undefined }] }, "inline-without-content-id"],
    ["a content id with brackets", { attachments: [{ ...LOGO, contentId: "<logo>" }] }, "bad-content-id"],
    ["two inline images with one content id", { attachments: [LOGO, { ...LOGO, name: "b.png" }] }, "duplicate-content-id"],
    ["a non-ASCII address", { to: [{ address: "山田@example.jp" }] }, "bad-address"],
    ["an address with a line break", { to: [{ address: "bob@example.jp\r\nBcc: eve@evil.example" }] }, "bad-address"],
    ["a From without domain", { from: { address: "alice" } }, "bad-address"],
    ["an overlong file name", { attachments: [{ ...PDF, name: `${"a".repeat(300)}.pdf` }] }, "file-name-too-long"],
    ["an overlong subject", { subject: "x".repeat(5000) }, "subject-too-long"],
  ] as const)("%s", (_name, overrides, code) => {
    const draft = draftOf(overrides as Partial<ComposeDraft>);
    expect(checkDraft(draft)?.code).toBe(code);
    let thrown: unknown;
    try {
      build(draft);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(MalformedDraftError);
    expect((thrown as MalformedDraftError).problem.code).toBe(code);
  });

  it("a message id that is not <id>", () => {
    expect(checkDraft(draftOf(), { messageId: "no-brackets@example.jp" })?.code).toBe("bad-message-id");
    expect(checkDraft(draftOf(), { messageId: "<ok@example.jp>" })).toBeNull();
  });

  it("names every bad address", () => {
    const problem = checkDraft(draftOf({ to: [{ address: "a b@example.jp" }, { address: "ok@example.jp" }], bcc: [{ address: "@example.jp" }] }));
    expect(problem?.addresses).toEqual(["a b@example.jp", "@example.jp"]);
  });

  it("accepts quoted local parts and domain literals", () => {
    expect(checkDraft(draftOf({ to: [{ address: '"john doe"@example.jp' }, { address: "postmaster@[192.0.2.1]" }] }))).toBeNull();
    const message = build(draftOf({ to: [{ name: "John", address: '"john doe"@example.jp' }] }));
    expect(mailboxesIn(message, "to")).toEqual([{ name: "John", address: '"john doe"@example.jp' }]);
  });
});
