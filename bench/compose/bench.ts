/**
 * The compose benchmark: how long a sender waits from clicking "Sign, encrypt & send" to the sendMail request
 * reaching Microsoft Graph, for a message with a 3 MB attachment signed and encrypted to 5 recipients and the sender,
 * beside `openssl cms -sign | openssl cms -encrypt` doing the same to the same MIME. Runs the production build in
 * headless Chromium with the e2e tests' mock Outlook (compose item, Nested App Authentication) and mock Graph;
 * nothing leaves the machine.
 *
 * Such a message is above Graph's 4 MB limit for S/MIME, so the pane is given a config.json with a raised
 * `maxSendBytes`, and mock Graph a raised request limit: the benchmark measures the work, not the refusal.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { composeMessage } from "../../src/core/compose/build-message.js";
import type { ComposeDraft } from "../../src/core/compose/types.js";
import { ensureFixtures } from "../../test/fixtures/generate.js";
import { newRoutedContext, type Traffic } from "../../test/e2e/lib/browser-context.js";
import { snapshotBuild } from "../../test/e2e/lib/built-page.js";
import { chromiumMissing, launchChromium } from "../../test/e2e/lib/chromium.js";
import { COMPOSE_OUTCOME, fillStore, waitForComposeReady } from "../../test/e2e/lib/compose-pane.js";
import { makeComposePki, type ComposePki, type PartySpec } from "../../test/e2e/lib/compose-pki.js";
import { startMockGraph, type MockGraph } from "../../test/e2e/lib/mock-graph.js";
import { DEFAULT_NAA_ACCESS_TOKEN, graphConfigJson, OUTLOOK_HOST_QUERY, restIdOf, type MockComposeItemSpec } from "../../test/e2e/lib/mock-outlook.js";
import { serveDirectory, type StaticServer } from "../../test/e2e/lib/static-server.js";
import { ensureWebBuild } from "../lib/build.js";
import type { BenchContext } from "../lib/harness.js";
import { OPENSSL, opensslVersion } from "../lib/openssl.js";
import { OUT_DIR, REPO_DIR } from "../lib/paths.js";
import { summarize, type Samples } from "../lib/stats.js";

const WORK_DIR = join(OUT_DIR, "compose");
const RESULTS_FILE = join(OUT_DIR, "compose-results.json");
const ATTACHMENT_BYTES = 3 * 1024 * 1024;
/** Each run is a fresh pane (a new page) in one browser context whose store was filled once; one warm-up first. */
const RUNS = 5;
const OPENSSL_RUNS = 5;
/**
 * Above Graph's 4 MB: the 3 MB attachment in base64 and encrypted, then base64 again for sendMail, is about 7.5 MB of
 * request. Both limits are raised well past that, for the pane (config.json) and for mock Graph.
 */
const RAISED_LIMIT_BYTES = 64 * 1024 * 1024;
/** A send slower than this is a hang, not a measurement. */
const SEND_TIMEOUT_MS = 120_000;
const PASSWORD = "Inkan compose bench";

const PARTIES = [
  { name: "sender", address: "sender@example.jp", displayName: "Bench Sender", key: "rsa-2048" },
  { name: "r1", address: "r1@example.jp", displayName: "Recipient One", key: "rsa-2048" },
  { name: "r2", address: "r2@example.jp", displayName: "Recipient Two", key: "rsa-2048" },
  { name: "r3", address: "r3@example.jp", displayName: "Recipient Three", key: "rsa-2048" },
  { name: "r4", address: "r4@example.jp", displayName: "Recipient Four", key: "rsa-2048" },
  { name: "r5", address: "r5@example.jp", displayName: "Recipient Five", key: "rsa-2048" },
] as const satisfies readonly PartySpec[];
const RECIPIENTS = ["r1", "r2", "r3", "r4", "r5"] as const;

const STEP_TEXT = {
  reading: "reading the draft (office.js, attachment included)",
  preparing: "opening the key and making the signer",
  protecting: "building, signing and encrypting",
  sending: "token, base64 and upload to the request's arrival",
} as const satisfies Record<Step, string>;

