import {
  GRAPH_MAX_ATTEMPTS,
  GRAPH_RETRY_BUDGET_MS,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
} from "./graph-retry.js";
import { MAX_MESSAGE_BYTES } from "./host.js";

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

export interface GraphTransport {
  readonly fetch: typeof fetch;
  /** Waits `ms`, resolving early when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now: () => number;
  /** Aborted when the answer is no longer wanted (another item selected): requests and waits stop at once. */
  readonly signal: AbortSignal;
  /** See GRAPH_RESPONSE_TIMEOUT_MS. */
  readonly responseTimeoutMs?: number;
  /** See MAX_MESSAGE_BYTES; smaller in tests. */
  readonly maxBytes?: number;
}

/**
 * How long to wait for Graph's response headers. A request that neither answers nor fails (a dead proxy, a dropped
 * Wi-Fi) would otherwise leave the pane spinning; after this it is reported as `network`. The body is not timed:
 * a large message on a slow link takes as long as it takes, and selecting another item cancels it.
 */
export const GRAPH_RESPONSE_TIMEOUT_MS = 30_000;

/** Graph's error bodies are a few hundred bytes of JSON; more is not read, since only the code and request id matter. */
const MAX_ERROR_BODY_BYTES = 16 * 1024;
/** Graph's error messages are for developers; the details view gets a bounded excerpt. */
const MAX_ERROR_MESSAGE_CHARS = 200;

export function messageMimeUrl(graphBaseUrl: string, restId: string): string {
  return `${graphBaseUrl}/me/messages/${encodeURIComponent(restId)}/$value`;
}

/** Waits `ms` milliseconds, or less if `signal` aborts first. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const failure = (code: GraphMimeFailure, detail: string): GraphMimeResult => ({ ok: false, code, detail });
const SUPERSEDED = failure("superseded", "another item was selected");

type Attempt =
  | { readonly kind: "final"; readonly result: GraphMimeResult }
  | {
      readonly kind: "retry";
      readonly code: "graph-throttled" | "graph-unavailable";
      readonly detail: string;
      readonly retryAfterMs: number | null;
    };

/** Fetches the message's MIME, retrying 429 and 5xx within GRAPH_MAX_ATTEMPTS and GRAPH_RETRY_BUDGET_MS. Never rejects. */
export async function fetchMessageMime(request: GraphMimeRequest, transport: GraphTransport): Promise<GraphMimeResult> {
  const url = messageMimeUrl(request.graphBaseUrl, request.restId);
  const started = transport.now();
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(url, request.accessToken, transport);
    if (outcome.kind === "final") return outcome.result;
    if (attempt >= GRAPH_MAX_ATTEMPTS) return failure(outcome.code, `${outcome.detail}; gave up after ${attempt} attempts`);
    const delay = retryDelayMs(attempt, outcome.retryAfterMs);
    if (transport.now() - started + delay > GRAPH_RETRY_BUDGET_MS)
      return failure(
        outcome.code,
        `${outcome.detail}; the next attempt (in ${Math.ceil(delay / 1000)} s) would pass the ${GRAPH_RETRY_BUDGET_MS / 1000} s allowed`,
      );
    await transport.sleep(delay, transport.signal);
    if (transport.signal.aborted) return SUPERSEDED;
  }
}

async function attemptOnce(url: string, accessToken: string, transport: GraphTransport): Promise<Attempt> {
  const { signal } = transport;
  if (signal.aborted) return { kind: "final", result: SUPERSEDED };
  // One controller per attempt: it ends this request on either the caller's abort or the response timeout.
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  signal.addEventListener("abort", abort);
  try {
    const timeoutMs = transport.responseTimeoutMs ?? GRAPH_RESPONSE_TIMEOUT_MS;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let response: Response;
    try {
      response = await transport.fetch(url, {
        method: "GET",
        headers: { Authorization: `Bearer ${accessToken}` },
        signal: controller.signal,
      });
    } catch (e) {
      if (signal.aborted) return { kind: "final", result: SUPERSEDED };
      const detail = timedOut ? `no response from Microsoft Graph within ${Math.round(timeoutMs / 1000)} s` : describe(e);
      return { kind: "final", result: failure("network", detail) };
    } finally {
      clearTimeout(timer);
    }

    if (response.ok) return { kind: "final", result: await readMime(response, transport) };
    const detail = await describeErrorResponse(response);
    if (isRetryableStatus(response.status))
      return {
        kind: "retry",
        code: response.status === 429 ? "graph-throttled" : "graph-unavailable",
        detail,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), transport.now()),
      };
    return { kind: "final", result: failure(codeForStatus(response.status), detail) };
  } finally {
    signal.removeEventListener("abort", abort);
  }
}

function codeForStatus(status: number): GraphMimeFailure {
  if (status === 401 || status === 403) return "graph-forbidden";
  if (status === 404) return "graph-not-found";
  if (status === 413) return "graph-request-too-large";
  return "graph-failed";
}

async function readMime(response: Response, transport: GraphTransport): Promise<GraphMimeResult> {
  const limit = transport.maxBytes ?? MAX_MESSAGE_BYTES;
  const declared = response.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) {
    await cancelBody(response);
    return failure("too-large", `Microsoft Graph announced ${declared} bytes`);
  }
  const body = response.body;
  if (body === null) return failure("graph-failed", "Microsoft Graph returned no content");
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
        return failure("too-large", `more than ${limit} bytes`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (transport.signal.aborted) return SUPERSEDED;
    return failure("network", `the connection broke while the message was arriving: ${describe(e)}`);
  }
  if (total === 0) return failure("graph-failed", "Microsoft Graph returned an empty message");
  const eml = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    eml.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, eml };
}

async function cancelBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/** Up to `limit` bytes of the body, decoded as UTF-8 (Graph's JSON errors are UTF-8). */
async function readCapped(response: Response, limit: number): Promise<string> {
  const body = response.body;
  if (body === null) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } catch {
    // The status already says what went wrong; a broken error body only loses the details.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const decoder = new TextDecoder();
  return chunks.map((c) => decoder.decode(c, { stream: true })).join("") + decoder.decode();
}

/**
 * "HTTP 404 ErrorItemNotFound: The specified object was not found in the store. (request-id ...)". Graph's error
 * body is `{"error": {"code", "message", "innerError": {"request-id", "date", ...}}}`; the request id is what
 * Microsoft support asks for.
 */
async function describeErrorResponse(response: Response): Promise<string> {
  let text = `HTTP ${response.status}`;
  const body = await readCapped(response, MAX_ERROR_BODY_BYTES);
  let error: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(body);
    const inner = typeof parsed === "object" && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
    if (typeof inner === "object" && inner !== null) error = inner as Record<string, unknown>;
  } catch {
    // Not Graph's JSON (a proxy's page, say): the status alone is the detail.
  }
  if (error === null) return text;
  if (typeof error.code === "string") text += ` ${error.code}`;
  if (typeof error.message === "string" && error.message !== "")
    text += `: ${error.message.slice(0, MAX_ERROR_MESSAGE_CHARS)}`;
  const innerError = error.innerError ?? error.innererror;
  const requestId =
    typeof innerError === "object" && innerError !== null ? (innerError as Record<string, unknown>)["request-id"] : undefined;
  if (typeof requestId === "string") text += ` (request-id ${requestId})`;
  return text;
}
