/**
 * When to ask Graph again. Graph's throttling guidance: on 429 wait the number of seconds in Retry-After, and back off
 * exponentially when there is none; 503 and 504 are transient and may carry Retry-After too.
 */

/**
 * One first try and three retries. A user is looking at a spinner: after four refusals the pane says so, and the
 * user can ask again or drop the file, which beats a longer silent wait.
 */
export const GRAPH_MAX_ATTEMPTS = 4;

/**
 * Waiting between attempts stops once it would take the whole read past this many milliseconds since the first
 * request. A Retry-After longer than what is left ends the read at once (its length goes into the detail) instead
 * of keeping the pane busy for a result the user has probably given up on.
 */
export const GRAPH_RETRY_BUDGET_MS = 30_000;

/**
 * Backoff without Retry-After: 1 s, 2 s, 4 s... capped at 8 s. No jitter: each pane is one user's client, so there is
 * no crowd of synchronised retries to spread out.
 */
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 8000;

/**
 * Which answers a request may be repeated after. `idempotent` (GET, DELETE): doing it twice is doing it once, so 429
 * and every 5xx but 501 are asked again. `send` (POST /me/sendMail): a repeat after Graph accepted the message
 * delivers it twice, so only the answers that say the request was turned away before any work are repeated: 429
 * (throttled at the door, by Graph's throttling guidance) and 503 (service unavailable or overloaded, "retry after
 * a delay"). A 500, 502 or 504 may come after Exchange has queued the message (a gateway that timed out waiting
 * for it, a fault after submission): the send ends there and the user is told it may have gone out.
 */
export type RetryPolicy = "idempotent" | "send";

/** Whether a status is worth repeating. 501 Not Implemented is a 5xx that no amount of waiting changes. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/** Whether a request under `policy` is asked again after `status`. */
export function mayRetry(status: number, policy: RetryPolicy): boolean {
  return policy === "send" ? status === 429 || status === 503 : isRetryableStatus(status);
}

/**
 * Retry-After in milliseconds: delta-seconds or an HTTP-date (RFC 9110 section 10.2.3). Null when absent or
 * unreadable, so the caller falls back to backoff; a date in the past means "now".
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form ends in GMT; Date.parse alone would also take "-5" or "1.5" as dates.
  if (!/ GMT$/.test(text)) return null;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/** The wait before attempt `attempt + 1`, `attempt` counting from 1. The server's Retry-After wins when given. */
export function retryDelayMs(attempt: number, retryAfterMs: number | null): number {
  if (retryAfterMs !== null) return retryAfterMs;
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
}
