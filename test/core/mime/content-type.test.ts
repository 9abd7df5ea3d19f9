import { describe, expect, it } from "vitest";
import { parseContentType, parseHeaderParams, parseTransferEncoding } from "../../../src/core/mime/index.js";
import { utf8Latin1 } from "./helpers.js";

describe("parseContentType", () => {
  it.each([
    { raw: undefined, type: "text/plain", params: { charset: "us-ascii" }, defects: [] },
    { raw: 'Text/PLAIN; CHARSET="UTF-8"', type: "text/plain", params: { charset: "UTF-8" }, defects: [] },
    {
      raw: "text/plain (comment (nested)) ; charset=us-ascii (Plain text)",
      type: "text/plain",
      params: { charset: "us-ascii" },
      defects: [],
    },
    { raw: " multipart / mixed ;boundary=x", type: "multipart/mixed", params: { boundary: "x" }, defects: [] },
    { raw: 'multipart/mixed; boundary="a\\"b\\\\c"', type: "multipart/mixed", params: { boundary: 'a"b\\c' }, defects: [] },
    {
      raw: "multipart/mixed; boundary=----=_NextPart_000_0001_01D9",
      type: "multipart/mixed",
      params: { boundary: "----=_NextPart_000_0001_01D9" },
      defects: [],
    },
    {
      raw: 'multipart/signed boundary="x" protocol="application/pkcs7-signature"',
      type: "multipart/signed",
      params: { boundary: "x", protocol: "application/pkcs7-signature" },
      defects: [],
    },
    {
      raw: "message/external-body; access-type=URL; URL*0=\"ftp://\"; URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"",
      type: "message/external-body",
      params: { "access-type": "URL", url: "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar" },
      defects: [],
    },
    {
      raw: "application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A",
      type: "application/x-stuff",
      params: { title: "This is ***fun***" },
      defects: [],
    },
    {
      raw: "application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2=\"isn't it!\"",
      type: "application/x-stuff",
      params: { title: "This is even more ***fun*** isn't it!" },
      defects: [],
    },
    {
      raw: "application/pdf; name*=utf-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.pdf",
      type: "application/pdf",
      params: { name: "日本語.pdf" },
      defects: [],
    },
    {
      raw: "application/pdf; name*=ISO-2022-JP'ja'%1B%24B%46%7C%4B%5C%38%6C%1B%28B.pdf",
      type: "application/pdf",
      params: { name: "日本語.pdf" },
      defects: [],
    },
    {
      raw: "application/pdf; name*0*=utf-8''%E6%97; name*1*=%A5%E6%9C%AC; name*2=.pdf",
      type: "application/pdf",
      params: { name: "日本.pdf" },
      defects: [],
    },
    { raw: 'text/plain; n*1="b"; n*0="a"', type: "text/plain", params: { n: "ab" }, defects: [] },
    { raw: 'text/plain; n*0="a"; n*2="c"', type: "text/plain", params: { n: "a" }, defects: [] },
    {
      raw: "application/pdf; name=\"fallback.pdf\"; name*=utf-8''real.pdf",
      type: "application/pdf",
      params: { name: "real.pdf" },
      defects: [],
    },
    {
      raw: 'application/pdf; name="=?UTF-8?B?5pel5pys6Kqe?=.pdf"',
      type: "application/pdf",
      params: { name: "日本語.pdf" },
      defects: [],
    },
    {
      raw: `application/pdf; name="${utf8Latin1("日本語")}.pdf"`,
      type: "application/pdf",
      params: { name: "日本語.pdf" },
      defects: [],
    },
    {
      raw: "multipart/mixed; boundary=a; boundary=b",
      type: "multipart/mixed",
      params: { boundary: "a" },
      defects: ["content-type:duplicate-param"],
    },
    { raw: "text/plain; charset; format=flowed", type: "text/plain", params: { format: "flowed" }, defects: [] },
    { raw: "text", type: "text/plain", params: { charset: "us-ascii" }, defects: ["content-type:invalid"] },
    { raw: "/plain", type: "text/plain", params: { charset: "us-ascii" }, defects: ["content-type:invalid"] },
    { raw: "", type: "text/plain", params: { charset: "us-ascii" }, defects: ["content-type:invalid"] },
  ])("$raw", ({ raw, type, params, defects }) => {
    const parsed = parseContentType(raw, "text/plain");
    expect(`${parsed.contentType.type}/${parsed.contentType.subtype}`).toBe(type);
    expect({ ...parsed.contentType.params }).toEqual(params);
    expect(parsed.defects).toEqual(defects);
  });

  it("defaults to message/rfc822 where that is the context's default", () => {
    expect(parseContentType(undefined, "message/rfc822").contentType).toEqual({
      type: "message",
      subtype: "rfc822",
      params: {},
    });
    expect(parseContentType("bogus", "message/rfc822").contentType.subtype).toBe("rfc822");
  });

  it("a parameter named __proto__ is an ordinary key", () => {
    const { params } = parseHeaderParams('; __proto__="x"; constructor=y', 0);
    expect(params["__proto__"]).toBe("x");
    expect(params["constructor"]).toBe("y");
    expect(params["toString"]).toBeUndefined();
  });
});

describe("parseTransferEncoding", () => {
  it.each([
    [undefined, "7bit"],
    ["", "7bit"],
    [" BASE64 ", "base64"],
    ['"base64"', "base64"],
    ["Quoted-Printable (because)", "quoted-printable"],
    ["8bit", "8bit"],
    ["x-uuencode", "x-uuencode"],
  ])("%j -> %s", (raw, expected) => {
    expect(parseTransferEncoding(raw)).toBe(expected);
  });
});