const ms = (x: number): string => `${x.toFixed(0)} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

interface Material {
  readonly pki: ComposePki;
  readonly item: MockComposeItemSpec;
  /** The same message unprotected, as the engine writes it, for OpenSSL. */
  readonly plainFile: string;
  readonly plainBytes: number;
  /** The issuing CA, sent along with the signature as the pane does. */
  readonly interPem: string;
}

function makeMaterial(fx: Awaited<ReturnType<typeof ensureFixtures>>): Material {
  mkdirSync(WORK_DIR, { recursive: true });
  const pki = makeComposePki(fx, join(WORK_DIR, "keys"), PARTIES);
  const attachment = randomBytes(ATTACHMENT_BYTES);
  const to = RECIPIENTS.slice(0, 3).map((n) => pki.parties[n]!);
  const cc = RECIPIENTS.slice(3).map((n) => pki.parties[n]!);
  const sender = pki.parties["sender"]!;
  const bodyHtml = "<p>Please find the figures attached.</p><p>添付の資料をご確認ください。</p>";
  const item: MockComposeItemSpec = {
    from: { displayName: sender.displayName, emailAddress: sender.address },
    to: to.map((p) => ({ displayName: p.displayName, emailAddress: p.address })),
    cc: cc.map((p) => ({ displayName: p.displayName, emailAddress: p.address })),
    subject: "Quarterly figures / 四半期の数字",
    bodyHtml,
    attachments: [{ id: "att-3mb", name: "figures.bin", attachmentType: "file", content: attachment.toString("base64") }],
  };
  const draft: ComposeDraft = {
    from: { name: sender.displayName, address: sender.address },
    to: to.map((p) => ({ name: p.displayName, address: p.address })),
    cc: cc.map((p) => ({ name: p.displayName, address: p.address })),
    bcc: [],
    subject: item.subject!,
    html: bodyHtml,
    attachments: [{ name: "figures.bin", contentType: "application/octet-stream", content: new Uint8Array(attachment), inline: false }],
  };
  const composed = composeMessage(draft, { date: new Date(), random: (bytes) => globalThis.crypto.getRandomValues(bytes) });
  if (!composed.ok) throw new Error(`bench compose: the draft cannot be written: ${composed.problem.code}`);
  const plain = composed.composed.message({ to: draft.to, cc: draft.cc, bcc: [] });
  const plainFile = join(WORK_DIR, "plain.eml");
  writeFileSync(plainFile, plain);
  return { pki, item, plainFile, plainBytes: plain.byteLength, interPem: fx.pki.inter.certPem };
}

/** The decrypted message comes through stdout: several MB, over spawnSync's default 1 MB. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The same work in OpenSSL: sign (detached, SHA-256, chain without the root), then encrypt to the six certificates. */
function opensslPipeline(m: Material, out: string): string {
  const p = m.pki.parties;
  const sign = [OPENSSL, "cms", "-sign", "-in", m.plainFile, "-signer", p["sender"]!.certPem, "-inkey", p["sender"]!.keyPem, "-certfile", m.interPem, "-md", "sha256"];
  const encrypt = [OPENSSL, "cms", "-encrypt", "-aes256", "-out", out, ...[...RECIPIENTS, "sender"].map((n) => p[n]!.certPem)];
  return `${sign.map(shellQuote).join(" ")} | ${encrypt.map(shellQuote).join(" ")}`;
}

function timeOpenssl(m: Material): number[] {
  const out = join(WORK_DIR, "openssl-out.eml");
  const command = opensslPipeline(m, out);
  const times: number[] = [];
  for (let i = 0; i < OPENSSL_RUNS + 1; i++) {
    const started = performance.now();
    const r = spawnSync("bash", ["-o", "pipefail", "-c", command], { stdio: ["ignore", "ignore", "pipe"] });
    const elapsed = performance.now() - started;
    if (r.status !== 0) throw new Error(`bench compose: openssl failed: ${r.stderr.toString("utf8")}`);
    if (i > 0) times.push(elapsed);
  }
  // What OpenSSL made must open for a recipient, or it measured nothing.
  const check = spawnSync(OPENSSL, ["cms", "-decrypt", "-in", out, "-inkey", m.pki.parties["r1"]!.keyPem, "-recip", m.pki.parties["r1"]!.certPem, "-out", "/dev/null"]);
  if (check.status !== 0) throw new Error(`bench compose: OpenSSL's message does not decrypt: ${check.stderr.toString("utf8")}`);
  return times;
}

