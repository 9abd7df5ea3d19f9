/**
 * Microsoft Graph's mail endpoints that the compose pane uses, on 127.0.0.1 and a free port, as Graph documents them:
 *
 * - `POST /v1.0/me/sendMail` with `Content-Type: text/plain` and the base64 of a MIME message: 202 Accepted, empty
 *   body. A body that is not base64 is 400 ErrorMimeContentInvalidBase64String; a request over Graph's 4 MB request
 *   limit is 413; another content type is 400 (Graph would read the body as a JSON message).
 * - `DELETE /v1.0/me/messages/{id}`: 204 No Content for a message the mock holds, 404 ErrorItemNotFound otherwise.
 * - `GET /v1.0/me/messages/{id}/$value`: 200, `Content-Type: text/plain`, the MIME of a message the mock holds.
 * - Every request without `Authorization: Bearer <token>` is 401 InvalidAuthenticationToken.
 * - Errors are `{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}` with a
 *   `request-id` header. Every answer carries CORS headers as Graph's do (any origin, Retry-After and request-id
 *   exposed), and preflight requests are answered, so a page served from another port may call it.
 *
 * A test scripts failures per endpoint with `script(endpoint, replies)`: each request to that endpoint takes the next
 * reply instead of the normal answer (token check included), until the queue is empty.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type GraphEndpoint = "sendMail" | "deleteMessage" | "getMessageValue";

export type ScriptedReply =
  /** This status, with Graph's error body for it (or an empty body for a 2xx). */
  | number
  | {
      readonly status: number;
      /** Sent as the Retry-After header: seconds, or an HTTP date. */
      readonly retryAfter?: number | string;
      /** Graph's error code in the body; a usual one for the status when absent. */
      readonly code?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Reads the request, then drops the connection without an answer: a reset, or a network gone mid-request. */
  | "drop"
  /** Answers only once `hold` resolves, with `then` (the normal answer when absent). For response timeouts. */
  | { readonly hold: Promise<void>; readonly then?: ScriptedReply };

export interface SentMail {
  /** The decoded MIME message, exactly as the client sent it. */
  readonly mime: Buffer;
  /** Date.now() when the 202 was written. */
  readonly at: number;
}

export interface GraphRequestRecord {
  readonly method: string;
  /** The path and query as requested. */
  readonly url: string;
  readonly endpoint: GraphEndpoint | "preflight" | "unknown";
  /** The message id in the path (decoded), for the message endpoints. */
  readonly messageId: string | null;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly origin: string | undefined;
  /** Date.now() when the request arrived. */
  readonly at: number;
  /** The status answered; "dropped" when the connection was dropped; null while no answer has been written. */
  status: number | "dropped" | null;
  /** True when the client went away before the answer was complete (it gave up waiting). */
  aborted: boolean;
}

export interface MockGraphOptions {
  /** The access token every request must carry as a bearer token. */
  readonly token: string;
  /**
   * Graph refuses requests above 4 MB with 413; for sendMail that is the base64 text, a third larger than the MIME.
   * Default 4 MiB.
   */
  readonly maxRequestBytes?: number;
}

export interface MockGraph {
  /** `http://127.0.0.1:PORT/v1.0`: the graphBaseUrl for config.json. */
  readonly baseUrl: string;
  /** `http://127.0.0.1:PORT`: the origin a browser context must let through. */
  readonly origin: string;
  /** Every request, preflights included, in arrival order. */
  readonly requests: readonly GraphRequestRecord[];
  /** The messages sendMail accepted (202), in order. */
  readonly sent: readonly SentMail[];
  /** The ids DELETE removed, in order. */
  readonly deleted: readonly string[];
  /** Makes `mime` the content of the message with this (REST) id: GET $value returns it, DELETE removes it. */
  putMessage(id: string, mime: Uint8Array | string): void;
  /** Queues replies for the next requests to `endpoint`; afterwards the normal answers come back. */
  script(endpoint: GraphEndpoint, replies: readonly ScriptedReply[]): void;
  close(): Promise<void>;
}

export const GRAPH_REQUEST_LIMIT_BYTES = 4 * 1024 * 1024;

const ERRORS: Readonly<Record<number, readonly [string, string]>> = {
  400: ["BadRequest", "The request is malformed or incorrect."],
  401: ["InvalidAuthenticationToken", "Access token validation failure. Invalid audience."],
  403: ["ErrorAccessDenied", "Access is denied. Check credentials and try again."],
  404: ["ErrorItemNotFound", "The specified object was not found in the store."],
  413: ["RequestEntityTooLarge", "The maximum request length supported is 4MB."],
  429: ["ApplicationThrottled", "Application is over its MailboxConcurrency limit."],
  500: ["generalException", "An unspecified error has occurred."],
  502: ["BadGateway", "The server received an invalid response from an upstream server."],
  503: ["serviceNotAvailable", "The service is not available. Try the request again after a delay."],
  504: ["GatewayTimeout", "The server did not receive a timely response from an upstream server."],
};

/** What Graph's CORS answers let a page see and send. */
const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "Retry-After, request-id, client-request-id, Location",
} as const;

