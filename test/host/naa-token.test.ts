import { ClientAuthError } from "@azure/msal-browser";
import { describe, expect, it } from "vitest";
import { createNaaTokenSource, type NestableClientFactory } from "../../src/host/naa-token.js";
import { fakeMsal, interactionRequired, userCancelled } from "./fake-msal.js";

const options = { clientId: "0f5e2b8c-3c1d-4c1e-9f3a-7d2b1a6e4c90", authority: "https://login.microsoftonline.com/common", scopes: ["Mail.Read"] };

describe("NAA token source", () => {
  it("tries creating the MSAL client again after a failed initialisation", async () => {
    const identity = fakeMsal({ silent: [{ token: "t" }] });
    let calls = 0;
    const createClient: NestableClientFactory = (config) => (++calls === 1 ? Promise.reject(new Error("bridge not ready")) : identity.factory(config));
    const source = createNaaTokenSource({ ...options, createClient });
    expect(await source.getToken({ userAction: false })).toEqual({ ok: false, code: "auth-failed", detail: "bridge not ready" });
    expect(await source.getToken({ userAction: false })).toEqual({ ok: true, accessToken: "t" });
  });

  it("reports MSAL's no-network error as network", async () => {
    const identity = fakeMsal({ silent: [new ClientAuthError("no_network_connectivity")] });
    const source = createNaaTokenSource({ ...options, createClient: identity.factory });
    expect(await source.getToken({ userAction: false })).toMatchObject({ ok: false, code: "network" });
  });

  it("reports interaction still required after the window (consent only an admin can give) as auth-failed", async () => {
    const identity = fakeMsal({ silent: [interactionRequired()], popup: [interactionRequired()] });
    const source = createNaaTokenSource({ ...options, createClient: identity.factory });
    const result = await source.getToken({ userAction: false });
    expect(result).toMatchObject({ ok: false, code: "auth-failed" });
    expect(!result.ok && result.detail).toContain("AADSTS65001");
  });

  it("refuses an empty token", async () => {
    const identity = fakeMsal({ silent: [{ token: "" }] });
    const source = createNaaTokenSource({ ...options, createClient: identity.factory });
    expect(await source.getToken({ userAction: false })).toMatchObject({ ok: false, code: "auth-failed" });
  });

  it("lets a click that lands during an automatic attempt open the window the automatic one may not", async () => {
    const identity = fakeMsal({ silent: [interactionRequired()], popup: [userCancelled(), { token: "t" }] });
    const source = createNaaTokenSource({ ...options, createClient: identity.factory });
    expect(await source.getToken({ userAction: false })).toMatchObject({ code: "auth-declined" });
    const automatic = source.getToken({ userAction: false });
    const click = source.getToken({ userAction: true });
    expect(await automatic).toMatchObject({ ok: false, code: "auth-declined" });
    expect(await click).toEqual({ ok: true, accessToken: "t" });
    expect(identity.popupRequests).toHaveLength(2);
  });

  it("getTokenSilently never opens a window, and leaves getToken free to open one", async () => {
    const identity = fakeMsal({ silent: [interactionRequired()], popup: [{ token: "t" }] });
    const source = createNaaTokenSource({ ...options, createClient: identity.factory });
    const silent = await source.getTokenSilently();
    expect(silent).toMatchObject({ ok: false, code: "auth-prompt-blocked" });
    expect(!silent.ok && silent.detail).toContain("AADSTS65001");
    expect(identity.popupRequests).toHaveLength(0);
    expect(await source.getToken({ userAction: false })).toEqual({ ok: true, accessToken: "t" });
    expect(identity.popupRequests).toHaveLength(1);
  });

  it("getTokenSilently passes on a token and other failures", async () => {
    expect(await createNaaTokenSource({ ...options, createClient: fakeMsal({ silent: [{ token: "t" }] }).factory }).getTokenSilently()).toEqual({
      ok: true,
      accessToken: "t",
    });
    const offline = fakeMsal({ silent: [new ClientAuthError("no_network_connectivity")] });
    expect(await createNaaTokenSource({ ...options, createClient: offline.factory }).getTokenSilently()).toMatchObject({ ok: false, code: "network" });
  });
});
