import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Microsoft Graph's `GET /v1.0/me/messages/{id}/$value` on 127.0.0.1, as documented: 200 with
 * `Content-Type: text/plain` and the MIME as the body; errors as `{"error": {"code", "message", "innerError":
 * {"date", "request-id", "client-request-id"}}}` with `Content-Type: application/json` and a `request-id` header;
 * 401 InvalidAuthenticationToken without a valid bearer token; 404 ErrorItemNotFound for an unknown id.
 */

export type Reply =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly code?: string; readonly body?: Uint8Array | string }
  /** Drops the connection without an answer, as a reset or an unreachable network looks to the client. */
  | { readonly destroy: true }
  /** Answers only when `release` resolves; `then` is the answer (the message itself if absent). */
  | { readonly hold: Promise<void>; readonly then?: Reply }
  /** Headers announcing `contentLength` bytes and a first chunk, then nothing more until the client gives up. */
  | { readonly stall: true; readonly contentLength: number };

export interface RecordedRequest {
  readonly method: string;
  readonly restId: string | null;
  readonly authorization: string | undefined;
  /** True when the client closed the connection before the answer was complete. */
  aborted: boolean;
}

const VALUE_PATH = /^\/v1\.0\/me\/messages\/([^/]+)\/\$value$/;

export function graphErrorBody(code: string, message: string): string {
  const id = randomUUID();
  return JSON.stringify({
    error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), "request-id": id, "client-request-id": id } },
  });
}

const MESSAGES_FOR_STATUS: Record<number, [string, string]> = {
  400: ["ErrorInvalidIdMalformed", "Id is malformed."],
  401: ["InvalidAuthenticationToken", "Access token validation failure. Invalid audience."],
  403: ["ErrorAccessDenied", "Access is denied. Check credentials and try again."],
  404: ["ErrorItemNotFound", "The specified object was not found in the store."],
  413: ["RequestEntityTooLarge", "The request size exceeds the maximum limit."],
  429: ["ApplicationThrottled", "Application is over its MailboxConcurrency limit."],
  500: ["generalException", "An unspecified error has occurred."],
  503: ["serviceNotAvailable", "The service is not available. Try the request again after a delay."],
};

export async function startMockGraph(options: { readonly token: string }) {
  const messages = new Map<string, Uint8Array>();
  const scripts = new Map<string, Reply[]>();
  const requests: RecordedRequest[] = [];

  function sendError(res: ServerResponse, status: number, extraHeaders: Record<string, string> = {}, code?: string): void {
    const [defaultCode, message] = MESSAGES_FOR_STATUS[status] ?? ["UnknownError", ""];
    const body = graphErrorBody(code ?? defaultCode, message);
    const requestId = (JSON.parse(body) as { error: { innerError: Record<string, string> } }).error.innerError["request-id"]!;
    res.writeHead(status, { "Content-Type": "application/json", "request-id": requestId, ...extraHeaders });
    res.end(body);
  }

  function sendMessage(res: ServerResponse, eml: Uint8Array): void {
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": String(eml.byteLength) });
    res.end(Buffer.from(eml));
  }

  async function answer(reply: Reply | undefined, restId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (reply === undefined) {
      const eml = messages.get(restId);
      if (eml === undefined) sendError(res, 404);
      else sendMessage(res, eml);
      return;
    }
    if ("destroy" in reply) {
      req.socket.destroy();
      return;
    }
    if ("hold" in reply) {
      await reply.hold;
      if (!res.destroyed) await answer(reply.then, restId, req, res);
      return;
    }
    if ("stall" in reply) {
      res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": String(reply.contentLength) });
      res.write(Buffer.alloc(1024, 0x41));
      return;
    }
    if (reply.status >= 400 && reply.body === undefined) {
      sendError(res, reply.status, reply.headers, reply.code);
      return;
    }
    res.writeHead(reply.status, { "Content-Type": "text/plain", ...reply.headers });
    res.end(typeof reply.body === "string" ? reply.body : Buffer.from(reply.body ?? new Uint8Array(0)));
  }

  const server = createServer((req, res) => {
    const match = VALUE_PATH.exec(req.url ?? "");
    const restId = match?.[1] === undefined ? null : decodeURIComponent(match[1]);
    const recorded: RecordedRequest = { method: req.method ?? "", restId, authorization: req.headers.authorization, aborted: false };
    requests.push(recorded);
    res.on("close", () => {
      if (!res.writableFinished) recorded.aborted = true;
    });
    if (req.method !== "GET" || restId === null) {
      sendError(res, 400, {}, "BadRequest");
      return;
    }
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      sendError(res, 401, { "WWW-Authenticate": 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"' });
      return;
    }
    void answer(scripts.get(restId)?.shift(), restId, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1.0`,
    requests,
    /** Makes `eml` the MIME of the message with this REST id. */
    put(restId: string, eml: Uint8Array): void {
      messages.set(restId, eml);
    },
    /** The next answers for this REST id, in order; afterwards the message (or 404) as usual. */
    script(restId: string, replies: Reply[]): void {
      scripts.set(restId, [...(scripts.get(restId) ?? []), ...replies]);
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export type MockGraph = Awaited<ReturnType<typeof startMockGraph>>;
