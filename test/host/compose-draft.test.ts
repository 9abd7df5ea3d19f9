/// <reference types="office-js" />
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ComposeHost } from "../../src/host/compose-host.js";
import { isComposeItem, type ComposeItem, type OfficeComposeApi } from "../../src/host/compose-item.js";
import type { ConfigResult } from "../../src/host/config.js";
import { createOutlookComposeHost } from "../../src/host/outlook-compose-host.js";
import { startMockGraph, type MockGraph } from "../e2e/lib/mock-graph.js";
import { ERRORS, fakeComposeOutlook, type FakeAttachment, type FakeComposeOptions } from "./fake-compose-office.js";
import { fakeMsal, interactionRequired, type Step } from "./fake-msal.js";

/** Compile-time: the real office.js global and compose item still fit what the compose host asks of them. */
type RealOfficeFits = typeof Office extends OfficeComposeApi ? true : false;
type RealItemFits = Office.MessageCompose extends ComposeItem ? true : false;
const realOfficeFits: RealOfficeFits = true;
const realItemFits: RealItemFits = true;

const TOKEN = "compose-token";
const CLIENT_ID = "0f5e2b8c-3c1d-4c1e-9f3a-7d2b1a6e4c90";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e3a0a80000000049454e44ae426082", "hex");
const PDF = Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "latin1");
const ATTACHED_EML = "From: hanako@example.jp\r\nSubject: =?UTF-8?B?5pyI5L6L5Lya6K2w?=\r\n\r\n本文\r\n";

const file = (id: string, name: string, bytes: Buffer, extra: Partial<FakeAttachment> = {}): FakeAttachment => ({
  id,
  name,
  attachmentType: "file",
  size: bytes.length,
  isInline: false,
  content: { format: "base64", content: bytes.toString("base64") },
  ...extra,
});

let graph: MockGraph;
beforeEach(async () => {
  graph = await startMockGraph({ token: TOKEN });
});
afterEach(() => graph.close());

function setup(outlook: FakeComposeOptions = {}, config?: ConfigResult, msal: { silent: Step[]; popup?: Step[] } = { silent: [{ token: TOKEN }] }) {
  const fake = fakeComposeOutlook(outlook);
  const identity = fakeMsal(msal);
  const host: ComposeHost = createOutlookComposeHost(fake.office, {
    loadConfig: async () =>
      config ?? { ok: true, graph: { clientId: CLIENT_ID, graphBaseUrl: graph.baseUrl, authority: "https://login.microsoftonline.com/common" } },
    createNestableClient: identity.factory,
    fetch: globalThis.fetch,
    sleep: async () => undefined,
  });
  return { host, fake, identity };
}

const NOT_CONFIGURED: ConfigResult = { ok: false, reason: "absent", detail: "no config.json beside the page" };

