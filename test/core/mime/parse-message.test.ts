import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeBody,
  decodeText,
  getHeader,
  getHeaders,
  MAX_HEADER_BYTES,
  MAX_HEADER_FIELDS,
  MAX_MESSAGE_BYTES,
  MAX_MIME_DEPTH,
  MAX_PARTS,
  parseAddressList,
  parseMessage,
  type MimePart,
} from "../../../src/core/mime/index.js";
import { at, bytes, expectInvariants, utf8Latin1, walk } from "./helpers.js";

function parse(text: string): MimePart {
  const root = parseMessage(bytes(text));
  expectInvariants(root);
  return root;
}

const SIGNED = [
  'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="b1"{E}',
  "{E}",
  "This is an S/MIME signed message{E}",
  "--b1{E}",
  "Content-Type: text/plain; charset=utf-8{E}",
  "{E}",
  "Hello{E}",
  "{E}",
  "--b1{E}",
  "Content-Type: application/pkcs7-signature{E}",
  "Content-Transfer-Encoding: base64{E}",
  "{E}",
  "AAEC{E}",
  "--b1--{E}",
  "epilogue{E}",
].join("");

describe("multipart/signed first part: exact bytes", () => {
  it.each([
    ["CRLF", "\r\n"],
    ["LF", "\n"],
  ])("%s line endings", (_name, eol) => {
    const root = parse(SIGNED.replaceAll("{E}", eol));
    expect(root.defects).toEqual([]);
    expect(root.children).toHaveLength(2);
    const [first, sig] = root.children as [MimePart, MimePart];
    expect(at(first, first.range)).toBe(`Content-Type: text/plain; charset=utf-8${eol}${eol}Hello${eol}`);
    expect(at(first, first.headerRange)).toBe(`Content-Type: text/plain; charset=utf-8${eol}`);
    expect(at(first, first.bodyRange)).toBe(`Hello${eol}`);
    expect(at(root, root.preamble)).toBe("This is an S/MIME signed message");
    expect(at(root, root.epilogue)).toBe(`epilogue${eol}`);
    expect(at(sig, sig.bodyRange)).toBe(`AAEC`);
    expect(Array.from(decodeBody(sig))).toEqual([0, 1, 2]);
  });

  it.each([
    {
      name: "CRLF part between LF boundary lines",
      body: "--b1\nContent-Type: text/plain\r\n\r\nHello\r\n\n--b1\n\n--b1--\n",
      first: "Content-Type: text/plain\r\n\r\nHello\r\n",
    },
    {
      name: "LF part between CRLF boundary lines",
      body: "--b1\r\nContent-Type: text/plain\n\nHello\n\r\n--b1\r\n\r\n--b1--\r\n",
      first: "Content-Type: text/plain\n\nHello\n",
    },
    {
      name: "line break before the boundary is CRLF, inside the part LF",
      body: "--b1\nA: 1\n\nx\ny\r\n--b1--",
      first: "A: 1\n\nx\ny",
    },
    {
      name: "transport padding after the boundaries",
      body: "--b1 \t \r\nA: 1\r\n\r\nx\r\n--b1\t\r\n\r\n--b1-- \r\n",
      first: "A: 1\r\n\r\nx",
    },
    {
      name: "trailing white space lines in the part are content",
      body: "--b1\r\n\r\nx  \r\n \r\n\r\n--b1--\r\n",
      first: "\r\nx  \r\n \r\n",
    },
    {
      name: "first boundary at the very start of the body (no preamble)",
      body: "--b1\r\n\r\nx\r\n--b1--",
      first: "\r\nx",
    },
    {
      name: "empty part (two boundaries in a row)",
      body: "--b1\r\n--b1\r\nA: 1\r\n\r\nx\r\n--b1--\r\n",
      first: "",
    },
    {
      name: "boundary line without a final line break at the end",
      body: "--b1\r\n\r\nx\r\n--b1--",
      first: "\r\nx",
    },
  ])("$name", ({ body, first }) => {
    const root = parse(`Content-Type: multipart/signed; boundary=b1\r\n\r\n${body}`);
    expect(at(root, root.children[0]!.range)).toBe(first);
    expect(root.defects).toEqual([]);
  });
});

