/*
 * The text/plain alternative of an HTML body, without a DOM (it runs in Node and in Web Workers): one linear pass
 * over the markup, lenient the way browsers are, keeping what a reader of the HTML would see. Block elements and
 * <br> end lines, list items become "- " (or "1. ") lines, quotes get "> ", links keep their address when their
 * text does not show it. Paragraphs end a line without a blank one: Outlook writes every line as a paragraph.
 */
import { decodeEntities } from "./html-entities.js";

/** Their content is never shown. */
const SKIPPED: ReadonlySet<string> = new Set(["script", "style", "head", "title", "template", "xml"]);
/** Their content is text up to the closing tag, not markup (HTML §13.1.2). Only textarea and xmp of them show it. */
const RAW_TEXT: ReadonlySet<string> = new Set(["script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"]);
const BLOCKS: ReadonlySet<string> = new Set([
  "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
  "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
]);
const LISTS: ReadonlySet<string> = new Set(["ul", "ol", "menu", "dir"]);
/**
 * Quote and list levels that still indent. Quoted replies nest a few levels; a hostile or broken thread could nest
 * thousands, and each level lengthens every line below it, so deeper levels are written like the deepest one.
 */
const MAX_TEXT_NESTING = 16;
/** HTML white space (§2.3.1): U+3000 and other Unicode spaces are text, as browsers treat them. */
const HTML_SPACE = /[ \t\n\f\r]+/;
const HORIZONTAL_RULE = "-".repeat(20);
/** Link targets that mean nothing outside the message (anchors, scripts, its own images). */
const HIDDEN_TARGETS = /^(#|javascript:|cid:|data:|about:)/i;

interface Tag {
  readonly name: string;
  readonly end: boolean;
  readonly attributes: ReadonlyMap<string, string>;
  /** Index after the ">". */
  readonly next: number;
}

interface List {
  readonly ordered: boolean;
  count: number;
}

interface Link {
  readonly href: string;
  /** What the link shows, as written so far. */
  text: string;
}

class TextWriter {
  readonly #lines: string[] = [];
  #line = "";
  #hasContent = false;
  #separator = "";
  #quoteDepth = 0;
  readonly #lists: List[] = [];
  #bullet: string | null = null;
  #link: Link | null = null;
  /** Open <pre> elements: white space is kept inside them. */
  #pre = 0;

  #prefix(): string {
    const quote = "> ".repeat(Math.min(this.#quoteDepth, MAX_TEXT_NESTING));
    const depth = Math.min(this.#lists.length, MAX_TEXT_NESTING);
    if (this.#bullet !== null) {
      const bullet = this.#bullet;
      this.#bullet = null;
      return quote + "  ".repeat(Math.max(0, depth - 1)) + bullet;
    }
    return quote + "  ".repeat(depth);
  }

  /** Appends text to the line, starting the line (its prefix) or adding the pending separator first. */
  #append(text: string): void {
    const link = this.#link;
    if (!this.#hasContent) {
      this.#line = this.#prefix();
      this.#hasContent = true;
      if (link !== null && link.text !== "") link.text += " ";
    } else {
      this.#line += this.#separator;
      if (link !== null && link.text !== "" && this.#separator !== "") link.text += " ";
    }
    this.#separator = "";
    this.#line += text;
    if (link !== null) link.text += text;
  }

  #finishLine(): void {
    this.#lines.push(this.#line);
    this.#line = "";
    this.#hasContent = false;
    this.#separator = "";
  }

  /** Text as it stands in the markup (entities decoded). */
  text(text: string): void {
    if (this.#pre > 0) {
      const lines = text.split(/\r\n?|\n/);
      lines.forEach((piece, k) => {
        if (k > 0) this.lineBreak();
        if (piece !== "") this.#append(piece);
      });
      return;
    }
    for (const piece of text.split(/([ \t\n\f\r]+)/)) {
      if (piece === "") continue;
      if (HTML_SPACE.test(piece)) {
        if (this.#hasContent && this.#separator === "") this.#separator = " ";
        continue;
      }
      this.#append(piece);
    }
  }

  /** The end of a block: ends the line when it holds something. */
  blockBreak(): void {
    if (this.#hasContent) this.#finishLine();
    this.#separator = "";
  }

  /** <br>, or a line break inside <pre>: ends the line, empty or not. */
  lineBreak(): void {
    if (!this.#hasContent) this.#line = "> ".repeat(Math.min(this.#quoteDepth, MAX_TEXT_NESTING));
    this.#finishLine();
  }

  /** Between table cells. */
  cellBreak(): void {
    if (this.#hasContent) this.#separator = "\t";
  }

  enterPre(delta: 1 | -1): void {
    this.blockBreak();
    this.#pre = Math.max(0, this.#pre + delta);
  }

  rule(): void {
    this.blockBreak();
    this.#append(HORIZONTAL_RULE);
    this.#finishLine();
  }

  enterQuote(delta: 1 | -1): void {
    this.blockBreak();
    this.#quoteDepth = Math.max(0, this.#quoteDepth + delta);
  }

  enterList(ordered: boolean): void {
    this.blockBreak();
    this.#lists.push({ ordered, count: 0 });
  }

  leaveList(): void {
    this.blockBreak();
    this.#lists.pop();
    this.#bullet = null;
  }

  item(): void {
    this.blockBreak();
    const list = this.#lists[this.#lists.length - 1];
    if (list === undefined || !list.ordered) {
      this.#bullet = "- ";
      return;
    }
    list.count++;
    this.#bullet = `${list.count}. `;
  }

  endItem(): void {
    this.blockBreak();
    this.#bullet = null;
  }

  image(alt: string): void {
    const clean = alt.replace(/[ \t\n\f\r]+/g, " ").trim();
    if (clean !== "") this.#append(`[${clean}]`);
  }

  openLink(href: string): void {
    this.#link = { href, text: "" };
  }

  closeLink(): void {
    const link = this.#link;
    this.#link = null;
    if (link === null || link.href === "" || HIDDEN_TARGETS.test(link.href) || sameTarget(link.text, link.href)) return;
    if (link.text.trim() === "") {
      this.text(` ${link.href} `);
      return;
    }
    this.#append(`${this.#hasContent && this.#separator === "" ? " " : ""}(${link.href})`);
  }

  finish(): string {
    this.blockBreak();
    const lines = this.#lines.map((l) => l.replace(/\u00a0/g, " ").replace(/\u00ad/g, "").trimEnd());
    while (lines.length > 0 && lines[0] === "") lines.shift();
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines.join("\n");
  }
}

/** Whether a link's text already shows where it goes ("example.com" for https://example.com/, an address for mailto:). */
function sameTarget(text: string, href: string): boolean {
  const strip = (s: string): string =>
    s
      .trim()
      .replace(/^mailto:/i, "")
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
      .replace(/^www\./i, "")
      .replace(/\/$/, "")
      .toLowerCase();
  const t = strip(text);
  return t !== "" && t === strip(href);
}

function isAsciiLetter(c: string | undefined): boolean {
  return c !== undefined && /^[A-Za-z]$/.test(c);
}

/** A start or end tag at `lt` (which holds "<"), or null when the "<" starts no tag and is text. */
function readTag(html: string, lt: number): Tag | null {
  const end = html[lt + 1] === "/";
  let i = lt + (end ? 2 : 1);
  if (!isAsciiLetter(html[i])) return null;
  const nameStart = i;
  while (i < html.length && !/[\s/>]/.test(html[i]!)) i++;
  const name = html.slice(nameStart, i).toLowerCase();
  const attributes = new Map<string, string>();
  while (i < html.length) {
    while (i < html.length && /[\s/]/.test(html[i]!)) i++;
    if (i >= html.length) break;
    if (html[i] === ">") return { name, end, attributes, next: i + 1 };
    const attrStart = i;
    while (i < html.length && !/[\s/>=]/.test(html[i]!)) i++;
    if (i === attrStart) i++;
    const attr = html.slice(attrStart, i).toLowerCase();
    while (i < html.length && /\s/.test(html[i]!)) i++;
    let value = "";
    if (html[i] === "=") {
      i++;
      while (i < html.length && /\s/.test(html[i]!)) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const stop = close < 0 ? html.length : close;
        value = html.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const start = i;
        while (i < html.length && !/[\s>]/.test(html[i]!)) i++;
        value = html.slice(start, i);
      }
    }
    if (!attributes.has(attr)) attributes.set(attr, decodeEntities(value, true));
  }
  return { name, end, attributes, next: html.length };
}

/** Where the raw text of `name` that starts at `from` ends, and where its closing tag ends. */
function rawTextEnd(html: string, name: string, from: number): { text: number; next: number } {
  const close = new RegExp(`</${name}[\\s/>]`, "ig");
  close.lastIndex = from;
  const m = close.exec(html);
  if (m === null) return { text: html.length, next: html.length };
  const gt = html.indexOf(">", m.index);
  return { text: m.index, next: gt < 0 ? html.length : gt + 1 };
}

/** Where the markup that starts with "<!" or "<?" at `lt` (a comment, a doctype, a conditional) ends. */
function skipDeclaration(html: string, lt: number): number {
  if (html.startsWith("<!--", lt)) {
    const end = html.indexOf("-->", lt + 4);
    return end < 0 ? html.length : end + 3;
  }
  const end = html.indexOf(">", lt + 2);
  return end < 0 ? html.length : end + 1;
}

function startTag(out: TextWriter, tag: Tag): void {
  const { name } = tag;
  if (name === "br") out.lineBreak();
  else if (name === "hr") out.rule();
  else if (name === "blockquote") out.enterQuote(1);
  else if (LISTS.has(name)) out.enterList(name === "ol");
  else if (name === "li") out.item();
  else if (name === "td" || name === "th") out.cellBreak();
  else if (name === "img") out.image(tag.attributes.get("alt") ?? "");
  else if (name === "a") out.openLink((tag.attributes.get("href") ?? "").trim());
  else if (name === "pre") out.enterPre(1);
  else if (BLOCKS.has(name)) out.blockBreak();
}

function endTag(out: TextWriter, name: string): void {
  if (name === "blockquote") out.enterQuote(-1);
  else if (LISTS.has(name)) out.leaveList();
  else if (name === "li") out.endItem();
  else if (name === "a") out.closeLink();
  else if (name === "br") out.lineBreak();
  else if (name === "pre") out.enterPre(-1);
  else if (BLOCKS.has(name)) out.blockBreak();
}

/** The text a reader of `html` sees, as plain text with "\n" line ends and no trailing newline. */
export function htmlToText(html: string): string {
  const out = new TextWriter();
  /** Inside an element whose content is not shown (head, template...): what closes it. */
  let skipping: string | null = null;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    const textEnd = lt < 0 ? html.length : lt;
    if (textEnd > i && skipping === null) out.text(decodeEntities(html.slice(i, textEnd)));
    if (lt < 0) break;
    if (html[lt + 1] === "!" || html[lt + 1] === "?") {
      i = skipDeclaration(html, lt);
      continue;
    }
    const tag = readTag(html, lt);
    if (tag === null) {
      if (skipping === null) out.text("<");
      i = lt + 1;
      continue;
    }
    i = tag.next;
    if (skipping !== null) {
      // A head left open ends where the body starts, as browsers end it.
      if ((tag.end && tag.name === skipping) || (skipping === "head" && !tag.end && tag.name === "body")) skipping = null;
      continue;
    }
    if (tag.end) {
      endTag(out, tag.name);
      continue;
    }
    if (RAW_TEXT.has(tag.name)) {
      const raw = rawTextEnd(html, tag.name, i);
      if (!SKIPPED.has(tag.name) && tag.name !== "iframe") {
        out.blockBreak();
        out.text(tag.name === "textarea" ? decodeEntities(html.slice(i, raw.text)) : html.slice(i, raw.text));
        out.blockBreak();
      }
      i = raw.next;
      continue;
    }
    if (SKIPPED.has(tag.name)) {
      skipping = tag.name;
      continue;
    }
    startTag(out, tag);
    // A line break right after <pre> is not part of its content (HTML §13.2.6.4.7).
    if (tag.name === "pre") i += html.startsWith("\r\n", i) ? 2 : html[i] === "\n" ? 1 : 0;
  }
  return out.finish();
}