describe("reading the draft", () => {
  it("reads From, recipients, a Japanese subject and the HTML body as Outlook hands them over", async () => {
    const { host, fake } = setup(
      {
        from: { displayName: "山田 太郎", emailAddress: "taro.yamada@example.co.jp" },
        to: [
          { displayName: "佐藤 花子", emailAddress: "hanako.sato@example.jp" },
          { displayName: "bob@example.com", emailAddress: "bob@example.com" },
        ],
        cc: [{ displayName: "Carol", emailAddress: " carol@example.org " }],
        bcc: [{ displayName: "", emailAddress: "dave@example.net" }],
        subject: "【重要】来週の打ち合わせについて",
        html: "<html><body><p>こんにちは</p></body></html>",
      },
      NOT_CONFIGURED,
    );
    expect(await host.readDraft()).toEqual({
      ok: true,
      draft: {
        from: { name: "山田 太郎", address: "taro.yamada@example.co.jp" },
        to: [{ name: "佐藤 花子", address: "hanako.sato@example.jp" }, { address: "bob@example.com" }],
        cc: [{ name: "Carol", address: "carol@example.org" }],
        bcc: [{ address: "dave@example.net" }],
        subject: "【重要】来週の打ち合わせについて",
        html: "<html><body><p>こんにちは</p></body></html>",
        attachments: [],
      },
    });
    expect(fake.log.find((l) => l.call === "body.getAsync")?.args).toBe("html");
  });

  it("takes the sender from the user profile when the item has no From (before Mailbox 1.7) or none is chosen", async () => {
    for (const from of [undefined, null] as const) {
      const { host } = setup({ from, to: [{ displayName: "A", emailAddress: "a@example.com" }] }, NOT_CONFIGURED);
      const result = await host.readDraft();
      expect(result.ok && result.draft.from).toEqual({ name: "Taro Yamada", address: "taro.yamada@example.co.jp" });
    }
  });

  it("reads attachments: files with a type from their name, inline images with their content id, an attached message", async () => {
    const { host } = setup(
      {
        from: { displayName: "Taro", emailAddress: "taro@example.co.jp" },
        html: '<p>図:</p><img src="cid:chart@01DA0001"><img src="cid:image001.png@01DA7C2B.5E9B3F60">',
        attachments: [
          file("att-1", "見積書.pdf", PDF),
          file("att-2", "chart.png", PNG, { isInline: true, contentId: "<chart@01DA0001>" }),
          // Before Mailbox 1.16 there is no contentId: Outlook's own cid starts with the file name.
          file("att-3", "image001.png", PNG, { isInline: true }),
          // Inline, but nothing in the HTML points at it: it still goes out, as an ordinary attachment.
          file("att-4", "stray.png", PNG, { isInline: true }),
          { id: "att-5", name: "議事録", attachmentType: "item", size: 120, isInline: false, content: { format: "eml", content: ATTACHED_EML } },
        ],
      },
      NOT_CONFIGURED,
    );
    const result = await host.readDraft();
    expect(result.ok).toBe(true);
    const attachments = result.ok ? result.draft.attachments : [];
    expect(attachments.map(({ content: _content, ...rest }) => rest)).toEqual([
      { name: "見積書.pdf", contentType: "application/pdf", inline: false },
      { name: "chart.png", contentType: "image/png", inline: true, contentId: "chart@01DA0001" },
      { name: "image001.png", contentType: "image/png", inline: true, contentId: "image001.png@01DA7C2B.5E9B3F60" },
      { name: "stray.png", contentType: "image/png", inline: false },
      { name: "議事録.eml", contentType: "message/rfc822", inline: false },
    ]);
    expect(Buffer.from(attachments[0]!.content).equals(PDF)).toBe(true);
    expect(Buffer.from(attachments[1]!.content).equals(PNG)).toBe(true);
    expect(new TextDecoder().decode(attachments[4]!.content)).toBe(ATTACHED_EML);
  });

  it("refuses a cloud attachment without downloading any attachment", async () => {
    const { host, fake } = setup(
      {
        attachments: [
          file("att-1", "a.pdf", PDF),
          { id: "att-2", name: "Budget.xlsx", attachmentType: "cloud", size: 0, isInline: false, content: { format: "url", content: "https://contoso-my.sharepoint.com/x" } },
        ],
      },
      NOT_CONFIGURED,
    );
    expect(await host.readDraft()).toEqual({ ok: false, code: "cloud-attachment", detail: "Budget.xlsx" });
    expect(fake.calls().filter((c) => c.startsWith("getAttachmentContentAsync"))).toEqual([]);
  });

  it("refuses an attachment whose content comes back as a link", async () => {
    const { host } = setup(
      { attachments: [{ id: "att-1", name: "link", attachmentType: "file", size: 0, isInline: false, content: { format: "url", content: "https://x" } }] },
      NOT_CONFIGURED,
    );
    expect(await host.readDraft()).toMatchObject({ ok: false, code: "cloud-attachment" });
  });

  it("reports an attachment Outlook cannot hand over", async () => {
    const { host } = setup(
      { attachments: [file("att-1", "a.pdf", PDF)], failures: { "getAttachmentContentAsync:att-1": ERRORS.attachmentDownload } },
      NOT_CONFIGURED,
    );
    expect(await host.readDraft()).toEqual({
      ok: false,
      code: "attachment-read-failed",
      detail: "a.pdf: The attachment could not be downloaded.",
    });
  });

  const officeFailures = ["from.getAsync", "to.getAsync", "cc.getAsync", "bcc.getAsync", "subject.getAsync", "body.getAsync", "getAttachmentsAsync"];
  for (const call of officeFailures)
    it(`reports ${call} failing as office-read-failed`, async () => {
      const { host } = setup({ from: { displayName: "T", emailAddress: "t@example.com" }, failures: { [call]: ERRORS.generic } }, NOT_CONFIGURED);
      const result = await host.readDraft();
      expect(result).toMatchObject({ ok: false, code: "office-read-failed" });
      expect(!result.ok && result.detail).toContain(ERRORS.generic.message);
    });

  it("refuses a recipient without an address (a contact group Outlook did not expand) rather than dropping it", async () => {
    const { host } = setup({ to: [{ displayName: "Project team", emailAddress: "" }] }, NOT_CONFIGURED);
    expect(await host.readDraft()).toMatchObject({ ok: false, code: "office-read-failed" });
  });

  it("says so on clients without the attachment API (before Mailbox 1.8)", async () => {
    const { host } = setup({ mailbox: "1.7" }, NOT_CONFIGURED);
    const result = await host.readDraft();
    expect(result).toMatchObject({ ok: false, code: "office-read-failed" });
    expect(!result.ok && result.detail).toContain("1.8");
  });

  it("answers no-compose-item beside a message being read, or an appointment", async () => {
    const readItem = { itemId: "AAMk/1", subject: "hello", body: { getAsync: () => undefined } };
    const { office } = fakeComposeOutlook();
    const host = createOutlookComposeHost({ ...office, context: { ...office.context, mailbox: { ...office.context.mailbox, item: readItem } } });
    expect(await host.readDraft()).toMatchObject({ ok: false, code: "no-compose-item" });
    expect(isComposeItem(readItem)).toBe(false);
    expect(isComposeItem(fakeComposeOutlook({ itemType: "appointment" }).office.context.mailbox.item)).toBe(false);
    expect(isComposeItem(office.context.mailbox.item)).toBe(true);
    expect(isComposeItem(null)).toBe(false);
  });
});