const SEND_MAIL = /^\/v1\.0\/me\/sendmail$/i;
const MESSAGE = /^\/v1\.0\/me\/messages\/([^/]+)$/i;
const MESSAGE_VALUE = /^\/v1\.0\/me\/messages\/([^/]+)\/\$value$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function route(method: string, path: string): { endpoint: GraphRecordEndpoint; messageId: string | null } {
  if (method === "OPTIONS") return { endpoint: "preflight", messageId: null };
  const decode = (id: string): string => {
    try {
      return decodeURIComponent(id);
    } catch {
      return id;
    }
  };
  if (method === "POST" && SEND_MAIL.test(path)) return { endpoint: "sendMail", messageId: null };
  const value = MESSAGE_VALUE.exec(path);
  if (method === "GET" && value !== null) return { endpoint: "getMessageValue", messageId: decode(value[1]!) };
  const message = MESSAGE.exec(path);
  if (method === "DELETE" && message !== null) return { endpoint: "deleteMessage", messageId: decode(message[1]!) };
  return { endpoint: "unknown", messageId: null };
}

type GraphRecordEndpoint = GraphRequestRecord["endpoint"];

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export async function startMockGraph(options: MockGraphOptions): Promise<MockGraph> {
  const maxRequestBytes = options.maxRequestBytes ?? GRAPH_REQUEST_LIMIT_BYTES;
  const messages = new Map<string, Buffer>();
  const scripts = new Map<GraphEndpoint, ScriptedReply[]>();
  const requests: GraphRequestRecord[] = [];
  const sent: SentMail[] = [];
  const deleted: string[] = [];

  function answer(res: ServerResponse, record: GraphRequestRecord, status: number, headers: Record<string, string> = {}, body?: Buffer): void {
    record.status = status;
    res.writeHead(status, { ...CORS_HEADERS, ...headers, ...(body === undefined ? { "Content-Length": "0" } : {}) });
    res.end(body);
  }

  function error(res: ServerResponse, record: GraphRequestRecord, status: number, extra: Record<string, string> = {}, code?: string): void {
    const [defaultCode, message] = ERRORS[status] ?? ["UnknownError", "An error has occurred."];
    const requestId = randomUUID();
    const body = JSON.stringify({
      error: {
        code: code ?? defaultCode,
        message,
        innerError: { date: new Date().toISOString().slice(0, 19), "request-id": requestId, "client-request-id": requestId },
      },
    });
    answer(res, record, status, { "Content-Type": "application/json", "request-id": requestId, ...extra }, Buffer.from(body));
  }

  async function normal(endpoint: GraphEndpoint, messageId: string | null, body: Buffer, req: IncomingMessage, res: ServerResponse, record: GraphRequestRecord): Promise<void> {
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      error(res, record, 401, { "WWW-Authenticate": 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"' });
      return;
    }
    if (endpoint === "sendMail") {
      if (body.length > maxRequestBytes) return error(res, record, 413);
      if (!/^text\/plain\b/i.test(req.headers["content-type"] ?? "")) return error(res, record, 400, {}, "RequestBodyRead");
      const text = body.toString("latin1").replace(/\r?\n/g, "");
      if (text === "" || text.length % 4 !== 0 || !BASE64.test(text))
        return error(res, record, 400, {}, "ErrorMimeContentInvalidBase64String");
      const mime = Buffer.from(text, "base64");
      answer(res, record, 202);
      sent.push({ mime, at: Date.now() });
      return;
    }
    const stored = messageId === null ? undefined : messages.get(messageId);
    if (stored === undefined) return error(res, record, 404);
    if (endpoint === "deleteMessage") {
      messages.delete(messageId!);
      deleted.push(messageId!);
      answer(res, record, 204);
      return;
    }
    answer(res, record, 200, { "Content-Type": "text/plain", "Content-Length": String(stored.length) }, stored);
  }

  async function scripted(
    reply: ScriptedReply,
    endpoint: GraphEndpoint,
    messageId: string | null,
    body: Buffer,
    req: IncomingMessage,
    res: ServerResponse,
    record: GraphRequestRecord,
  ): Promise<void> {
    if (reply === "drop") {
      record.status = "dropped";
      req.socket.destroy();
      return;
    }
    if (typeof reply === "object" && "hold" in reply) {
      await reply.hold;
      if (res.destroyed) return;
      if (reply.then === undefined) return normal(endpoint, messageId, body, req, res, record);
      return scripted(reply.then, endpoint, messageId, body, req, res, record);
    }
    const { status, retryAfter, code, headers } = typeof reply === "number" ? { status: reply } : reply;
    const extra: Record<string, string> = { ...headers };
    if (retryAfter !== undefined) extra["Retry-After"] = String(retryAfter);
    if (status >= 400) return error(res, record, status, extra, code);
    if (status === 202 && endpoint === "sendMail") {
      // A scripted acceptance still delivers: the test asked for the answer, not for a lost message.
      return normal(endpoint, messageId, body, req, res, record);
    }
    answer(res, record, status, extra);
  }

  const server = createServer((req, res) => {
    const method = req.method ?? "";
    const url = req.url ?? "/";
    const path = url.split("?")[0] ?? "/";
    const { endpoint, messageId } = route(method, path);
    const record: GraphRequestRecord = {
      method,
      url,
      endpoint,
      messageId,
      authorization: req.headers.authorization,
      contentType: req.headers["content-type"],
      origin: req.headers.origin,
      at: Date.now(),
      status: null,
      aborted: false,
    };
    requests.push(record);
    res.on("close", () => {
      if (!res.writableFinished && record.status !== "dropped") record.aborted = true;
    });

    if (endpoint === "preflight") {
      answer(res, record, 200, {
        "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
        "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "Authorization, Content-Type",
        "Access-Control-Max-Age": "3600",
      });
      return;
    }
    void readBody(req).then(
      async (body) => {
        if (endpoint === "unknown") return error(res, record, 400, {}, "BadRequest");
        const reply = scripts.get(endpoint)?.shift();
        if (reply === undefined) return normal(endpoint, messageId, body, req, res, record);
        return scripted(reply, endpoint, messageId, body, req, res, record);
      },
      () => undefined,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    baseUrl: `${origin}/v1.0`,
    origin,
    requests,
    sent,
    deleted,
    putMessage(id, mime) {
      messages.set(id, Buffer.from(typeof mime === "string" ? Buffer.from(mime, "utf8") : mime));
    },
    script(endpoint, replies) {
      scripts.set(endpoint, [...(scripts.get(endpoint) ?? []), ...replies]);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
