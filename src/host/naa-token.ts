/**
 * Access tokens through Nested App Authentication: Outlook signs the add-in in with the account it already has, so
 * there is no sign-in page of our own and no server. MSAL's errors are translated here, once, into our codes.
 */

/** The requirement set under which MSAL's nestable client gets tokens from Outlook itself. */
export const NAA_SET = "NestedAppAuth";
export const NAA_VERSION = "1.1";

export interface TokenRequest {
  readonly scopes: string[];
}

/** The part of MSAL's IPublicClientApplication used here; tests hand in a fake. */
export interface NestableClient {
  acquireTokenSilent(request: TokenRequest): Promise<{ readonly accessToken: string }>;
  acquireTokenPopup(request: TokenRequest): Promise<{ readonly accessToken: string }>;
}

export interface NestableClientConfig {
  readonly auth: { readonly clientId: string; readonly authority: string };
}

export type NestableClientFactory = (config: NestableClientConfig) => Promise<NestableClient>;

/**
 * MSAL's own factory. Call it only where NestedAppAuth 1.1 is supported: elsewhere it falls back to browser popups.
 * MSAL is loaded here, on first use: most panes read the message through Office and never ask for a token, and it
 * would otherwise be a quarter of the code every pane loads before its first paint.
 */
export const createMsalNestableClient: NestableClientFactory = async (config) => {
  const { createNestablePublicClientApplication } = await import(/* webpackChunkName: "msal" */ "@azure/msal-browser");
  return createNestablePublicClientApplication({ auth: { clientId: config.auth.clientId, authority: config.auth.authority } });
};

export type TokenFailure = "auth-declined" | "auth-prompt-blocked" | "auth-failed" | "network";

export type TokenResult =
  | { readonly ok: true; readonly accessToken: string }
  | { readonly ok: false; readonly code: TokenFailure; readonly detail: string };

export interface TokenSource {
  /** A token for the configured scopes. See ReadOptions.userAction for `userAction`. Never rejects. */
  getToken(options: { readonly userAction: boolean }): Promise<TokenResult>;
  /**
   * A token only if one comes without the user: never a sign-in window, and no effect on whether getToken may open
   * one. For work the user did not ask for and can do without. Never rejects.
   */
  getTokenSilently(): Promise<TokenResult>;
}

export interface TokenSourceOptions {
  readonly createClient: NestableClientFactory;
  readonly clientId: string;
  readonly authority: string;
  readonly scopes: readonly string[];
}

/**
 * MSAL error codes that mean the user said no: closing the window (NAA bridge `user_canceled`, browser popup
 * `user_cancelled`) or refusing consent (`access_denied`, AADSTS65004).
 */
const DECLINED_CODES = new Set(["user_canceled", "user_cancelled", "access_denied"]);
/** The window could not be opened: browsers block windows that no click opened. */
const BLOCKED_CODES = new Set(["popup_window_error", "empty_window_error"]);
const NETWORK_CODES = new Set(["no_network_connectivity"]);

type ErrorKind = "interaction-required" | TokenFailure;

function errorCode(e: unknown): string | null {
  const code = typeof e === "object" && e !== null ? (e as { errorCode?: unknown }).errorCode : undefined;
  return typeof code === "string" ? code : null;
}