describe("boundaries", () => {
  it("missing close boundary: the rest is the last part", () => {
    const root = parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b\r\n\r\ntwo\r\n");
    expect(root.children.map((c) => at(c, c.bodyRange))).toEqual(["one", "two\r\n"]);
    expect(root.defects).toContain("multipart:missing-close-boundary");
    expect(root.epilogue).toBeUndefined();
  });

  it("boundary not found: no children", () => {
    const root = parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n--c\r\n\r\none\r\n--c--\r\n");
    expect(root.children).toEqual([]);
    expect(root.defects).toEqual(["multipart:boundary-not-found"]);
  });

  it("no boundary parameter: no children", () => {
    const root = parse("Content-Type: multipart/mixed\r\n\r\n--b\r\n\r\none\r\n--b--\r\n");
    expect(root.children).toEqual([]);
    expect(root.defects).toEqual(["multipart:no-boundary-param"]);
  });

  it("close boundary first: no parts", () => {
    const root = parse("Content-Type: multipart/mixed; boundary=b\r\n\r\npre\r\n--b--\r\nepi");
    expect(root.children).toEqual([]);
    expect(root.defects).toEqual(["multipart:no-parts"]);
    expect(at(root, root.epilogue)).toBe("epi");
  });

  it("text after the close boundary is epilogue, even if it looks like parts", () => {
    const root = parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b--\r\n--b\r\n\r\nsmuggled\r\n");
    expect(root.children).toHaveLength(1);
    expect(at(root, root.epilogue)).toBe("--b\r\n\r\nsmuggled\r\n");
  });

  it.each([
    ["a longer boundary sharing the prefix", "--abcd"],
    ["the boundary followed by a dash", "--abc-"],
    ["the close boundary followed by text", "--abc--x"],
    ["the boundary followed by text", "--abc x"],
    ["the boundary not at a line start", " --abc"],
    ["the boundary after text on the line", "x--abc"],
    ["one dash less", "-abc"],
    ["the boundary followed by a bare CR and text", "--abc\rx"],
  ])("not a delimiter: %s", (_name, line) => {
    const root = parse(`Content-Type: multipart/mixed; boundary=abc\r\n\r\n--abc\r\n\r\n1\r\n${line}\r\n2\r\n--abc--\r\n`);
    expect(root.children).toHaveLength(1);
    expect(at(root, root.children[0]!.bodyRange)).toBe(`1\r\n${line}\r\n2`);
  });

  it.each([
    ["inner boundary extends the outer one", "abc", "abcd"],
    ["outer boundary extends the inner one", "abcd", "abc"],
    ["inner boundary is the outer one plus a dash and more", "abc", "abc-x"],
  ])("nested multiparts: %s", (_name, outer, inner) => {
    const msg =
      `Content-Type: multipart/mixed; boundary="${outer}"\r\n\r\n` +
      `--${outer}\r\nContent-Type: multipart/alternative; boundary="${inner}"\r\n\r\n` +
      `--${inner}\r\n\r\ninner one\r\n--${inner}\r\n\r\ninner two\r\n--${inner}--\r\n` +
      `--${outer}\r\n\r\nouter two\r\n--${outer}--\r\n`;
    const root = parse(msg);
    expect(root.defects).toEqual([]);
    expect(root.children).toHaveLength(2);
    const alt = root.children[0]!;
    expect(alt.contentType.subtype).toBe("alternative");
    expect(alt.defects).toEqual([]);
    expect(alt.children.map((c) => at(c, c.bodyRange))).toEqual(["inner one", "inner two"]);
    expect(at(alt, alt.epilogue)).toBe("");
    expect(at(root, root.children[1]!.bodyRange)).toBe("outer two");
  });

  it("boundary with characters that need quoting, and an unquoted one with '='", () => {
    const quoted = parse('Content-Type: multipart/mixed; boundary="a (b) c?"\r\n\r\n--a (b) c?\r\n\r\nx\r\n--a (b) c?--\r\n');
    expect(quoted.children.map((c) => at(c, c.bodyRange))).toEqual(["x"]);
    const bare = parse("Content-Type: multipart/mixed; boundary=----=_NextPart_000_0001\r\n\r\n------=_NextPart_000_0001\r\n\r\nx\r\n------=_NextPart_000_0001--\r\n");
    expect(bare.children.map((c) => at(c, c.bodyRange))).toEqual(["x"]);
  });
});