/**
 * Notes, on the page's wall clock (the same as mock Graph's), when Send is pressed, when the pane's progress first
 * shows each step (reading the draft, preparing the key, signing and encrypting, sending) and when the sendMail request
 * is handed to fetch, for a breakdown.
 */
const MARK_SCRIPT = `(() => {
  const steps = (globalThis.__inkanSendSteps = {});
  addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-test="compose-send"]') : null;
    if (target !== null && globalThis.__inkanSendClickedAt === undefined) globalThis.__inkanSendClickedAt = Date.now();
  }, true);
  // When the pane hands the request to fetch: what comes after is transfer, through Playwright's request routing too.
  const pageFetch = globalThis.fetch;
  globalThis.fetch = function (input, init) {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (globalThis.__inkanSendFetchAt === undefined && url.toLowerCase().endsWith("/me/sendmail")) globalThis.__inkanSendFetchAt = Date.now();
    return pageFetch.call(this, input, init);
  };
  new MutationObserver(() => {
    const step = document.querySelector('[data-test="compose-progress"]')?.getAttribute("data-step");
    if (step && steps[step] === undefined) steps[step] = Date.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-step"] });
})();`;

/** The pane's steps in order; each runs until the next one shows (sending: until the request arrives). */
const STEPS = ["reading", "preparing", "protecting", "sending"] as const;
type Step = (typeof STEPS)[number];

interface SendRun {
  /** Click to the sendMail request's arrival at mock Graph (its headers). */
  readonly toRequestMs: number;
  /** Click to mock Graph having the whole body (the 202). */
  readonly toAcceptedMs: number;
  /** Click to the signed and encrypted copy being ready to send (the "sending" step shown). */
  readonly toReadyMs: number;
  readonly mimeBytes: number;
  readonly smimeType: string;
  /** How long each step took, to the next step (sending: to the request's arrival). */
  readonly stepsMs: Readonly<Record<Step, number>>;
  /** The "sending" step split at the fetch call: token and base64 before it, the transfer after. */
  readonly beforeFetchMs: number;
  readonly transferMs: number;
}

/** One Send in a new pane of `context` (whose store is filled); mock Graph holds a fresh draft to delete. */
async function timeOneSend(context: BrowserContext, url: string, graph: MockGraph, draftId: string): Promise<SendRun> {
  const before = graph.requests.length;
  const sentBefore = graph.sent.length;
  graph.putMessage(restIdOf(draftId), "Subject: draft\r\n\r\nautosaved\r\n");
  const page: Page = await context.newPage();
  try {
    await page.goto(url);
    await waitForComposeReady(page);
    const encrypt = page.locator('[data-test="compose-encrypt"]');
    if (!(await encrypt.isChecked())) await encrypt.check();
    if ((await page.locator('[data-test="compose-send"]').getAttribute("data-action")) !== "sign-encrypt") throw new Error("bench compose: not set to sign and encrypt");
    await page.locator('[data-test="compose-send"]').click();
    const outcome = page.locator(COMPOSE_OUTCOME).first();
    await outcome.waitFor({ timeout: SEND_TIMEOUT_MS });
    if ((await outcome.getAttribute("data-test")) !== "compose-sent") {
      throw new Error(`bench compose: the pane did not send: ${await outcome.getAttribute("data-code")}: ${await outcome.innerText()}`);
    }
    const marks = await page.evaluate(() => {
      const g = globalThis as { __inkanSendClickedAt?: number; __inkanSendSteps?: Record<string, number>; __inkanSendFetchAt?: number };
      return { clickedAt: g.__inkanSendClickedAt ?? null, steps: g.__inkanSendSteps ?? {}, fetchAt: g.__inkanSendFetchAt ?? null };
    });
    const clickedAt = marks.clickedAt;
    if (clickedAt === null) throw new Error("bench compose: the click was not noted");
    const request = graph.requests.slice(before).find((r) => r.endpoint === "sendMail");
    const sent = graph.sent[sentBefore];
    if (request === undefined || sent === undefined || graph.sent.length !== sentBefore + 1) throw new Error("bench compose: mock Graph did not get exactly one message");
    const contentType = /^Content-Type:[ \t]*([^\r\n;]+;[ \t]*smime-type=([\w-]+))/im.exec(sent.mime.toString("latin1"));
    const at = (step: Step): number => {
      const t = marks.steps[step];
      if (t === undefined) throw new Error(`bench compose: the pane showed no "${step}" step`);
      return t;
    };
    if (marks.fetchAt === null) throw new Error("bench compose: the sendMail fetch was not noted");
    const ends = [...STEPS.slice(1).map(at), request.at];
    const stepsMs = Object.fromEntries(STEPS.map((step, i) => [step, ends[i]! - at(step)])) as Record<Step, number>;
    return { toRequestMs: request.at - clickedAt, toAcceptedMs: sent.at - clickedAt, toReadyMs: at("sending") - clickedAt, beforeFetchMs: marks.fetchAt - at("sending"), transferMs: request.at - marks.fetchAt, mimeBytes: sent.mime.length, smimeType: contentType?.[2] ?? "?", stepsMs };
  } finally {
    await page.close();
  }
}

