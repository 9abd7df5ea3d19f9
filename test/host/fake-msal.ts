import { BrowserAuthError, ClientAuthError, InteractionRequiredAuthError, ServerError } from "@azure/msal-browser";
import type { NestableClientConfig, NestableClientFactory, TokenRequest } from "../../src/host/naa-token.js";

/**
 * A stand-in for MSAL's nestable public client. Its errors are MSAL's own classes with the codes the NAA bridge maps
 * to (NestedAppAuthAdapter.fromBridgeError): USER_INTERACTION_REQUIRED becomes InteractionRequiredAuthError,
 * USER_CANCEL a ClientAuthError "user_canceled", NO_NETWORK "no_network_connectivity", and a browser that blocks the
 * window a BrowserAuthError "popup_window_error".
 */

export type Step = { readonly token: string } | Error;

export const interactionRequired = (): Error =>
  new InteractionRequiredAuthError("interaction_required", "AADSTS65001: The user or administrator has not consented.");
export const userCancelled = (): Error => new ClientAuthError("user_canceled");
export const popupBlocked = (): Error => new BrowserAuthError("popup_window_error");
export const serverError = (): Error => new ServerError("temporarily_unavailable", "AADSTS90033: A transient error has occurred.");

export function fakeMsal(behaviour: { silent: Step[]; popup?: Step[]; popupDelayMs?: number }) {
  const configs: NestableClientConfig[] = [];
  const silentRequests: TokenRequest[] = [];
  const popupRequests: TokenRequest[] = [];
  const silent = [...behaviour.silent];
  const popup = [...(behaviour.popup ?? [])];

  /** Each call takes the next step; the last one repeats. */
  const next = async (steps: Step[], delayMs = 0): Promise<{ accessToken: string }> => {
    const step = steps.length > 1 ? steps.shift()! : steps[0];
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (step === undefined) throw new Error("fake MSAL: no behaviour given for this call");
    if (step instanceof Error) throw step;
    return { accessToken: step.token };
  };

  const factory: NestableClientFactory = async (config) => {
    configs.push(config);
    return {
      acquireTokenSilent: (request) => {
        silentRequests.push(request);
        return next(silent);
      },
      acquireTokenPopup: (request) => {
        popupRequests.push(request);
        return next(popup, behaviour.popupDelayMs);
      },
    };
  };
  return { factory, configs, silentRequests, popupRequests };
}