describe("headers", () => {
  it("a part starting with a blank line has no headers", () => {
    const root = parse("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nbody\n--b--\n");
    const part = root.children[0]!;
    expect(part.headers).toEqual([]);
    expect(part.headerRange).toEqual({ start: part.range.start, end: part.range.start });
    expect(at(part, part.bodyRange)).toBe("body");
    expect(part.contentType).toEqual({ type: "text", subtype: "plain", params: { charset: "us-ascii" } });
    expect(part.defects).toEqual([]);
  });

  it("a part with neither headers nor a blank line is all body", () => {
    const root = parse("Content-Type: multipart/signed; boundary=b\n\n--b\nThis is the content to be signed.\n\n--b--\n");
    const part = root.children[0]!;
    expect(part.headers).toEqual([]);
    expect(part.headerRange.start).toBe(part.headerRange.end);
    expect(at(part, part.bodyRange)).toBe("This is the content to be signed.\n");
    expect(part.defects).toEqual(["header:no-header-block"]);
  });

  it("a line that is not a field ends the header block", () => {
    const root = parse("Subject: hi\r\nthis is body\r\nmore\r\n");
    expect(root.headers.map((h) => h.name)).toEqual(["Subject"]);
    expect(at(root, root.bodyRange)).toBe("this is body\r\nmore\r\n");
    expect(at(root, root.headerRange)).toBe("Subject: hi\r\n");
    expect(root.defects).toEqual(["header:invalid-line"]);
  });

  it("headers without a body or blank line", () => {
    const root = parse("Subject: hi\r\nFrom: a@b.example");
    expect(root.headers).toHaveLength(2);
    expect(root.bodyRange).toEqual({ start: root.range.end, end: root.range.end });
    expect(root.defects).toEqual([]);
  });

  it.each([
    ["CRLF folding", "Subject: one\r\n two\r\n\tthree\r\nX: y\r\n\r\n", "Subject: one\r\n two\r\n\tthree", "one two\tthree"],
    ["LF folding", "Subject: one\n two\nX: y\n\n", "Subject: one\n two", "one two"],
    ["mixed folding", "Subject: one\r\n two\n three\r\n\r\n", "Subject: one\r\n two\n three", "one two three"],
    ["blanks before the colon (obsolete)", "Subject \t: x \r\n\r\n", "Subject \t: x ", "x"],
    ["empty value", "Subject:\r\n\r\n", "Subject:", ""],
  ])("%s", (_name, msg, raw, rawValue) => {
    const root = parse(msg);
    const h = root.headers[0]!;
    expect(h.name).toBe("Subject");
    expect(at(root, h.raw)).toBe(raw);
    expect(h.rawValue).toBe(rawValue);
  });

  it("skips an mbox From_ line", () => {
    const root = parse("From alice@example.com Mon Jan  1 00:00:00 2024\nFrom: alice@example.com\n\nbody\n");
    expect(root.headers.map((h) => h.name)).toEqual(["From"]);
    expect(root.defects).toEqual(["header:mbox-from-line"]);
  });

  it("decodes Japanese header values for display, raw and encoded", () => {
    const subjectUtf8 = utf8Latin1("日本語");
    const jis = "\x1b$BF|K\\8l\x1b(B";
    const root = parse(
      `Subject: ${subjectUtf8}\r\nX-Jis: ${jis}\r\nX-Sjis: \x93\xfa\x96\x7b\x8c\xea\r\n` +
        "X-Encoded: =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=\r\n\r\n",
    );
    expect(root.headers.map((h) => h.value)).toEqual(["日本語", "日本語", "日本語", "日本語"]);
    expect(root.headers[0]!.rawValue).toBe(subjectUtf8);
  });

  it("getHeaders and getHeader match names case-insensitively and keep order", () => {
    const root = parse("Received: one\r\nRECEIVED: two\r\nreceived: three\r\nSubject: s\r\n\r\n");
    expect(getHeaders(root, "Received").map((h) => h.value)).toEqual(["one", "two", "three"]);
    expect(getHeader(root, "rEcEiVeD")?.value).toBe("one");
    expect(getHeader(root, "X-Missing")).toBeUndefined();
    expect(getHeaders(root, "X-Missing")).toEqual([]);
  });

  it("records duplicate Content-Type and uses the first", () => {
    const root = parse("Content-Type: text/html\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n");
    expect(root.contentType.type).toBe("text");
    expect(root.children).toEqual([]);
    expect(root.defects).toEqual(["header:duplicate-content-type"]);
  });
});

