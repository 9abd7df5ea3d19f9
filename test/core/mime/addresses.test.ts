import { describe, expect, it } from "vitest";
import {
  addressesEqual,
  mailboxesOf,
  normalizeAddressForCompare,
  parseAddressList,
  type AddressListEntry,
} from "../../../src/core/mime/index.js";
import { latin1, utf8Latin1 } from "./helpers.js";

const JIS_NIHONGO = "\x1b$BF|K\\8l\x1b(B";
/** 表示 in Shift_JIS: 表 is 95 5C, whose trail byte is a backslash. */
const SJIS_HYOJI = "\x95\x5c\x8e\xa6";

const cases: { name: string; raw: string; expected: AddressListEntry[] }[] = [
  { name: "bare addr-spec", raw: "alice@example.com", expected: [{ name: "", address: "alice@example.com" }] },
  { name: "name-addr", raw: "Alice <alice@example.com>", expected: [{ name: "Alice", address: "alice@example.com" }] },
  {
    name: "quoted display name",
    raw: '"Alice Liddell" <alice@example.com>',
    expected: [{ name: "Alice Liddell", address: "alice@example.com" }],
  },
  {
    name: "quoted display name holding an address in brackets",
    raw: '"ceo@bank.example <ceo@bank.example>" <attacker@evil.example>',
    expected: [{ name: "ceo@bank.example <ceo@bank.example>", address: "attacker@evil.example" }],
  },
  {
    name: "unquoted display name holding an address",
    raw: "ceo@bank.example <attacker@evil.example>",
    expected: [{ name: "ceo@bank.example", address: "attacker@evil.example" }],
  },
  {
    name: "comma inside a quoted name",
    raw: '"Smith, John" <john@example.com>, jane@example.com',
    expected: [
      { name: "Smith, John", address: "john@example.com" },
      { name: "", address: "jane@example.com" },
    ],
  },
  {
    name: "escapes inside a quoted name",
    raw: '"Giant; \\"Big\\" Box" <sysservices@example.net>',
    expected: [{ name: 'Giant; "Big" Box', address: "sysservices@example.net" }],
  },
  {
    name: "comment as the name of a bare address",
    raw: "john@example.com (John Smith)",
    expected: [{ name: "John Smith", address: "john@example.com" }],
  },
  {
    name: "nested comments holding < and @",
    raw: "John (the <ceo@bank.example> (really, @boss)) Smith <john@example.com>",
    expected: [{ name: "John Smith", address: "john@example.com" }],
  },
  {
    name: "comments inside the angle address (RFC 5322 A.5)",
    raw: "Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
    expected: [{ name: "Pete", address: "pete@silly.test" }],
  },
  {
    name: "group (RFC 5322 A.1.3)",
    raw: "A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;",
    expected: [
      {
        group: "A Group",
        members: [
          { name: "Ed Jones", address: "c@a.test" },
          { name: "", address: "joe@where.test" },
          { name: "John", address: "jdoe@one.test" },
        ],
      },
    ],
  },
  {
    name: "group with comments everywhere (RFC 5322 A.5)",
    raw: "A Group(Some people):Chris Jones <c@(Chris's host.)public.example>, joe@example.org, John <jdoe@one.test> (my dear friend); (the end of the group)",
    expected: [
      {
        group: "A Group",
        members: [
          { name: "Chris Jones", address: "c@public.example" },
          { name: "", address: "joe@example.org" },
          { name: "John", address: "jdoe@one.test" },
        ],
      },
    ],
  },
  { name: "empty group", raw: "undisclosed-recipients:;", expected: [{ group: "undisclosed-recipients", members: [] }] },
  {
    name: "group between mailboxes",
    raw: "x@y.example, G: a@b.example;, z@w.example",
    expected: [
      { name: "", address: "x@y.example" },
      { group: "G", members: [{ name: "", address: "a@b.example" }] },
      { name: "", address: "z@w.example" },
    ],
  },
  {
    name: "several mailboxes (RFC 5322 A.1.2)",
    raw: "Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>",
    expected: [
      { name: "Mary Smith", address: "mary@x.test" },
      { name: "", address: "jdoe@example.org" },
      { name: "Who?", address: "one@y.test" },
    ],
  },
  {
    name: "empty list elements (obsolete syntax)",
    raw: "a@b.example, , ,c@d.example",
    expected: [
      { name: "", address: "a@b.example" },
      { name: "", address: "c@d.example" },
    ],
  },
  {
    name: "obsolete source route",
    raw: "<@route1.example,@route2.example:user@host.example>",
    expected: [{ name: "", address: "user@host.example" }],
  },
  {
    name: "quoted local part",
    raw: '"john doe"@example.com',
    expected: [{ name: "", address: '"john doe"@example.com' }],
  },
  {
    name: "quoted local part holding @ in brackets",
    raw: 'Name <"a@b"@example.com>',
    expected: [{ name: "Name", address: '"a@b"@example.com' }],
  },
  { name: "domain literal", raw: "user@[192.0.2.1]", expected: [{ name: "", address: "user@[192.0.2.1]" }] },
  { name: "mailbox without an address", raw: "Taro Yamada", expected: [{ name: "Taro Yamada", address: "" }] },
  { name: "null address", raw: "<>", expected: [{ name: "", address: "" }] },
  {
    name: "obsolete white space around @ and dots",
    raw: "john . q @ example . com",
    expected: [{ name: "", address: "john.q@example.com" }],
  },
  {
    name: "obsolete phrase with a dot",
    raw: "John Q. Public <jqp@example.com>",
    expected: [{ name: "John Q. Public", address: "jqp@example.com" }],
  },
  {
    name: "encoded-word display name",
    raw: "=?UTF-8?B?5bGx55Sw?= =?UTF-8?B?5aSq6YOO?= <taro@example.jp>",
    expected: [{ name: "山田太郎", address: "taro@example.jp" }],
  },
  {
    name: "encoded word inside quotes (common, though RFC 2047 forbids it)",
    raw: '"=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=" <a@example.jp>',
    expected: [{ name: "日本語", address: "a@example.jp" }],
  },
  {
    name: "raw UTF-8 display name",
    raw: `${utf8Latin1("山田 太郎")} <taro@example.jp>`,
    expected: [{ name: "山田 太郎", address: "taro@example.jp" }],
  },
  {
    name: "raw Shift_JIS in quotes with a backslash trail byte",
    raw: `"${SJIS_HYOJI}" <a@example.jp>`,
    expected: [{ name: "表示", address: "a@example.jp" }],
  },
  {
    name: "raw ISO-2022-JP in quotes (JIS bytes include a backslash)",
    raw: `"${JIS_NIHONGO}" <a@example.jp>`,
    expected: [{ name: "日本語", address: "a@example.jp" }],
  },
  {
    name: "raw UTF-8 address (RFC 6532)",
    raw: `${utf8Latin1("用户@例子.广告")}`,
    expected: [{ name: "", address: "用户@例子.广告" }],
  },
  {
    name: "IDN A-labels are left as written",
    raw: "a@xn--r8jz45g.example",
    expected: [{ name: "", address: "a@xn--r8jz45g.example" }],
  },
  {
    name: "display name without angle brackets",
    raw: "Taro taro@example.jp",
    expected: [{ name: "Taro", address: "taro@example.jp", defects: ["address:name-without-angle-addr"] }],
  },
  {
    name: "two angle addresses in one mailbox",
    raw: "Alice <alice@example.com> <attacker@evil.example>",
    expected: [{ name: "Alice", address: "alice@example.com", defects: ["address:multiple-angle-addr"] }],
  },
  {
    name: "unclosed angle address",
    raw: "Alice <alice@example.com, bob@example.com",
    expected: [
      { name: "Alice", address: "alice@example.com", defects: ["address:unclosed-angle-addr"] },
      { name: "", address: "bob@example.com" },
    ],
  },
  {
    name: "text after the angle address",
    raw: "Alice <alice@example.com> trailing",
    expected: [{ name: "Alice", address: "alice@example.com", defects: ["address:text-after-angle-addr"] }],
  },
  { name: "only a comment", raw: "(nobody)", expected: [] },
  { name: "empty", raw: "", expected: [] },
];