/** The pane's message must open for a recipient and verify against the test root, or the timing measured nothing. */
function checkSent(m: Material, mime: Buffer): void {
  const file = join(WORK_DIR, "pane-out.eml");
  writeFileSync(file, mime);
  const r5 = m.pki.parties["r5"]!;
  const decrypted = spawnSync(OPENSSL, ["cms", "-decrypt", "-in", file, "-inkey", r5.keyPem, "-recip", r5.certPem], { maxBuffer: MAX_OUTPUT_BYTES });
  if (decrypted.status !== 0) throw new Error(`bench compose: the pane's message does not decrypt: ${decrypted.stderr.toString("utf8")}`);
  const verified = spawnSync(OPENSSL, ["cms", "-verify", "-CAfile", m.pki.caPem, "-purpose", "smimesign", "-out", "/dev/null"], { input: decrypted.stdout, maxBuffer: MAX_OUTPUT_BYTES });
  if (verified.status !== 0) throw new Error(`bench compose: the pane's signature does not verify: ${verified.stderr.toString("utf8")}`);
}

async function timePane(browser: Browser, server: StaticServer, m: Material, log: (line: string) => void): Promise<{ runs: SendRun[]; version: string }> {
  const graph = await startMockGraph({ token: DEFAULT_NAA_ACCESS_TOKEN, maxRequestBytes: RAISED_LIMIT_BYTES });
  const draftId = "AAMkAGbenchDraft=";
  let routed: { context: BrowserContext; traffic: Traffic } | null = null;
  try {
    routed = await newRoutedContext(browser, server.origin, {
      office: { kind: "mock-outlook", config: { displayLanguage: "en-US", composeItem: { ...m.item, itemId: draftId, saved: true }, naa: { supported: true } } },
      allowOrigins: [graph.origin],
      configJson: graphConfigJson(graph.baseUrl, { maxSendBytes: RAISED_LIMIT_BYTES }),
    });
    const { context, traffic } = routed;
    await context.addInitScript({ content: MARK_SCRIPT });
    const url = `${server.origin}/taskpane.html${OUTLOOK_HOST_QUERY}&mode=compose`;
    const first = await context.newPage();
    await first.goto(url);
    await fillStore(first, {
      p12: m.pki.p12("sender", PASSWORD),
      password: PASSWORD,
      contacts: m.pki.bundle([...RECIPIENTS]),
      anchor: m.pki.caPem,
    });
    await first.close();
    log(`bench compose: click Send to sendMail, 1 warm-up + ${RUNS} runs`);
    const runs: SendRun[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const run = await timeOneSend(context, url, graph, draftId);
      if (i === 0) checkSent(m, graph.sent[0]!.mime);
      else runs.push(run);
    }
    if (traffic.external.length > 0) throw new Error(`bench compose: the pane reached outside: ${traffic.external.join(", ")}`);
    return { runs, version: browser.version() };
  } finally {
    await routed?.context.close();
    await graph.close();
  }
}

