import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { authResultsOf, parseAuthenticationResults } from "../../src/core/auth-results.js";
import type { AuthMethodResult, AuthResults } from "../../src/core/verdict-types.js";

type Dkim = AuthResults["dkim"][number];

const r = (result: string, domain: string | null): AuthMethodResult => ({ result, domain });
const dk = (result: string, domain: string | null, selector: string | null): Dkim => ({ result, domain, selector });
const results = (
  authservId: string,
  spf: AuthMethodResult | null,
  dkim: Dkim[],
  dmarc: AuthMethodResult | null,
): AuthResults => ({ authservId, spf, dkim, dmarc });

/** Header bytes as the parser receives them: each byte one latin1 character. */
const latin1 = (s: string): string => Buffer.from(s, "utf8").toString("latin1");

const realWorld: [string, string, AuthResults][] = [
  [
    "Gmail, folded",
    "mx.google.com;\r\n       dkim=pass header.i=@example.com header.s=20230601 header.b=Ab3dEf+g;\r\n" +
      "       spf=pass (google.com: domain of alice@example.com designates 209.85.220.41 as permitted sender)" +
      " smtp.mailfrom=alice@example.com;\r\n       dmarc=pass (p=NONE sp=QUARANTINE dis=NONE) header.from=example.com",
    results("mx.google.com", r("pass", "example.com"), [dk("pass", "example.com", "20230601")], r("pass", "example.com")),
  ],
  [
    "Gmail, newsletter through an ESP with two DKIM signatures and ARC",
    "mx.google.com; dkim=pass header.i=@example.com header.s=s1 header.b=abcd1234; " +
      "dkim=pass header.i=@esp.example.net header.s=s2 header.b=efgh5678; " +
      "arc=pass (i=1 spf=pass spfdomain=esp.example.net dkim=pass dkdomain=example.com dmarc=pass fromdomain=example.com); " +
      'spf=pass (google.com: domain of bounce+abc=example.com@esp.example.net designates 192.0.2.7 as permitted sender) smtp.mailfrom="bounce+abc=example.com@esp.example.net"; ' +
      "dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com",
    results(
      "mx.google.com",
      r("pass", "esp.example.net"),
      [dk("pass", "example.com", "s1"), dk("pass", "esp.example.net", "s2")],
      r("pass", "example.com"),
    ),
  ],
  [
    "Microsoft 365, no authserv-id, passing",
    "spf=pass (sender IP is 1.2.3.4) smtp.mailfrom=example.co.jp; dkim=pass (signature was verified) " +
      "header.d=example.co.jp;dmarc=pass action=none header.from=example.co.jp;compauth=pass reason=100",
    results("", r("pass", "example.co.jp"), [dk("pass", "example.co.jp", null)], r("pass", "example.co.jp")),
  ],
  [
    "Microsoft 365, spoofed and unsigned",
    "spf=softfail (sender IP is 203.0.113.9) smtp.mailfrom=example.com; dkim=none (message not signed) " +
      "header.d=none;dmarc=fail action=oreject header.from=example.com;compauth=fail reason=000",
    results("", r("softfail", "example.com"), [dk("none", null, null)], r("fail", "example.com")),
  ],
  [
    "Microsoft 365, bestguesspass with trailing semicolon",
    "spf=none (sender IP is 198.51.100.7) smtp.mailfrom=mail.example.org; dkim=none (message not signed) " +
      "header.d=none;dmarc=bestguesspass action=none header.from=example.org;compauth=pass reason=109;",
    results("", r("none", "mail.example.org"), [dk("none", null, null)], r("bestguesspass", "example.org")),
  ],
  [
    "Yahoo, comment glued to the result",
    "mta4463.mail.gq1.yahoo.com; dkim=pass header.i=@gmail.com header.s=20210112; spf=pass smtp.mailfrom=gmail.com; " +
      "dmarc=pass(p=NONE sp=QUARANTINE dis=NONE) header.from=gmail.com;",
    results("mta4463.mail.gq1.yahoo.com", r("pass", "gmail.com"), [dk("pass", "gmail.com", "20210112")], r("pass", "gmail.com")),
  ],
  [
    "Fastmail, policy properties, iprev and smtp.helo",
    "mx6.messagingengine.com; dkim=pass (2048-bit rsa key sha256) header.d=example.com header.i=@example.com " +
      "header.b=AbCdEfGh header.a=rsa-sha256 header.s=fm2 x-bits=2048; dmarc=pass " +
      "policy.published-domain-policy=none policy.applied-disposition=none policy.evaluated-disposition=none " +
      "(p=none,d=none,d.eval=none) policy.policy-from=p header.from=example.com; " +
      "iprev=pass smtp.remote-ip=192.0.2.10 (mail.example.com); " +
      "spf=pass smtp.mailfrom=alice@example.com smtp.helo=mail.example.com",
    results("mx6.messagingengine.com", r("pass", "example.com"), [dk("pass", "example.com", "fm2")], r("pass", "example.com")),
  ],
  [
    "OpenDKIM with base64 padding in header.b before the selector",
    "mail.example.org; dkim=pass (2048-bit key; unprotected) header.d=example.com header.i=@example.com " +
      "header.a=rsa-sha256 header.b=Xy/z+12345678== header.s=default; dkim-atps=neutral",
    results("mail.example.org", null, [dk("pass", "example.com", "default")], null),
  ],
  [
    "policyd-spf, semicolons inside a comment",
    "mail.example.org; spf=pass (sender SPF authorized) smtp.mailfrom=example.com " +
      "(client-ip=192.0.2.1; helo=mail.example.com; envelope-from=bob@example.com)",
    results("mail.example.org", r("pass", "example.com"), [], null),
  ],
  [
    "Rspamd, quoted property values",
    'mx.example.org; dkim=pass header.d=example.com header.s=dkim header.b="Ab/Cd+Ef"; dmarc=reject (policy=reject) ' +
      'header.from=example.com; spf=fail (mx.example.org: domain of "bob@example.com" is not allowed) ' +
      'smtp.mailfrom="bob@example.com"',
    results("mx.example.org", r("fail", "example.com"), [dk("pass", "example.com", "dkim")], r("reject", "example.com")),
  ],
  [
    "iCloud DMARC header, bimi with a quoted reason",
    'dmarc.icloud.com; bimi=skipped reason="insufficient dmarc"; dmarc=quarantine header.from=example.com',
    results("dmarc.icloud.com", null, [], r("quarantine", "example.com")),
  ],
  [
    "Japanese ISP, DKIM with header.i only",
    "mta.example.ne.jp; spf=pass smtp.mailfrom=info@example.co.jp; dkim=pass header.i=@mail.example.co.jp; " +
      "dmarc=pass header.from=example.co.jp",
    results("mta.example.ne.jp", r("pass", "example.co.jp"), [dk("pass", "mail.example.co.jp", null)], r("pass", "example.co.jp")),
  ],
  [
    "RFC 8601 example: no results",
    "example.org 1; none",
    results("example.org", null, [], null),
  ],
  [
    "RFC 8601 example: a good and a bad DKIM signature",
    "example.com; dkim=pass (good signature) header.d=mail-router.example.net; " +
      "dkim=fail (bad signature) header.d=newyork.example.com",
    results("example.com", null, [dk("pass", "mail-router.example.net", null), dk("fail", "newyork.example.com", null)], null),
  ],
  [
    "RFC 8601 example: SMTP AUTH and sender-id are ignored",
    "example.com; auth=pass (cram-md5) smtp.auth=sender@example.net; spf=pass smtp.mailfrom=example.net; " +
      "sender-id=pass header.from=example.net",
    results("example.com", r("pass", "example.net"), [], null),
  ],
  [
    "method versions",
    "mx.example.org; dkim/1=pass header.d=example.com header.s=s; spf/2=neutral smtp.mailfrom=example.com",
    results("mx.example.org", r("neutral", "example.com"), [dk("pass", "example.com", "s")], null),
  ],
  [
    "forwarder with an SRS address: \"=\" inside an unquoted local part",
    "mx.example.org; spf=pass smtp.mailfrom=SRS0=HHH=TT=example.com=alice@forwarder.example",
    results("mx.example.org", r("pass", "forwarder.example"), [], null),
  ],
  [
    "bounce with empty MAIL FROM: the HELO domain",
    "mx.example.org; spf=pass smtp.mailfrom=<> smtp.helo=mail.example.net",
    results("mx.example.org", r("pass", "mail.example.net"), [], null),
  ],
  [
    "upper case results and domains",
    "MX.Example.ORG; SPF=PASS smtp.mailfrom=Alice@Example.COM; DKIM=Fail header.d=Example.COM header.s=Sel1; " +
      "DMARC=Fail (p=reject) header.from=EXAMPLE.COM.",
    results("MX.Example.ORG", r("pass", "example.com"), [dk("fail", "example.com", "Sel1")], r("fail", "example.com")),
  ],
  [
    "quoted local part in smtp.mailfrom",
    'mx.example.org; spf=pass smtp.mailfrom="john smith@home"@example.com',
    results("mx.example.org", r("pass", "example.com"), [], null),
  ],
  [
    "nested comments everywhere",
    "mx.example.org (Postfix (v3.7; amavis)); spf=fail (sender (really) not allowed; see \\) policy) " +
      "smtp.mailfrom=example.net; dmarc=fail (p=reject (enforced)) header.from=example.net",
    results("mx.example.org", r("fail", "example.net"), [], r("fail", "example.net")),
  ],
  [
    "only the first spf and dmarc count",
    "mx.example.org; spf=fail smtp.mailfrom=a.example; spf=pass smtp.mailfrom=b.example; " +
      "dmarc=fail header.from=a.example; dmarc=pass header.from=b.example",
    results("mx.example.org", r("fail", "a.example"), [], r("fail", "a.example")),
  ],
  [
    "internationalised domain in UTF-8",
    latin1("mx.example.jp; dmarc=pass header.from=例え.jp"),
    results("mx.example.jp", null, [], r("pass", "例え.jp")),
  ],
  [
    "quoted authserv-id",
    '"mx example"; spf=pass smtp.mailfrom=example.com',
    results("mx example", r("pass", "example.com"), [], null),
  ],
];