describe("content types of parts", () => {
  it("multipart/digest parts default to message/rfc822 and are parsed as messages", () => {
    const root = parse(
      "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: one\r\n\r\nfirst\r\n" +
        "--d\r\nContent-Type: text/plain\r\n\r\nplain\r\n--d--\r\n",
    );
    const [digested, plain] = root.children as [MimePart, MimePart];
    expect(digested.contentType).toEqual({ type: "message", subtype: "rfc822", params: {} });
    expect(digested.children).toHaveLength(1);
    expect(getHeader(digested.children[0]!, "subject")?.value).toBe("one");
    expect(at(digested, digested.children[0]!.bodyRange)).toBe("first");
    expect(plain.contentType.subtype).toBe("plain");
  });

  it("message/rfc822 is parsed as a nested message in the same buffer", () => {
    const root = parse(
      "Content-Type: message/rfc822\r\n\r\nFrom: Inner <inner@example.com>\r\nContent-Type: multipart/mixed; boundary=i\r\n\r\n" +
        "--i\r\n\r\ninner part\r\n--i--\r\n",
    );
    const inner = root.children[0]!;
    expect(inner.source).toBe(root.source);
    expect(inner.depth).toBe(1);
    expect(inner.range).toEqual(root.bodyRange);
    expect(parseAddressList(getHeader(inner, "from")!.rawValue)).toEqual([{ name: "Inner", address: "inner@example.com" }]);
    expect(at(inner, inner.children[0]!.bodyRange)).toBe("inner part");
    expect(inner.children[0]!.depth).toBe(2);
  });

  it("base64-encoded message/rfc822 is decoded into its own buffer", () => {
    const innerText = "Subject: inner\r\n\r\nhello\r\n";
    const root = parse(
      `Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n${btoa(innerText)}\r\n`,
    );
    const inner = root.children[0]!;
    expect(root.defects).toEqual(["message:encoded"]);
    expect(inner.source).not.toBe(root.source);
    expect(at(inner, inner.range)).toBe(innerText);
    expect(getHeader(inner, "Subject")?.value).toBe("inner");
    expect(decodeText(inner)).toBe("hello\r\n");
  });
});

describe("limits", () => {
  it("1000 nested multiparts stop at MAX_MIME_DEPTH with a defect", () => {
    let body = "deepest\r\n";
    for (let i = 999; i >= 0; i--) {
      body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
    }
    const root = parse(body);
    let p = root;
    while (p.children.length > 0) p = p.children[0]!;
    expect(p.depth).toBe(MAX_MIME_DEPTH);
    expect(p.contentType.type).toBe("multipart");
    expect(p.defects).toEqual(["limit:depth"]);
  });

  it("1000 nested message/rfc822 parts stop at MAX_MIME_DEPTH with a defect", () => {
    const root = parse("Content-Type: message/rfc822\r\n\r\n".repeat(1000) + "body");
    let p = root;
    while (p.children.length > 0) p = p.children[0]!;
    expect(p.depth).toBe(MAX_MIME_DEPTH);
    expect(p.defects).toEqual(["limit:depth"]);
  });

  it("more than MAX_PARTS parts are cut with a defect", () => {
    const root = parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n" + "--b\r\n\r\nx\r\n".repeat(MAX_PARTS + 5) + "--b--\r\n");
    let count = 0;
    walk(root, () => count++);
    expect(count).toBe(MAX_PARTS);
    expect(root.defects).toEqual(["limit:parts"]);
  });

  it("more than MAX_HEADER_FIELDS fields: the rest are not recorded, the body is still found", () => {
    const root = parse("X-A: 1\r\n".repeat(MAX_HEADER_FIELDS + 10) + "\r\nbody");
    expect(root.headers).toHaveLength(MAX_HEADER_FIELDS);
    expect(root.defects).toEqual(["limit:header-fields"]);
    expect(at(root, root.bodyRange)).toBe("body");
  });

  it("a header block over MAX_HEADER_BYTES: the rest is not recorded, the body is still found", () => {
    const root = parse("X-A: 1\r\nX-Long: " + "a\r\n ".repeat(MAX_HEADER_BYTES / 4) + "\r\nX-B: 2\r\n\r\nbody");
    expect(root.headers.map((h) => h.name)).toEqual(["X-A"]);
    expect(root.defects).toEqual(["limit:header-bytes"]);
    expect(at(root, root.bodyRange)).toBe("body");
  });

  it("a message over MAX_MESSAGE_BYTES keeps its headers but is not descended into", () => {
    const head = bytes("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n");
    const source = new Uint8Array(MAX_MESSAGE_BYTES + 1);
    source.set(head);
    const root = parseMessage(source);
    expect(root.contentType.type).toBe("multipart");
    expect(root.children).toEqual([]);
    expect(root.defects).toEqual(["limit:message-size"]);
  });
});

