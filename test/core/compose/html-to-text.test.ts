/** htmlToText: the text a reader of the HTML sees, without a DOM. */
import { describe, expect, it } from "vitest";
import { htmlToText } from "../../../src/core/compose/index.js";

describe("htmlToText", () => {
  it.each([
    ["drops head, title, style and script", "<html><head><title>T</title><style>p{color:red}</style></head><body><p>Hi</p><script>alert(1)</script></body></html>", "Hi"],
    ["drops a head left open once the body starts", "<head><meta charset=utf-8><title>x</title><body>text</body>", "text"],
    ["ends a line at each paragraph, as Outlook writes one per line", "<p class=MsoNormal>one</p><p class=MsoNormal>two</p>", "one\ntwo"],
    ["keeps an empty Outlook paragraph as an empty line", "<p>one<o:p></o:p></p><p><o:p>&nbsp;</o:p></p><p>two</p>", "one\n\ntwo"],
    ["turns <br> into line breaks, empty lines included", "a<br>b<br><br>c<br/>", "a\nb\n\nc"],
    ["ignores a <br> that ends a block", "<div>a<br></div><div>b</div>", "a\nb"],
    ["collapses white space of the markup", "<p>  one\n   two\t three  </p>", "one two three"],
    ["keeps white space inside <pre>", "<pre>  x  y\n  z</pre>", "  x  y\n  z"],
    ["drops the line break right after <pre>", "<p>code:</p><pre>\nline 1\n\nline 3\n</pre>after", "code:\nline 1\n\nline 3\nafter"],
    ["keeps Japanese text and its ideographic spaces", "<p>お世話になって<b>おります</b>。　山田です。</p>", "お世話になっております。　山田です。"],
    ["writes list items as - lines, nested ones indented", "<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul>", "- one\n- two\n  - inner"],
    ["numbers ordered list items", "<ol><li>first</li><li>second</li></ol>", "1. first\n2. second"],
    ["shows a link's address when its text does not", '<a href="https://example.com/x">the agenda</a>', "the agenda (https://example.com/x)"],
    ["does not repeat an address the text shows", '<a href="https://example.com/">example.com</a> <a href="mailto:bob@example.jp">bob@example.jp</a>', "example.com bob@example.jp"],
    ["leaves out anchors, scripts and cid: targets", '<a href="#top">top</a> <a href="javascript:x()">run</a> <a href="cid:1">img</a>', "top run img"],
    ["shows the address of a link without text", '<a href="https://example.com/x"><img src="cid:1"></a>', "https://example.com/x"],
    ["writes an image's alt text", '<p>Logo: <img src="cid:1" alt="Example KK"></p>', "Logo: [Example KK]"],
    ["quotes blockquotes with >", "<p>Reply</p><blockquote><p>quoted<br>text</p><blockquote>older</blockquote></blockquote><p>end</p>", "Reply\n> quoted\n> text\n> > older\nend"],
    ["separates table cells with tabs and rows with lines", "<table><tr><td>Name</td><td>Value</td></tr><tr><td>A</td><td>1</td></tr></table>", "Name\tValue\nA\t1"],
    ["writes a horizontal rule as a line of dashes", "above<hr>below", `above\n${"-".repeat(20)}\nbelow`],
    ["drops comments and Outlook's conditional comments", "a<!-- hidden --><!--[if gte mso 9]><xml><o:x>junk</o:x></xml><![endif]-->b", "ab"],
    ["keeps what Outlook's downlevel conditionals show", "<![if !supportLists]>·<![endif]> item", "· item"],
    ["treats a < that starts no tag as text", "1 < 2 and 3 <= 4", "1 < 2 and 3 <= 4"],
    ["keeps a link's query that looks like a reference", '<a href="https://example.com/?a=1&copy=2&amp;b=3">here</a>', "here (https://example.com/?a=1&copy=2&b=3)"],
    ["reads attributes with > inside quotes", '<a title="a > b" href="https://example.com/y">link</a>', "link (https://example.com/y)"],
    ["keeps the text of an unclosed tag's neighbours", "before <b>bold", "before bold"],
  ])("%s", (_name, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it.each([
    ["named", "&amp; &lt; &gt; &quot; &apos; &copy; &eacute; &hellip; &mdash; &euro; &yen;", "& < > \" ' © é … — € ¥"],
    ["numeric", "&#65;&#x3042;&#X1F600;&#12354;", "Aあ😀あ"],
    ["windows-1252 code points", "&#128;&#150;&#153;", "€–™"],
    ["invalid code points", "&#0;&#xD800;&#x110000;", "\ufffd\ufffd\ufffd"],
    ["legacy names without semicolon, as the longest such name", "&amp &copy2025 &nbspx &notit;", "& ©2025  x ¬it;"],
    ["unknown names, left as written", "&unknown; &hellip &zzz;", "&unknown; &hellip &zzz;"],
    ["no-break spaces, which are not collapsed", "a&nbsp;&nbsp;b", "a  b"],
    ["soft hyphens, which are not shown", "co&shy;operate", "cooperate"],
  ])("decodes %s character references", (_name, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it("bounds the indentation of deeply nested quotes", () => {
    const text = htmlToText(`${"<blockquote>".repeat(1000)}deep${"</blockquote>".repeat(1000)}`);
    expect(text.length).toBeLessThan(100);
    expect(text.endsWith("deep")).toBe(true);
  });

  it("is linear in the size of the markup", () => {
    const html = "<div><p>段落 <b>x</b> &amp; <a href='https://e.example/'>y</a></p></div>".repeat(20_000);
    const start = performance.now();
    expect(htmlToText(html).split("\n")).toHaveLength(20_000);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