describe("parseAuthenticationResults: real-world headers", () => {
  it.each(realWorld)("%s", (_name, raw, expected) => {
    expect(parseAuthenticationResults(raw)).toEqual(expected);
  });
});

describe("parseAuthenticationResults: damaged input", () => {
  const damaged: [string, string, AuthResults | null][] = [
    ["empty", "", null],
    ["blank", " \t\r\n ", null],
    ["only a comment", "(nothing here)", null],
    ["only separators", "=;=;;", null],
    ["an id that is not a token and nothing else", "@@@", null],
    ["method without result", "mx.example.org; spf", results("mx.example.org", null, [], null)],
    ["empty result", "mx.example.org; spf=; dkim=pass", results("mx.example.org", null, [dk("pass", null, null)], null)],
    ["result that is not a keyword", "mx.example.org; spf=pa$$ smtp.mailfrom=example.com", results("mx.example.org", null, [], null)],
    ["empty property value", "mx.example.org; spf=pass smtp.mailfrom=", results("mx.example.org", r("pass", null), [], null)],
    [
      "property value that is not a domain",
      'mx.example.org; dmarc=pass header.from="two words"',
      results("mx.example.org", null, [], r("pass", null)),
    ],
    [
      "unterminated comment swallows the rest",
      "mx.example.org; spf=pass (unterminated smtp.mailfrom=example.com; dmarc=pass header.from=example.com",
      results("mx.example.org", r("pass", null), [], null),
    ],
    [
      "unterminated quoted string",
      'mx.example.org; dkim=pass header.d=example.com header.s="sel',
      results("mx.example.org", null, [dk("pass", "example.com", "sel")], null),
    ],
    [
      "invalid id, results still read",
      "@bad id; spf=pass smtp.mailfrom=example.com",
      results("", r("pass", "example.com"), [], null),
    ],
    ["too long", `mx.example.org; ${"dkim=pass header.d=example.com; ".repeat(3000)}`, null],
  ];
  it.each(damaged)("%s", (_name, raw, expected) => {
    expect(parseAuthenticationResults(raw)).toEqual(expected);
  });

  it("never throws, and every result it returns is lower-case", () => {
    const alphabet = fc.constantFrom(..."ab.@=;()\"\\ /\t\r\n-1éspfdkimarc".split(""), "spf", "dkim", "dmarc", "header.d", "smtp.mailfrom");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }).map((parts) => parts.join("")), (raw) => {
        const parsed = parseAuthenticationResults(raw);
        if (parsed === null) return;
        for (const m of [parsed.spf, parsed.dmarc, ...parsed.dkim]) {
          if (m !== null) expect(m.result).toBe(m.result.toLowerCase());
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("authResultsOf: only the topmost header counts", () => {
  const genuineFail =
    "mx.receiver.example; spf=fail smtp.mailfrom=bank.example; dkim=none; dmarc=fail (p=reject) header.from=bank.example";
  const forgedPass =
    "mx.receiver.example; spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example header.s=s1; " +
    "dmarc=pass header.from=bank.example";

  const cases: [string, string[], AuthResults | null][] = [
    ["no header", [], null],
    [
      "a forged pass below the receiver's fail is ignored",
      [genuineFail, forgedPass],
      results("mx.receiver.example", r("fail", "bank.example"), [dk("none", null, null)], r("fail", "bank.example")),
    ],
    [
      "the topmost pass is used even with a fail below",
      [forgedPass, genuineFail],
      results("mx.receiver.example", r("pass", "bank.example"), [dk("pass", "bank.example", "s1")], r("pass", "bank.example")),
    ],
    ["an unreadable topmost header does not fall back to lower ones", ["", forgedPass], null],
  ];
  it.each(cases)("%s", (_name, headers, expected) => {
    expect(authResultsOf(headers)).toEqual(expected);
  });
});