export async function runComposeBench(ctx: BenchContext): Promise<string> {
  const missing = chromiumMissing();
  if (missing !== null) {
    const line = `compose: skipped: ${missing}`;
    ctx.log(line);
    return line;
  }
  ensureWebBuild("compose", ctx.log);
  const fx = await ensureFixtures();
  const material = makeMaterial(fx);
  ctx.log(`bench compose: ${material.plainFile} (${material.plainBytes} bytes unprotected)`);

  const snapshot = snapshotBuild();
  if (snapshot.page === null) throw new Error("bench compose: no taskpane.html after the build");
  const server = await serveDirectory(snapshot.page.root);
  const browser = await launchChromium();
  try {
    const pane = await timePane(browser, server, material, ctx.log);
    ctx.log(`bench compose: openssl cms -sign | openssl cms -encrypt, 1 warm-up + ${OPENSSL_RUNS} runs`);
    const opensslTimes = timeOpenssl(material);

    const toRequest: Samples = summarize(pane.runs.map((r) => r.toRequestMs));
    const toAccepted: Samples = summarize(pane.runs.map((r) => r.toAcceptedMs));
    const ossl: Samples = summarize(opensslTimes);
    const toReady: Samples = summarize(pane.runs.map((r) => r.toReadyMs));
    const ratio = toRequest.median / ossl.median;
    const readyRatio = toReady.median / ossl.median;
    const sent = pane.runs[0]!;
    const range = (s: Samples): string => `${ms(s.min)}–${ms(s.max)}`;
    const row = (label: string, s: Samples): string => `    ${label.padEnd(62)} ${ms(s.median).padStart(8)}   (${range(s)})`;
    const report = [
      `compose: ${pane.version}, headless; ${opensslVersion()}; the production build served from 127.0.0.1`,
      `  a ${mb(material.plainBytes)} message (a ${mb(ATTACHMENT_BYTES)} attachment), signed and encrypted to 5 recipients + the sender` +
        ` (${sent.smimeType}, ${mb(sent.mimeBytes)} sent); Graph's 4 MB limit raised for the run; median of ${RUNS}`,
      row("pane: click Send to the sendMail request at mock Graph", toRequest),
      row("pane: click Send to the whole request received (202)", toAccepted),
      ...STEPS.map((step) => row(`  of which ${STEP_TEXT[step]}`, summarize(pane.runs.map((r) => r.stepsMs[step])))),
      row("      sending: token and base64, to the fetch call", summarize(pane.runs.map((r) => r.beforeFetchMs))),
      row("      sending: fetch call to the request's arrival *", summarize(pane.runs.map((r) => r.transferMs))),
      row("pane: click Send to the protected message ready to send", toReady),
      row("openssl cms -sign | openssl cms -encrypt (6 certificates)", ossl),
      `    ratio pane / openssl: ${ratio.toFixed(2)} to the request at Graph, ${readyRatio.toFixed(2)} to the message ready` +
        " (no target; the pane also reads the draft through office.js and opens the key, then gets a token and uploads)",
      "    * includes the CORS preflight and Playwright's request routing, which the test harness puts on every request" +
        " and which carries the body through the DevTools protocol; the routing is not there in Outlook",
    ].join("\n");

    writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify(
        {
          browser: pane.version,
          opensslVersion: opensslVersion(),
          message: { plainBytes: material.plainBytes, attachmentBytes: ATTACHMENT_BYTES, sentBytes: sent.mimeBytes, smimeType: sent.smimeType, recipients: RECIPIENTS.length + 1 },
          limits: { maxSendBytes: RAISED_LIMIT_BYTES, mockGraphMaxRequestBytes: RAISED_LIMIT_BYTES },
          pane: { runs: pane.runs, clickToRequestMs: toRequest, clickToAcceptedMs: toAccepted, clickToReadyMs: toReady },
          openssl: { command: opensslPipeline(material, "OUT"), ms: ossl },
          ratio: { toRequest: ratio, toReady: readyRatio },
        },
        null,
        2,
      )}\n`,
    );
    ctx.log(`bench compose: samples in ${RESULTS_FILE}`);
    return report;
  } finally {
    await browser.close();
    await server.close();
    snapshot.remove();
    material.pki.removeScratch();
  }
}
