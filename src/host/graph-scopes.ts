/**
 * Delegated Microsoft Graph permissions as token scopes. Scopes without a resource mean the global Microsoft Graph; a
 * national cloud's Graph (graph.microsoft.us, ...) needs its origin in front, or the token would be for the wrong
 * audience. A loopback http stand-in (development) is no resource Entra knows, so it gets the plain scope.
 */

/** The least privilege that reads a message's MIME (GET /me/messages/{id}/$value). */
export const GRAPH_READ_SCOPE = "Mail.Read";
/** POST /me/sendMail. */
export const GRAPH_SEND_SCOPE = "Mail.Send";
/** Reading the autosaved draft's header block and deleting the draft once its protected copy is sent. */
export const GRAPH_READ_WRITE_SCOPE = "Mail.ReadWrite";

const GLOBAL_GRAPH_ORIGIN = "https://graph.microsoft.com";

export function graphScope(graphBaseUrl: string, permission: string): string {
  const url = new URL(graphBaseUrl);
  return url.origin === GLOBAL_GRAPH_ORIGIN || url.protocol !== "https:" ? permission : `${url.origin}/${permission}`;
}