describe("parseAddressList", () => {
  it.each(cases)("$name", ({ raw, expected }) => {
    expect(parseAddressList(raw)).toEqual(expected);
  });

  it("never throws on unbalanced syntax", () => {
    for (const raw of ['"', "(", "<", ">", ":", ";", "@", "[", "\\", '"a\\', "a:b:c;d;", "<<a@b>>", ":;:;", "(((", "x <@:>"]) {
      expect(() => parseAddressList(raw)).not.toThrow();
    }
  });

  it("stays fast on a hostile 200 KB value", () => {
    const t0 = performance.now();
    parseAddressList("<".repeat(100_000) + '"(' + "a@b,".repeat(25_000));
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe("mailboxesOf", () => {
  it("flattens groups in order", () => {
    const list = parseAddressList("a@x.example, G: b@x.example, c@x.example;, d@x.example, E:;");
    expect(mailboxesOf(list).map((m) => m.address)).toEqual(["a@x.example", "b@x.example", "c@x.example", "d@x.example"]);
  });
});

describe("normalizeAddressForCompare", () => {
  it.each([
    ["Alice@Example.COM", "Alice@example.com"],
    ["  bob@example.com ", "bob@example.com"],
    ['"bob"@example.com', "bob@example.com"],
    ['"b.o.b"@Example.com', "b.o.b@example.com"],
    ['"john doe"@example.com', '"john doe"@example.com'],
    ['"a\\"b"@example.com', '"a\\"b"@example.com'],
    ['"a@b"@EXAMPLE.com', '"a@b"@example.com'],
    ["user@[IPv6:2001:DB8::1]", "user@[ipv6:2001:db8::1]"],
    ["no-at-sign", "no-at-sign"],
    ["a@xn--R8JZ45G.example", "a@xn--r8jz45g.example"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeAddressForCompare(input)).toBe(expected);
  });
});

describe("addressesEqual", () => {
  it.each([
    ["alice@example.com", "alice@example.com", true],
    ["Alice@Example.com", "alice@EXAMPLE.COM", true],
    ['"alice"@example.com', "ALICE@example.com", true],
    ["alice@example.com", "alice@example.org", false],
    ["alice@example.com", "alice.x@example.com", false],
    ["alice@example.com", "alice@sub.example.com", false],
    ["", "", false],
    ["alice@example.com", "", false],
  ])("%s vs %s -> %s", (a, b, expected) => {
    expect(addressesEqual(a, b)).toBe(expected);
  });
});

describe("fixtures", () => {
  it("the Shift_JIS fixture really contains a backslash byte", () => {
    expect(latin1(Uint8Array.from([0x95, 0x5c]))).toBe("\x95\\");
    expect(SJIS_HYOJI.includes("\\")).toBe(true);
  });
});
