/*
 * Content-Type and Content-Transfer-Encoding values (RFC 2045 §5 and §6).
 */
import type { MimeDefect } from "./defects.js";
import { parseHeaderParams, readToken, skipCfws } from "./header-params.js";
import type { ContentType } from "./types.js";

/** What a part without a (valid) Content-Type is: text/plain; charset=us-ascii (RFC 2045 §5.2), except inside
 * multipart/digest, where it is message/rfc822 (RFC 2046 §5.1.5). */
export type ContentTypeDefault = "text/plain" | "message/rfc822";

function defaultContentType(which: ContentTypeDefault): ContentType {
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  if (which === "text/plain") {
    params["charset"] = "us-ascii";
    return { type: "text", subtype: "plain", params };
  }
  return { type: "message", subtype: "rfc822", params };
}

export interface ParsedContentType {
  readonly contentType: ContentType;
  readonly defects: readonly MimeDefect[];
}

/** `rawValue` is the unfolded header value (bytes as latin1 chars), undefined when the header is absent. */
export function parseContentType(rawValue: string | undefined, fallback: ContentTypeDefault): ParsedContentType {
  if (rawValue === undefined) return { contentType: defaultContentType(fallback), defects: [] };
  let i = skipCfws(rawValue, 0);
  const type = readToken(rawValue, i);
  i = skipCfws(rawValue, type.next);
  if (type.value === "" || rawValue[i] !== "/") {
    return { contentType: defaultContentType(fallback), defects: ["content-type:invalid"] };
  }
  i = skipCfws(rawValue, i + 1);
  const subtype = readToken(rawValue, i);
  if (subtype.value === "") {
    return { contentType: defaultContentType(fallback), defects: ["content-type:invalid"] };
  }
  const { params, duplicate } = parseHeaderParams(rawValue, subtype.next);
  return {
    contentType: { type: type.value.toLowerCase(), subtype: subtype.value.toLowerCase(), params },
    defects: duplicate ? ["content-type:duplicate-param"] : [],
  };
}

/** Lower-case mechanism, "7bit" when absent or empty (RFC 2045 §6.1). Quotes and comments are dropped. */
export function parseTransferEncoding(rawValue: string | undefined): string {
  if (rawValue === undefined) return "7bit";
  let i = skipCfws(rawValue, 0);
  if (rawValue[i] === '"') i++;
  const token = readToken(rawValue, i).value.toLowerCase();
  return token === "" ? "7bit" : token;
}
