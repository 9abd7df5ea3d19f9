/**
 * Where the send guard reads the organisation's settings: the deployment's config.json, the file beside
 * taskpane.html that also carries the Graph settings (docs/entra-app.md).
 *
 * The address is built into send-guard.js rather than derived from the page, because classic Outlook on Windows runs
 * the guard as a bare script: there is no page address to resolve against, and fetch there takes absolute URLs only.
 * The other clients use the same address, so a deployment behaves the same everywhere and a wrong address shows on
 * the first client it is tried on. It is written with the development origin; a deployment replaces that origin in
 * send-guard.js exactly as it does in manifest.xml (docs/send-guard.md, "Turning it on").
 */
export const CONFIG_URL = "https://localhost:3000/config.json";
