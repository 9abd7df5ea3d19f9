import {
  GRAPH_MAX_ATTEMPTS,
  GRAPH_RETRY_BUDGET_MS,
  mayRetry,
  parseRetryAfter,
  retryDelayMs,
  type RetryPolicy,
} from "./graph-retry.js";

/**
 * One Microsoft Graph request with the retries Graph's guidance asks for, the response timeout, and Graph's error
 * answers turned into our codes. Reading a successful answer's body is the caller's: a message's MIME, nothing at all
 * for sendMail's 202.
 */

/** What an unsuccessful request comes to, whatever was asked. `aborted`: the caller no longer wanted the answer. */
export type GraphFailureCode =
  | "graph-forbidden"
  | "graph-not-found"
  | "graph-request-too-large"
  | "graph-throttled"
  | "graph-unavailable"
  | "graph-failed"
  | "network"
  | "aborted";

export interface GraphFailure<C extends string = GraphFailureCode> {
  readonly ok: false;
  readonly code: C;
  readonly detail: string;
  /** The HTTP status of Graph's last answer; absent when there was none (network, aborted). */
  readonly status?: number;
}

export type GraphResult<T, C extends string = GraphFailureCode> = { readonly ok: true; readonly value: T } | GraphFailure<C>;

export interface GraphTransport {
  readonly fetch: typeof fetch;
  /** Waits `ms`, resolving early when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now: () => number;
  /** Aborted when the answer is no longer wanted: requests and waits stop at once. */
  readonly signal: AbortSignal;
  /** See GRAPH_RESPONSE_TIMEOUT_MS. */
  readonly responseTimeoutMs?: number;
}

export interface GraphCall<T, C extends string> {
  readonly method: "GET" | "POST" | "DELETE";
  readonly url: string;
  readonly accessToken: string;
  /** Sent as is; `contentType` names it. */
  readonly body?: string;
  readonly contentType?: string;
  /** Which answers may be asked again; see RetryPolicy. */
  readonly retry: RetryPolicy;
  /** The statuses that end the request as answered; everything else is an error answer. */
  readonly accept: (status: number) => boolean;
  /**
   * Turns an accepted answer into the result. It runs while the request's abort link is still in place, so an abort
   * stops a body that is still arriving.
   */
  readonly read: (response: Response) => Promise<GraphResult<T, C>>;
}

/**
 * How long to wait for Graph's response headers. A request that neither answers nor fails (a dead proxy, a dropped
 * Wi-Fi) would otherwise leave the pane spinning; after this it is reported as `network`. The body is not timed:
 * a large message on a slow link takes as long as it takes, and the caller's signal cancels it.
 */
export const GRAPH_RESPONSE_TIMEOUT_MS = 30_000;

/** Graph's error bodies are a few hundred bytes of JSON; more is not read, since only the code and request id matter. */
const MAX_ERROR_BODY_BYTES = 16 * 1024;
/** Graph's error messages are for developers; the details view gets a bounded excerpt. */
const MAX_ERROR_MESSAGE_CHARS = 200;

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

export const describeError = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const ABORTED: GraphFailure = { ok: false, code: "aborted", detail: "the answer is no longer wanted" };

type Attempt<T, C extends string> =
  | { readonly kind: "final"; readonly result: GraphResult<T, C | GraphFailureCode> }
  | {
      readonly kind: "retry";
      readonly code: "graph-throttled" | "graph-unavailable";
      readonly status: number;
      readonly detail: string;
      readonly retryAfterMs: number | null;
    };

/**
 * Makes the request, asking again after the answers `call.retry` allows, within GRAPH_MAX_ATTEMPTS and
 * GRAPH_RETRY_BUDGET_MS. A failed connection is never repeated here: whether the request arrived is unknown, and the
 * user, told so, decides. Never rejects.
 */
export async function callGraph<T, C extends string>(
  call: GraphCall<T, C>,
  transport: GraphTransport,
): Promise<GraphResult<T, C | GraphFailureCode>> {
  const started = transport.now();
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(call, transport);
    if (outcome.kind === "final") return outcome.result;
    const failed = (detail: string): GraphFailure<C | GraphFailureCode> => ({
      ok: false,
      code: outcome.code,
      status: outcome.status,
      detail,
    });
    if (attempt >= GRAPH_MAX_ATTEMPTS) return failed(`${outcome.detail}; gave up after ${attempt} attempts`);
    const delay = retryDelayMs(attempt, outcome.retryAfterMs);
    if (transport.now() - started + delay > GRAPH_RETRY_BUDGET_MS)
      return failed(
        `${outcome.detail}; the next attempt (in ${Math.ceil(delay / 1000)} s) would pass the ${GRAPH_RETRY_BUDGET_MS / 1000} s allowed`,
      );
    await transport.sleep(delay, transport.signal);
    if (transport.signal.aborted) return ABORTED;
  }
}

async function attemptOnce<T, C extends string>(call: GraphCall<T, C>, transport: GraphTransport): Promise<Attempt<T, C>> {
  const { signal } = transport;
  if (signal.aborted) return { kind: "final", result: ABORTED };
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
    const headers: Record<string, string> = { Authorization: `Bearer ${call.accessToken}` };
    if (call.contentType !== undefined) headers["Content-Type"] = call.contentType;
    let response: Response;
    try {
      response = await transport.fetch(call.url, {
        method: call.method,
        headers,
        ...(call.body === undefined ? {} : { body: call.body }),
        signal: controller.signal,
      });
    } catch (e) {
      if (signal.aborted) return { kind: "final", result: ABORTED };
      const detail = timedOut ? `no response from Microsoft Graph within ${Math.round(timeoutMs / 1000)} s` : describeError(e);
      return { kind: "final", result: { ok: false, code: "network", detail } };
    } finally {
      clearTimeout(timer);
    }

    if (call.accept(response.status)) {
      const result = await call.read(response);
      return { kind: "final", result: !result.ok && signal.aborted ? ABORTED : result };
    }
    const detail = await describeErrorResponse(response);
    if (mayRetry(response.status, call.retry))
      return {
        kind: "retry",
        code: response.status === 429 ? "graph-throttled" : "graph-unavailable",
        status: response.status,
        detail,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), transport.now()),
      };
    return { kind: "final", result: { ok: false, code: codeForStatus(response.status), status: response.status, detail } };
  } finally {
    signal.removeEventListener("abort", abort);
    // Whatever the reader left unread (a message's body after its headers) stops arriving.
    controller.abort();
  }
}

/** The code for an error answer that is not (or no longer) repeated. */
export function codeForStatus(status: number): GraphFailureCode {
  if (status === 401 || status === 403) return "graph-forbidden";
  if (status === 404) return "graph-not-found";
  if (status === 413) return "graph-request-too-large";
  if (status === 429) return "graph-throttled";
  if (status >= 500 && status <= 599 && status !== 501) return "graph-unavailable";
  return "graph-failed";
}

export async function cancelBody(response: Response): Promise<void> {
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
export async function describeErrorResponse(response: Response): Promise<string> {
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
