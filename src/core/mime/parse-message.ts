/*
 * RFC 5322 / MIME message -> MimePart tree. Bodies are never copied: every part holds byte ranges into the buffer
 * it was parsed from, so the bytes a signature covers can be handed to the verifier exactly as received. Bad input
 * never throws; what went wrong is recorded in each part's `defects`.
 */
import { decodeBase64 } from "./base64.js";
import { parseContentType, parseTransferEncoding, type ContentTypeDefault } from "./content-type.js";
import type { MimeDefect } from "./defects.js";
import { findBoundaries } from "./find-boundaries.js";
import { latin1ToBytes } from "./latin1.js";
import { MAX_MESSAGE_BYTES, MAX_MIME_DEPTH, MAX_PARTS } from "./limits.js";
import { parseHeaderBlock } from "./parse-header-block.js";
import { decodeQuotedPrintable } from "./quoted-printable.js";
import type { ByteRange, HeaderField, MimePart } from "./types.js";

/** Counts parts across the whole tree, for MAX_PARTS. */
interface ParseBudget {
  parts: number;
}

/** Subtypes of message/ whose body is a whole message to parse in turn (RFC 2046 §5.2.1, RFC 6532 §3.7). */
const ENCAPSULATING_SUBTYPES: ReadonlySet<string> = new Set(["rfc822", "global"]);

function firstAndCount(headers: readonly HeaderField[], lowerName: string): { field?: HeaderField; count: number } {
  let field: HeaderField | undefined;
  let count = 0;
  for (const h of headers) {
    if (h.name.toLowerCase() === lowerName) {
      field ??= h;
      count++;
    }
  }
  return field ? { field, count } : { count };
}

function parseEntity(
  source: Uint8Array,
  range: ByteRange,
  depth: number,
  budget: ParseBudget,
  fallback: ContentTypeDefault,
): MimePart {
  budget.parts++;
  const isRoot = depth === 0;
  const block = parseHeaderBlock(source, range.start, range.end, isRoot);
  const defects: MimeDefect[] = [...block.defects];
  const bodyRange: ByteRange = { start: Math.min(block.bodyStart, range.end), end: range.end };

  const ct = firstAndCount(block.headers, "content-type");
  if (ct.count > 1) defects.push("header:duplicate-content-type");
  const cte = firstAndCount(block.headers, "content-transfer-encoding");
  if (cte.count > 1) defects.push("header:duplicate-content-transfer-encoding");
  const parsedType = parseContentType(ct.field?.rawValue, fallback);
  defects.push(...parsedType.defects);
  const contentType = parsedType.contentType;
  const transferEncoding = parseTransferEncoding(cte.field?.rawValue);

  const base = {
    source,
    range,
    headerRange: block.headerRange,
    bodyRange,
    headers: block.headers,
    contentType,
    transferEncoding,
    depth,
  };

  const descends =
    contentType.type === "multipart" ||
    (contentType.type === "message" && ENCAPSULATING_SUBTYPES.has(contentType.subtype));
  if (!descends) return { ...base, children: [], defects };
  if (isRoot && source.length > MAX_MESSAGE_BYTES) {
    defects.push("limit:message-size");
    return { ...base, children: [], defects };
  }
  if (depth >= MAX_MIME_DEPTH) {
    defects.push("limit:depth");
    return { ...base, children: [], defects };
  }
  if (budget.parts >= MAX_PARTS) {
    defects.push("limit:parts");
    return { ...base, children: [], defects };
  }

  if (contentType.type === "message") {
    if (transferEncoding === "base64" || transferEncoding === "quoted-printable") {
      defects.push("message:encoded");
      const encoded = source.subarray(bodyRange.start, bodyRange.end);
      const decoded = transferEncoding === "base64" ? decodeBase64(encoded) : decodeQuotedPrintable(encoded);
      const child = parseEntity(decoded, { start: 0, end: decoded.length }, depth + 1, budget, "text/plain");
      return { ...base, children: [child], defects };
    }
    const child = parseEntity(source, bodyRange, depth + 1, budget, "text/plain");
    return { ...base, children: [child], defects };
  }

  const boundary = contentType.params["boundary"];
  if (boundary === undefined || boundary === "") {
    defects.push("multipart:no-boundary-param");
    return { ...base, children: [], defects };
  }
  const scan = findBoundaries(
    source,
    bodyRange.start,
    bodyRange.end,
    latin1ToBytes(boundary),
    MAX_PARTS - budget.parts,
  );
  if (!scan) {
    defects.push("multipart:boundary-not-found");
    return { ...base, children: [], defects };
  }
  if (scan.parts.length === 0 && !scan.truncated) defects.push("multipart:no-parts");
  if (!scan.closed && !scan.truncated) defects.push("multipart:missing-close-boundary");
  const childFallback: ContentTypeDefault = contentType.subtype === "digest" ? "message/rfc822" : "text/plain";
  const children: MimePart[] = [];
  for (const partRange of scan.parts) {
    if (budget.parts >= MAX_PARTS) break;
    children.push(parseEntity(source, partRange, depth + 1, budget, childFallback));
  }
  if (scan.truncated || children.length < scan.parts.length) defects.push("limit:parts");
  const withPreamble = { ...base, children, defects, preamble: scan.preamble };
  return scan.epilogue ? { ...withPreamble, epilogue: scan.epilogue } : withPreamble;
}

/** Parses a whole message. Never throws; see `MimePart.defects` and MIME_DEFECTS for what went wrong. */
export function parseMessage(source: Uint8Array): MimePart {
  return parseEntity(source, { start: 0, end: source.length }, 0, { parts: 0 }, "text/plain");
}