describe("a reply's threading fields", () => {
  const DRAFT_HEAD =
    "From: Taro <taro@example.co.jp>\r\nSubject: RE: hello\r\nIn-Reply-To: <orig-2@example.jp>\r\n" +
    "References: <orig-1@example.jp>\r\n <orig-2@example.jp>\r\nMIME-Version: 1.0\r\n\r\n";

  it("saves the draft and reads In-Reply-To and References from its MIME through Graph", async () => {
    const { host, fake } = setup({ composeType: "reply" });
    graph.putMessage(fake.restId, `${DRAFT_HEAD}<p>the reply</p>\r\n`);
    const result = await host.readDraft();
    expect(result.ok && result.draft.inReplyTo).toBe("<orig-2@example.jp>");
    expect(result.ok && result.draft.references).toEqual(["<orig-1@example.jp>", "<orig-2@example.jp>"]);
    expect(fake.calls()).toContain("saveAsync");
    expect(graph.requests.filter((r) => r.endpoint === "getMessageValue").map((r) => r.messageId)).toEqual([fake.restId]);
  });

  it("uses the id of a draft Outlook already saved, without saving again", async () => {
    const { host, fake } = setup({ composeType: "forward", saved: true });
    graph.putMessage(fake.restId, DRAFT_HEAD);
    const result = await host.readDraft();
    expect(result.ok && result.draft.inReplyTo).toBe("<orig-2@example.jp>");
    expect(fake.calls()).not.toContain("saveAsync");
  });

  it("leaves them out for a new message, and neither saves nor asks Graph", async () => {
    const { host, fake } = setup({ composeType: "newMail" });
    const result = await host.readDraft();
    expect(result.ok && "inReplyTo" in result.draft).toBe(false);
    expect(fake.calls()).not.toContain("saveAsync");
    expect(graph.requests).toHaveLength(0);
  });

  it("leaves them out without Graph: no save, no token", async () => {
    const { host, fake, identity } = setup({ composeType: "reply" }, NOT_CONFIGURED);
    const result = await host.readDraft();
    expect(result.ok).toBe(true);
    expect(result.ok && result.draft.inReplyTo).toBeUndefined();
    expect(fake.calls()).not.toContain("saveAsync");
    expect(identity.configs).toHaveLength(0);
  });

  it("reads them once per pane: the draft's threading does not change while it is written", async () => {
    const { host, fake } = setup({ composeType: "reply" });
    graph.putMessage(fake.restId, DRAFT_HEAD);
    await host.readDraft();
    const second = await host.readDraft();
    expect(second.ok && second.draft.inReplyTo).toBe("<orig-2@example.jp>");
    expect(fake.calls().filter((c) => c === "saveAsync")).toHaveLength(1);
    expect(graph.requests.filter((r) => r.endpoint === "getMessageValue")).toHaveLength(1);
  });

  it("opens no sign-in window for them: the pane reads the draft before the user asks for anything", async () => {
    const { host, fake, identity } = setup({ composeType: "reply" }, undefined, { silent: [interactionRequired(), { token: TOKEN }], popup: [{ token: TOKEN }] });
    graph.putMessage(fake.restId, DRAFT_HEAD);
    const first = await host.readDraft();
    expect(first.ok && first.draft.inReplyTo).toBeUndefined();
    expect(identity.popupRequests).toHaveLength(0);
    expect(graph.requests).toHaveLength(0);
    // Once signed in (here: the next silent request succeeds), the next read finds them.
    const second = await host.readDraft();
    expect(second.ok && second.draft.inReplyTo).toBe("<orig-2@example.jp>");
  });

  it("keeps the first and the latest 99 of a very long References chain", async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `<m${i}@example.jp>`);
    const { host, fake } = setup({ composeType: "reply" });
    graph.putMessage(fake.restId, `In-Reply-To: <m149@example.jp>\r\nReferences: ${ids.join("\r\n ")}\r\n\r\n`);
    const result = await host.readDraft();
    expect(result.ok && result.draft.references).toEqual([ids[0], ...ids.slice(51)]);
  });

  it("still reads the draft when Graph cannot find it (a cached-mode client that has not synced it yet)", async () => {
    const { host } = setup({ composeType: "reply" });
    const result = await host.readDraft();
    expect(result.ok).toBe(true);
    expect(result.ok && result.draft.references).toBeUndefined();
    expect(graph.requests.filter((r) => r.endpoint === "getMessageValue").map((r) => r.status)).toEqual([404]);
  });
});