const SAMPLE = [
  "From: =?UTF-8?B?5bGx55Sw?= <taro@example.jp>, \"Smith, J\" <j@example.com>",
  "To: Group: a@b.example, (c) c@d.example;",
  "Subject: =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?= " + utf8Latin1("日本"),
  'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="outer"',
  "",
  "--outer",
  'Content-Type: multipart/mixed; boundary="inner"',
  "",
  "--inner",
  "Content-Type: text/plain; charset=iso-2022-jp",
  "Content-Transfer-Encoding: quoted-printable",
  "",
  "=1B$BF|K\\8l=1B(B soft=",
  "break",
  "--inner",
  "Content-Type: message/rfc822",
  "",
  "Subject: inner",
  "Content-Type: text/plain; charset*=utf-8''%E6%97%A5",
  "",
  "inner body",
  "--inner",
  "Content-Type: application/octet-stream; name*0*=utf-8''%E6%97; name*1*=%A5.bin",
  "Content-Transfer-Encoding: base64",
  "",
  "AAECAwQFBgcICQ==",
  "--inner--",
  "",
  "--outer",
  "Content-Type: application/pkcs7-signature",
  "Content-Transfer-Encoding: base64",
  "",
  "MIIB",
  "--outer--",
  "",
].join("\r\n");

/** Everything a caller might touch on a parsed message; it must never throw. */
function exercise(root: MimePart): void {
  walk(root, (p) => {
    decodeBody(p);
    decodeText(p);
    for (const h of p.headers) {
      void h.value;
      if (/^(from|to|cc|sender|reply-to)$/i.test(h.name)) parseAddressList(h.rawValue);
    }
  });
}

describe("robustness", () => {
  it("the sample message parses as expected", () => {
    const root = parse(SAMPLE);
    expect(root.defects).toEqual([]);
    const mixed = root.children[0]!;
    expect(mixed.children.map((c) => `${c.contentType.type}/${c.contentType.subtype}`)).toEqual([
      "text/plain",
      "message/rfc822",
      "application/octet-stream",
    ]);
    expect(decodeText(mixed.children[0]!)).toBe("日本語 softbreak");
    expect(mixed.children[2]!.contentType.params["name"]).toBe("日.bin");
    expect(Array.from(decodeBody(mixed.children[2]!))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(getHeader(root, "subject")?.value).toBe("日本語 日本");
    exercise(root);
  });

  it("random truncations, bit flips, insertions and deletions never throw", () => {
    const base = bytes(SAMPLE);
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), data: fc.uint8Array({ maxLength: 8 }) }),
      fc.record({ kind: fc.constant("insertText" as const), at: fc.nat(), text: fc.constantFrom("--outer", "--inner--", "\r\n", "\n", "=?", "\"", "(", "<", ":", ";", "\x1b$B") }),
      fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        let buf = base;
        for (const m of mutations) {
          const i = buf.length === 0 ? 0 : m.at % (buf.length + 1);
          if (m.kind === "truncate") buf = buf.slice(0, i);
          else if (m.kind === "flip") {
            if (buf.length === 0) continue;
            buf = buf.slice();
            const j = i % buf.length;
            buf[j] = buf[j]! ^ (1 << m.bit);
          } else if (m.kind === "delete") buf = Uint8Array.from([...buf.subarray(0, i), ...buf.subarray(i + m.length)]);
          else {
            const data = m.kind === "insert" ? m.data : bytes(m.text);
            buf = Uint8Array.from([...buf.subarray(0, i), ...data, ...buf.subarray(i)]);
          }
        }
        const root = parseMessage(buf);
        expectInvariants(root);
        exercise(root);
      }),
      { numRuns: 400, seed: 20240601 },
    );
  });
});

describe("speed stays linear", () => {
  function repeatLine(line: string, totalBytes: number): string {
    return line.repeat(Math.ceil(totalBytes / line.length));
  }

  it.each([
    ["a 20 MB base64 first part", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n"],
    ["20 MB of short dash lines that nearly match the boundary", "-\n--\n--bx\n--b-\n"],
  ])("%s parses in well under a second", (_name, line) => {
    const source = new TextEncoder().encode(
      "Content-Type: multipart/signed; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        repeatLine(line, 20 * 1024 * 1024) +
        "\r\n--b\r\n\r\nsig\r\n--b--\r\n",
    );
    const t0 = performance.now();
    const root = parseMessage(source);
    const elapsed = performance.now() - t0;
    expect(root.children).toHaveLength(2);
    // Generous for a loaded machine: the base64 case takes a few ms, a quadratic scan would take minutes.
    expect(elapsed).toBeLessThan(1000);
  });
});
