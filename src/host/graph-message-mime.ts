import {
  callGraph,
  cancelBody,
  type GraphFailureCode,
  type GraphResult,
  type GraphTransport as GraphCallTransport,
} from "./graph-request.js";
import { MAX_MESSAGE_BYTES } from "./host.js";

export { abortableSleep, GRAPH_RESPONSE_TIMEOUT_MS } from "./graph-request.js";

/**
 * `GET /me/messages/{id}/$value`: the message's MIME exactly as Exchange holds it. Graph documents the answer as
 * `200 OK` with `Content-Type: text/plain`, but the body is 8-bit mail in whatever charsets the parts declare, so it
 * is read as bytes and never decoded as text: one changed byte breaks every signature over it.
 */

export type GraphMimeFailure =
  | "graph-forbidden"
  | "graph-not-found"
  | "graph-request-too-large"
  | "graph-throttled"
  | "graph-unavailable"
  | "graph-failed"
  | "network"
  | "too-large"
  | "superseded";

export type GraphMimeResult =
  | { readonly ok: true; readonly eml: Uint8Array }
  | { readonly ok: false; readonly code: GraphMimeFailure; readonly detail: string };

export interface GraphMimeRequest {
  /** Graph including its version segment, without a trailing slash. */
  readonly graphBaseUrl: string;
  /** The item's REST id (convertToRestId, v2.0), which is the id Graph uses. */
  readonly restId: string;
  readonly accessToken: string;
}

export interface GraphTransport extends GraphCallTransport {
  /** See MAX_MESSAGE_BYTES; smaller in tests. */
  readonly maxBytes?: number;
}

/**
 * A draft's header block is what a reply's threading fields come from. Header blocks of real mail are a few KiB,
 * with long References chains reaching tens of KiB; reading stops here whether or not the blank line that ends the
 * header block has come, so that a draft with large attachments is not downloaded for its headers.
 */
export const MAX_DRAFT_HEAD_BYTES = 256 * 1024;

export function messageMimeUrl(graphBaseUrl: string, restId: string): string {
  return `${graphBaseUrl}/me/messages/${encodeURIComponent(restId)}/$value`;
}

const failure = (code: GraphMimeFailure, detail: string): GraphMimeResult => ({ ok: false, code, detail });
const SUPERSEDED = failure("superseded", "another item was selected");

type ReadFailure = "too-large" | "graph-failed" | "network";

/** Fetches the message's MIME, retrying 429 and 5xx within GRAPH_MAX_ATTEMPTS and GRAPH_RETRY_BUDGET_MS. Never rejects. */
export async function fetchMessageMime(request: GraphMimeRequest, transport: GraphTransport): Promise<GraphMimeResult> {
  const result = await callGraph<Uint8Array, ReadFailure>(
    {
      method: "GET",
      url: messageMimeUrl(request.graphBaseUrl, request.restId),
      accessToken: request.accessToken,
      retry: "idempotent",
      accept: (status) => status >= 200 && status <= 299,
      read: (response) => readMime(response, transport),
    },
    transport,
  );
  if (result.ok) return { ok: true, eml: result.value };
  return result.code === "aborted" ? SUPERSEDED : failure(result.code, result.detail);
}

export type GraphHeadResult =
  | { readonly ok: true; readonly head: Uint8Array }
  | { readonly ok: false; readonly code: Exclude<GraphFailureCode | ReadFailure, "too-large">; readonly detail: string };

/**
 * The start of a message's MIME, through the blank line that ends its header block (or MAX_DRAFT_HEAD_BYTES, if
 * that comes first); the rest is not downloaded. Never rejects.
 */
export async function fetchMessageHead(request: GraphMimeRequest, transport: GraphCallTransport): Promise<GraphHeadResult> {
  const result = await callGraph<Uint8Array, "graph-failed" | "network">(
    {
      method: "GET",
      url: messageMimeUrl(request.graphBaseUrl, request.restId),
      accessToken: request.accessToken,
      retry: "idempotent",
      accept: (status) => status >= 200 && status <= 299,
      read: (response) => readHead(response, transport.signal),
    },
    transport,
  );
  return result.ok ? { ok: true, head: result.value } : { ok: false, code: result.code, detail: result.detail };
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

async function readMime(response: Response, transport: GraphTransport): Promise<GraphResult<Uint8Array, ReadFailure>> {
  const limit = transport.maxBytes ?? MAX_MESSAGE_BYTES;
  const declared = response.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) {
    await cancelBody(response);
    return { ok: false, code: "too-large", detail: `Microsoft Graph announced ${declared} bytes` };
  }
  const body = response.body;
  if (body === null) return { ok: false, code: "graph-failed", detail: "Microsoft Graph returned no content" };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      // Counted as it arrives: Content-Length may be absent (chunked) or describe a compressed transfer.
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, code: "too-large", detail: `more than ${limit} bytes` };
      }
      chunks.push(value);
    }
  } catch (e) {
    return { ok: false, code: "network", detail: `the connection broke while the message was arriving: ${describe(e)}` };
  }
  if (total === 0) return { ok: false, code: "graph-failed", detail: "Microsoft Graph returned an empty message" };
  return { ok: true, value: concat(chunks, total) };
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The offset just past the blank line ending the header block (CRLF CRLF, or bare LF LF), or -1. */
function headerEnd(bytes: Uint8Array, from: number): number {
  for (let i = Math.max(0, from); i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i + 1] === 0x0a) return i + 2;
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

async function readHead(response: Response, signal: AbortSignal): Promise<GraphResult<Uint8Array, "graph-failed" | "network">> {
  const body = response.body;
  if (body === null) return { ok: false, code: "graph-failed", detail: "Microsoft Graph returned no content" };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let end = -1;
  try {
    while (end < 0 && total < MAX_DRAFT_HEAD_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
      // A line break split across chunks is found by looking again from a little before the new chunk.
      end = headerEnd(concat(chunks, total), total - value.byteLength - 3);
    }
  } catch (e) {
    if (signal.aborted) return { ok: false, code: "network", detail: "aborted" };
    return { ok: false, code: "network", detail: `the connection broke while the message was arriving: ${describe(e)}` };
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  if (total === 0) return { ok: false, code: "graph-failed", detail: "Microsoft Graph returned an empty message" };
  const all = concat(chunks, total);
  return { ok: true, value: end < 0 ? all.subarray(0, Math.min(total, MAX_DRAFT_HEAD_BYTES)) : all.subarray(0, end) };
}