function classify(e: unknown): ErrorKind {
  // By name: MSAL sets it on its InteractionRequiredAuthError, and the class itself lives in MSAL's lazy chunk.
  if (e instanceof Error && e.name === "InteractionRequiredAuthError") return "interaction-required";
  const code = errorCode(e);
  if (code !== null && DECLINED_CODES.has(code)) return "auth-declined";
  if (code !== null && BLOCKED_CODES.has(code)) return "auth-prompt-blocked";
  if (code !== null && NETWORK_CODES.has(code)) return "network";
  return "auth-failed";
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function fromToken(result: { readonly accessToken: string }): TokenResult {
  return result.accessToken === ""
    ? { ok: false, code: "auth-failed", detail: "the identity service returned an empty token" }
    : { ok: true, accessToken: result.accessToken };
}

/**
 * acquireTokenSilent first; acquireTokenPopup only when MSAL says interaction is required. Once the user has closed
 * or refused the window, it is not opened again until a read the user asked for. Concurrent callers share one
 * acquisition, so a quick run of selected items never stacks sign-in windows.
 */
export function createNaaTokenSource(options: TokenSourceOptions): TokenSource {
  const request = (): TokenRequest => ({ scopes: [...options.scopes] });
  let client: Promise<NestableClient> | null = null;
  let pending: Promise<TokenResult> | null = null;
  let declined = false;

  const getClient = (): Promise<NestableClient> => {
    client ??= options.createClient({ auth: { clientId: options.clientId, authority: options.authority } });
    return client;
  };

  /** The client and a silent attempt: a token or failure, or the client when the user is needed. */
  async function silently(): Promise<TokenResult | { readonly interactionRequired: NestableClient; readonly detail: string }> {
    let app: NestableClient;
    try {
      app = await getClient();
    } catch (e) {
      // Initialisation failing once (the bridge not ready yet) must not disable sign-in for the pane's lifetime.
      client = null;
      return { ok: false, code: "auth-failed", detail: describe(e) };
    }
    try {
      return fromToken(await app.acquireTokenSilent(request()));
    } catch (e) {
      const kind = classify(e);
      return kind === "interaction-required" ? { interactionRequired: app, detail: describe(e) } : { ok: false, code: kind, detail: describe(e) };
    }
  }

  async function acquire(userAction: boolean): Promise<TokenResult> {
    const silent = await silently();
    if (!("interactionRequired" in silent)) return silent;
    const app = silent.interactionRequired;
    if (declined && !userAction)
      return { ok: false, code: "auth-declined", detail: "sign-in was declined earlier; waiting for the user to ask again" };
    try {
      const result = fromToken(await app.acquireTokenPopup(request()));
      declined = false;
      return result;
    } catch (e) {
      const kind = classify(e);
      if (kind === "auth-declined") declined = true;
      // Interaction still required after the window closed: typically consent only an administrator may give.
      return { ok: false, code: kind === "interaction-required" ? "auth-failed" : kind, detail: describe(e) };
    }
  }

  const getToken = ({ userAction }: { readonly userAction: boolean }): Promise<TokenResult> => {
    if (pending === null) {
      pending = acquire(userAction).finally(() => {
        pending = null;
      });
      return pending;
    }
    // A click that lands while an automatic attempt runs must not inherit its "declined earlier, not asking".
    if (userAction) return pending.then((r) => (!r.ok && r.code === "auth-declined" ? getToken({ userAction }) : r));
    return pending;
  };
  async function getTokenSilently(): Promise<TokenResult> {
    const silent = await silently();
    return "interactionRequired" in silent ? { ok: false, code: "auth-prompt-blocked", detail: `sign-in needs the user: ${silent.detail}` } : silent;
  }

  return { getToken, getTokenSilently };
}

/** The configured application a token source is for (config.json's Entra application). */
export interface TokenApplication {
  readonly clientId: string;
  readonly authority: string;
}

/**
 * The token source for the configured application, made on first use and again only when the client id changes
 * (a new config.json): one MSAL client, and one memory of a declined sign-in, per application.
 */
export function tokenSourcePerApplication<A extends TokenApplication>(
  createClient: NestableClientFactory,
  scopesFor: (application: A) => readonly string[],
): (application: A) => TokenSource {
  let current: { readonly clientId: string; readonly source: TokenSource } | null = null;
  return (application) => {
    if (current === null || current.clientId !== application.clientId) {
      const source = createNaaTokenSource({ createClient, clientId: application.clientId, authority: application.authority, scopes: scopesFor(application) });
      current = { clientId: application.clientId, source };
    }
    return current.source;
  };
}
