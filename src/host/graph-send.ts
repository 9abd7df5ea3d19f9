import { bytesToBase64 } from "./base64.js";
import { callGraph, cancelBody, GRAPH_RESPONSE_TIMEOUT_MS, type GraphResult, type GraphTransport } from "./graph-request.js";

/**
 * `POST /me/sendMail` with a complete MIME message, and `DELETE /me/messages/{id}` for the draft left behind. Graph
 * documents sendMail with MIME as: Content-Type text/plain, the body the base64 of the message, 202 Accepted with an
 * empty body; the message is saved to Sent Items. It refuses requests above 4 MB with 413.
 */

export function sendMailUrl(graphBaseUrl: string): string {
  return `${graphBaseUrl}/me/sendMail`;
}

export function messageUrl(graphBaseUrl: string, restId: string): string {
  return `${graphBaseUrl}/me/messages/${encodeURIComponent(restId)}`;
}

/**
 * The response timeout for sendMail counts from the start of the upload, so it grows with the message: on top of
 * GRAPH_RESPONSE_TIMEOUT_MS, one second for every 64 KiB of request body, which is a slow uplink's speed. A 4 MB
 * message may then take about a minute and a half before it is reported as `network`.
 */
const UPLOAD_BYTES_PER_SECOND = 64 * 1024;

export function sendTimeoutMs(bodyLength: number): number {
  return GRAPH_RESPONSE_TIMEOUT_MS + Math.ceil(bodyLength / UPLOAD_BYTES_PER_SECOND) * 1000;
}

export type SendMailResult = GraphResult<null>;

/**
 * Sends `mime` as it is. Repeated only after the answers that say Graph did no work (see RetryPolicy "send"). Never
 * rejects.
 */
export function sendMail(
  request: { readonly graphBaseUrl: string; readonly accessToken: string; readonly mime: Uint8Array },
  transport: GraphTransport,
): Promise<SendMailResult> {
  const body = bytesToBase64(request.mime);
  return callGraph<null, never>(
    {
      method: "POST",
      url: sendMailUrl(request.graphBaseUrl),
      accessToken: request.accessToken,
      contentType: "text/plain",
      body,
      retry: "send",
      // Only 202: a 200 from something in between (a captive portal's page, a proxy) is no proof Graph took the message.
      accept: (status) => status === 202,
      read: async (response) => {
        await cancelBody(response);
        return { ok: true, value: null };
      },
    },
    { ...transport, responseTimeoutMs: transport.responseTimeoutMs ?? sendTimeoutMs(body.length) },
  );
}

/** Deletes a message; one that is not there (404) counts as deleted. Never rejects. */
export function deleteMessage(
  request: { readonly graphBaseUrl: string; readonly accessToken: string; readonly restId: string },
  transport: GraphTransport,
): Promise<GraphResult<null>> {
  return callGraph<null, never>(
    {
      method: "DELETE",
      url: messageUrl(request.graphBaseUrl, request.restId),
      accessToken: request.accessToken,
      retry: "idempotent",
      accept: (status) => (status >= 200 && status <= 299) || status === 404,
      read: async (response) => {
        await cancelBody(response);
        return { ok: true, value: null };
      },
    },
    transport,
  );
}
