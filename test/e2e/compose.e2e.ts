/**
 * Composing in the real browser: the pane opens beside a mocked compose item (test/e2e/mock-office.js, with the
 * Nested App Authentication bridge MSAL talks to), the sender's .p12, the recipients' certificates and the test root
 * are imported through the Certificates view, and Send goes to a local Microsoft Graph (test/e2e/lib/mock-graph.ts).
 * OpenSSL then checks what Graph received: every signature verifies against the test root, every encrypted copy
 * decrypts for each of its recipients and for the sender and for no one else, Bcc recipients are in no copy but their
 * own; the draft goes (closeAsync with discardItem, Graph DELETE) only after the 202s. A sent message opens as
 * `verified` in the read-mode pane and in `inkan verify`. Refusals and a dead network keep the draft and say why.
 *
 * Every message Graph received is written to test-results/compose/<test>.eml (further copies <test>.2.eml, ...) and
 * the PKI to test-results/compose/keys/, so that other tools can look at them afterwards.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { run } from "../core/keys/identity-test-kit.js";
import { seriousAxeFindings } from "./lib/axe.js";
import { newRoutedContext, type Traffic } from "./lib/browser-context.js";
import { REPO_DIR } from "./lib/built-page.js";
import { COMPOSE_OUTCOME, fillStore } from "./lib/compose-pane.js";
import { makeComposePki, type ComposePki, type Party, type PartySpec } from "./lib/compose-pki.js";
import { startMockGraph, type MockGraph, type ScriptedReply } from "./lib/mock-graph.js";
import {
  DEFAULT_NAA_ACCESS_TOKEN,
  graphConfigJson,
  itemFromEml,
  OUTLOOK_HOST_QUERY,
  restIdOf,
  type MockCall,
  type MockComposeItemSpec,
  type MockRecipient,
} from "./lib/mock-outlook.js";
import { BADGE, gotoPane, screenshot, VERDICT_TIMEOUT_MS } from "./lib/pane.js";
import { SKIP, useE2E } from "./lib/suite.js";

const env = useE2E();

const COMPOSE_RESULTS_DIR = join(REPO_DIR, "test-results/compose");
const KEYS_DIR = join(COMPOSE_RESULTS_DIR, "keys");
const PASSWORD = "Inkan compose e2e パスワード";
/** Deleting the draft and closing the form after the last 202: well under this on a slow machine. */
const STEP_TIMEOUT_MS = 30_000;
const MARKER = "inkan-compose-e2e-marker";

const PARTIES = [
  { name: "taro", address: "taro.yamada@example.co.jp", displayName: "Taro Yamada", key: "rsa-2048" },
  { name: "hanako", address: "hanako@example.jp", displayName: "Hanako Suzuki", key: "rsa-2048" },
  { name: "kenji", address: "kenji@example.jp", displayName: "Kenji Ito", key: "ec-P-256" },
  { name: "yuki", address: "yuki@example.jp", displayName: "Yuki Tanaka", key: "rsa-2048" },
  { name: "sato", address: "sato@example.jp", displayName: "Sato Hiroshi", key: "ec-P-384" },
  { name: "mei", address: "mei@example.jp", displayName: "Mei Kobayashi", key: "rsa-2048" },
] as const satisfies readonly PartySpec[];
type Name = (typeof PARTIES)[number]["name"];
const RECIPIENTS: readonly Name[] = ["hanako", "kenji", "yuki", "sato", "mei"];

let pki: ComposePki | undefined;
const keys = (): ComposePki => {
  assert.ok(pki !== undefined, "the compose PKI was not made");
  return pki;
};
const party = (name: Name): Party => keys().parties[name]!;
const recipient = (name: Name): MockRecipient => ({ displayName: party(name).displayName, emailAddress: party(name).address });

/** The draft every test starts from; `extra` changes what a test needs. */
function draft(extra: Partial<MockComposeItemSpec> = {}): MockComposeItemSpec {
  return {
    from: recipient("taro"),
    to: [recipient("hanako"), recipient("kenji")],
    cc: [recipient("yuki")],
    subject: "お見積りの件 / Quotation",
    bodyHtml: `<p>${MARKER}</p><p>お世話になっております。見積書を添付します。</p>`,
    attachments: [
      { id: "att-1", name: "見積書.pdf", attachmentType: "file", content: Buffer.from("%PDF-1.4\n% inkan compose e2e\n").toString("base64") },
    ],
    ...extra,
  };
}

interface ComposePane {
  readonly context: BrowserContext;
  readonly traffic: Traffic;
  readonly page: Page;
  readonly graph: MockGraph;
  readonly draftId: string;
  /** Every MIME message that reached mock Graph's sendMail, in order (refused ones and retries included). */
  readonly received: Buffer[];
}

let draftCounter = 0;

interface OpenOptions {
  readonly item?: MockComposeItemSpec;
  readonly lang?: "en" | "ja";
  readonly sendMail?: readonly ScriptedReply[];
  /** The page cannot reach Graph at all (offline). */
  readonly networkDown?: boolean;
}

/**
 * The compose pane in its own browser context: Graph's origin is let through to the local stand-in, config.json points
 * there, everything else stays routed as for every e2e test. The store is filled through the Certificates view.
 */
/** Panes a test opened and has not closed: a failed assertion must not leave a server keeping the run alive. */
const openPanes = new Set<{ readonly context: BrowserContext; readonly graph: MockGraph }>();

async function openCompose(options: OpenOptions = {}): Promise<ComposePane> {
  const graph = await startMockGraph({ token: DEFAULT_NAA_ACCESS_TOKEN });
  const draftId = `AAMkAGI2TG93AAA=draft${++draftCounter}`;
  // Outlook autosaves a draft being written; the pane deletes it through Graph after sending.
  graph.putMessage(restIdOf(draftId), "Subject: draft\r\n\r\nautosaved draft\r\n");
  if (options.sendMail !== undefined) graph.script("sendMail", options.sendMail);
  const locale = options.lang === "ja" ? "ja-JP" : "en-US";
  const { context, traffic } = await newRoutedContext(env().browser, env().server.origin, {
    office: {
      kind: "mock-outlook",
      config: { displayLanguage: locale, composeItem: { ...(options.item ?? draft()), itemId: draftId, saved: true }, naa: { supported: true } },
    },
    locale,
    allowOrigins: [graph.origin],
    configJson: graphConfigJson(graph.baseUrl),
  });
  const received: Buffer[] = [];
  // Registered after the context's own route, so it sees Graph's requests first, then hands them on.
  await context.route(`${graph.origin}/**`, async (route) => {
    const request = route.request();
    if (options.networkDown === true) return route.abort("internetdisconnected");
    if (request.method() === "POST" && /\/me\/sendmail$/i.test(new URL(request.url()).pathname)) {
      received.push(Buffer.from((request.postDataBuffer() ?? Buffer.alloc(0)).toString("latin1").replace(/\s+/g, ""), "base64"));
    }
    return route.fallback();
  });
  const page = await context.newPage();
  await gotoPane(page, env().url(`${OUTLOOK_HOST_QUERY}&mode=compose`));
  await fillStore(page, { p12: keys().p12("taro", PASSWORD), password: PASSWORD, contacts: keys().bundle(RECIPIENTS), anchor: keys().caPem });
  const pane = { context, traffic, page, graph, draftId, received };
  openPanes.add(pane);
  return pane;
}

const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60)
    .replace(/^-+|-+$/g, "");

/**
 * Writes what Graph received as `<test>.eml`, `<test>.2.eml`..., each distinct message once (a retried one was
 * received several times). `test` is the test's short name.
 */
function keepReceived(test: string, received: readonly Buffer[]): string[] {
  const distinct = received.filter((m, i) => received.findIndex((n) => n.equals(m)) === i);
  mkdirSync(COMPOSE_RESULTS_DIR, { recursive: true });
  return distinct.map((mime, i) => {
    const file = join(COMPOSE_RESULTS_DIR, `${test}${i === 0 ? "" : `.${i + 1}`}.eml`);
    writeFileSync(file, mime);
    return file;
  });
}

async function close(pane: ComposePane): Promise<void> {
  openPanes.delete(pane);
  await pane.context.close();
  await pane.graph.close();
  assert.deepEqual(pane.traffic.external, [], "requests that would have left the machine");
  assert.deepEqual(pane.traffic.pageErrors, [], "uncaught errors in the page");
}

async function mockCalls(page: Page): Promise<MockCall[]> {
  return page.evaluate(() => (globalThis as unknown as { __inkanTestOutlook: { calls(): MockCall[] } }).__inkanTestOutlook.calls());
}

async function closedWith(page: Page): Promise<{ discardItem: boolean; at: number } | null> {
  return page.evaluate(() => (globalThis as unknown as { __inkanTestOutlook: { closed(): { discardItem: boolean; at: number } | null } }).__inkanTestOutlook.closed());
}

/** The message's header block, unfolded. */
function headerBlock(mime: Buffer): string {
  const text = mime.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  return (end < 0 ? text : text.slice(0, end)).replace(/\r\n[ \t]+/g, " ");
}

const headerField = (mime: Buffer, name: string): string | null => new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(headerBlock(mime))?.[1] ?? null;

/** `openssl cms -decrypt` as `name`: the decrypted entity, or null when the message is not for them. */
function decryptAs(file: string, name: Name): Buffer | null {
  const r = run(["cms", "-decrypt", "-in", file, "-inkey", party(name).keyPem, "-recip", party(name).certPem]);
  return r.status === 0 ? r.stdout : null;
}

/** `openssl cms -verify` against the test root only, for S/MIME signing; the signed content on success. */
function verifySigned(entity: Buffer | string): { ok: boolean; content: Buffer; stderr: string } {
  const args = ["cms", "-verify", "-CAfile", keys().caPem, "-purpose", "smimesign"];
  const r = typeof entity === "string" ? run([...args, "-in", entity]) : run(args, entity);
  return { ok: r.status === 0 && /Verification successful/.test(r.stderr), content: r.stdout, stderr: r.stderr };
}

/** `inkan verify` with the test root as the only anchor, opening encryption with the sender's key. */
function inkanVerify(file: string): { status: number | null; verdict: { status: string; encryption: string } } {
  const passwordFile = join(COMPOSE_RESULTS_DIR, ".taro.pass");
  writeFileSync(passwordFile, `${PASSWORD}\n`);
  try {
    const r = spawnSync(
      process.execPath,
      [join(REPO_DIR, "bin/inkan.js"), "verify", file, "--trust", keys().caPem, "--no-default-roots", "--json", "--identity", keys().p12("taro", PASSWORD), "--password-file", passwordFile],
      { encoding: "utf8" },
    );
    assert.notEqual(r.status, 2, `inkan verify could not run: ${r.stderr}`);
    return { status: r.status, verdict: JSON.parse(r.stdout) as { status: string; encryption: string } };
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/** Presses Send and waits for the pane's last word on it. */
async function send(page: Page): Promise<{ test: string; kind: string | null; code: string | null }> {
  await page.locator('[data-test="compose-send"]').click();
  const outcome = page.locator(COMPOSE_OUTCOME).first();
  await outcome.waitFor({ timeout: 60_000 });
  return { test: (await outcome.getAttribute("data-test")) ?? "", kind: await outcome.getAttribute("data-kind"), code: await outcome.getAttribute("data-code") };
}

/**
 * Opens `mime` in the read-mode pane of the same context (same origin, so the same store: the sender's key decrypts,
 * the test root is an anchor). The order of the context's and the page's init scripts is not defined, so the page's
 * makes the configuration a property that ignores later assignments.
 */
async function openInReadView(
  context: BrowserContext,
  mime: Buffer,
): Promise<{ status: string | null; encryption: string | null; text: string; attachments: string[] }> {
  const page = await context.newPage();
  const config = { displayLanguage: "en-US", item: itemFromEml("sent-item", mime) };
  // Plain JavaScript: a function compiled here would carry the compiler's helpers into the page (see indexeddb.ts).
  await page.addInitScript({
    content: `Object.defineProperty(globalThis, "__inkanMockOfficeConfig", { configurable: true, get() { return ${JSON.stringify(config)}; }, set() {} });`,
  });
  await gotoPane(page, env().url(OUTLOOK_HOST_QUERY));
  const badge = page.locator(BADGE);
  try {
    await badge.waitFor({ timeout: VERDICT_TIMEOUT_MS });
  } catch (error) {
    await screenshot(page, "compose-read-view-no-badge");
    const result = page.locator('[data-test="result"]');
    const why = `phase ${await result.getAttribute("data-phase").catch(() => "?")}, ${await result.innerText().catch(() => "")}`;
    throw new Error(`the sent message shows no badge in the read view (${why})`, { cause: error });
  }
  // The content follows the badge by one render. HTML shows in a sandboxed frame, whose text is not part of the
  // page's: its source is what the frame shows.
  await page.locator('[data-test="result"] [data-test="details"]').waitFor({ timeout: 5_000 });
  const frame = page.locator('[data-test="content-html"]');
  const text =
    (await frame.count()) > 0
      ? ((await frame.getAttribute("srcdoc")) ?? "")
      : await page.locator('[data-test="content-text"]').innerText({ timeout: 5_000 }).catch(() => "");
  const attachments = await page.locator('[data-test="attachment"]').allInnerTexts();
  const shown = { status: await badge.getAttribute("data-status"), encryption: await badge.getAttribute("data-encryption"), text, attachments };
  await screenshot(page, "compose-sent-in-read-view");
  await page.close();
  return shown;
}

describe("compose", { skip: SKIP }, () => {
  before(() => {
    // Messages and keys of an earlier run would pass for this run's.
    rmSync(COMPOSE_RESULTS_DIR, { recursive: true, force: true });
    pki = makeComposePki(env().fx, KEYS_DIR, PARTIES);
  });
  after(() => pki?.removeScratch());
  afterEach(async () => {
    for (const pane of [...openPanes]) {
      openPanes.delete(pane);
      await pane.context.close().catch(() => undefined);
      await pane.graph.close();
    }
  });

  it("signs and encrypts for To and Cc and for each Bcc recipient apart, sends through Graph, then discards the draft", async () => {
    const pane = await openCompose({ item: draft({ bcc: [recipient("sato"), recipient("mei")] }) });
    const { page, graph } = pane;
    // Every recipient's certificate was imported, and the settings' default is to sign.
    await page.locator('[data-test="compose-encrypt"]').check();
    assert.deepEqual(
      await page.locator('[data-test="compose-recipient"]').evaluateAll((els) => els.map((e) => `${e.getAttribute("data-field")}:${e.getAttribute("data-address")}:${e.getAttribute("data-state")}`)),
      ["to:hanako@example.jp:valid", "to:kenji@example.jp:valid", "cc:yuki@example.jp:valid", "bcc:sato@example.jp:valid", "bcc:mei@example.jp:valid"],
    );
    assert.equal(await page.locator('[data-test="compose-send"]').getAttribute("data-action"), "sign-encrypt");
    await screenshot(page, "compose-ready");

    assert.deepEqual(await send(page), { test: "compose-sent", kind: null, code: null });
    await page.locator('[data-test="compose-sent"]').waitFor();
    // The form closes once the draft is deleted; wait for both.
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while ((graph.deleted.length === 0 || (await closedWith(page)) === null) && Date.now() < deadline) await page.waitForTimeout(100);
    await screenshot(page, "compose-sent");
    const files = keepReceived("sign-encrypt-bcc", pane.received);

    assert.equal(graph.sent.length, 3, "one copy for To and Cc, one for each Bcc recipient");
    const [main, ...bccCopies] = graph.sent.map((s) => s.mime);
    // Draft discarded after, and only after, every 202.
    const lastAccepted = Math.max(...graph.sent.map((s) => s.at));
    assert.deepEqual(graph.deleted, [restIdOf(pane.draftId)]);
    const deletion = graph.requests.find((r) => r.endpoint === "deleteMessage");
    assert.ok(deletion !== undefined && deletion.at >= lastAccepted, "the draft was deleted before every copy was accepted");
    const closed = await closedWith(page);
    assert.equal(closed?.discardItem, true);
    assert.ok(closed.at >= lastAccepted);
    const closeCalls = (await mockCalls(page)).filter((c) => c.api === "closeAsync");
    assert.deepEqual(closeCalls.map((c) => c.discardItem), [true]);

    // The To/Cc copy: names To and Cc, no Bcc field, no Bcc address anywhere outside the encryption.
    assert.match(headerField(main!, "Content-Type") ?? "", /application\/pkcs7-mime|application\/x-pkcs7-mime/);
    assert.equal(headerField(main!, "Bcc"), null);
    for (const hidden of ["sato", "mei"] as const) assert.ok(!main!.toString("latin1").includes(party(hidden).address), `${hidden} shows in the To/Cc copy`);
    const mainFile = files[0]!;
    for (const name of ["hanako", "kenji", "yuki", "taro"] as const) {
      const inner = decryptAs(mainFile, name);
      assert.ok(inner !== null, `the To/Cc copy does not decrypt for ${name}`);
      const verified = verifySigned(inner);
      assert.ok(verified.ok, `the To/Cc copy's signature, decrypted by ${name}: ${verified.stderr}`);
      assert.ok(!inner.toString("latin1").includes("sato@") && !inner.toString("latin1").includes("mei@"), "a Bcc address in the signed content");
    }
    for (const hidden of ["sato", "mei"] as const) assert.equal(decryptAs(mainFile, hidden), null, `the To/Cc copy decrypts for Bcc recipient ${hidden}`);

    // Each Bcc copy: names only its recipient, opens for them and the sender only.
    const byRecipient = new Map(bccCopies.map((m, i) => [headerField(m, "Bcc") ?? "", files[i + 1]!] as const));
    for (const hidden of ["sato", "mei"] as const) {
      const file = [...byRecipient.entries()].find(([bcc]) => bcc.includes(party(hidden).address))?.[1];
      assert.ok(file !== undefined, `no copy of its own for ${hidden}`);
      const copy = readFileSync(file);
      assert.equal(headerField(copy, "To"), null);
      assert.equal(headerField(copy, "Cc"), null);
      const other = hidden === "sato" ? "mei" : "sato";
      assert.ok(!copy.toString("latin1").includes(party(other).address), `${hidden}'s copy names ${other}`);
      for (const name of [hidden, "taro"] as const) {
        const inner = decryptAs(file, name);
        assert.ok(inner !== null, `${hidden}'s copy does not decrypt for ${name}`);
        assert.ok(verifySigned(inner).ok, `${hidden}'s copy's signature, decrypted by ${name}`);
      }
      for (const name of ["hanako", "kenji", "yuki", other] as const) assert.equal(decryptAs(file, name), null, `${hidden}'s copy decrypts for ${name}`);
    }

    // What the sender keeps opens as verified, in the pane and on the command line.
    const shown = await openInReadView(pane.context, main!);
    assert.deepEqual({ status: shown.status, encryption: shown.encryption }, { status: "verified", encryption: "decrypted" });
    assert.match(shown.text, new RegExp(MARKER));
    assert.equal(shown.attachments.length, 1);
    assert.match(shown.attachments[0]!, /見積書\.pdf/);
    const cli = inkanVerify(mainFile);
    assert.deepEqual({ exit: cli.status, status: cli.verdict.status, encryption: cli.verdict.encryption }, { exit: 0, status: "verified", encryption: "decrypted" });
    await close(pane);
  });

  it("sends a signed-only message (in Japanese) that OpenSSL, the read view and inkan verify all find verified", async () => {
    const pane = await openCompose({ lang: "ja", item: draft({ bcc: [recipient("mei")] }) });
    const { page, graph } = pane;
    assert.equal(await page.locator('[data-test="compose-encrypt"]').isChecked(), false);
    assert.equal(await page.locator('[data-test="compose-send"]').getAttribute("data-action"), "sign");
    assert.match(await page.locator('[data-test="compose-send"]').innerText(), /[\u3040-\u30ff\u4e00-\u9fff]/u);
    assert.equal((await send(page)).test, "compose-sent");
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (graph.deleted.length === 0 && Date.now() < deadline) await page.waitForTimeout(100);
    await screenshot(page, "compose-sent-ja");
    assert.deepEqual(await seriousAxeFindings(page), []);
    const [file] = keepReceived("signed-only-ja", pane.received);
    assert.equal(graph.sent.length, 1, "signed only: one message for everyone (Exchange takes the Bcc field off)");
    assert.ok(file !== undefined);
    const verified = verifySigned(file);
    assert.ok(verified.ok, verified.stderr);
    assert.match(headerField(graph.sent[0]!.mime, "Subject") ?? "", /=\?UTF-8\?/i);
    const shown = await openInReadView(pane.context, graph.sent[0]!.mime);
    assert.deepEqual({ status: shown.status, encryption: shown.encryption }, { status: "verified", encryption: "none" });
    const cli = inkanVerify(file);
    assert.deepEqual({ exit: cli.status, status: cli.verdict.status }, { exit: 0, status: "verified" });
    await close(pane);
  });

  it("says before sending who has no certificate, and asks them for it in a new message", async () => {
    const stranger: MockRecipient = { displayName: "Nobody Known", emailAddress: "nobody@example.jp" };
    const pane = await openCompose({ item: draft({ to: [recipient("hanako"), stranger] }) });
    const { page, graph } = pane;
    await page.locator('[data-test="compose-encrypt"]').check();
    await page.locator('[data-test="compose-missing"]').waitFor();
    assert.deepEqual(await page.locator('[data-test="compose-missing-address"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-address"))), ["nobody@example.jp"]);
    assert.equal(await page.locator('[data-test="compose-send"]').isDisabled(), true);
    assert.deepEqual(await seriousAxeFindings(page), []);
    await screenshot(page, "compose-missing-certificate");
    await page.locator('[data-test="compose-ask-certificate"][data-address="nobody@example.jp"]').click();
    await page.locator('[data-test="compose-asked"]').waitFor();
    const opened = (await mockCalls(page)).filter((c) => c.api === "displayNewMessageForm");
    assert.equal(opened.length, 1);
    const form = opened[0]!.parameters as { toRecipients: { emailAddress: string }[]; subject: string; htmlBody: string };
    assert.deepEqual(form.toRecipients.map((r) => r.emailAddress), ["nobody@example.jp"]);
    assert.ok(form.subject.length > 0 && form.htmlBody.includes("Taro Yamada"));
    assert.equal(graph.requests.filter((r) => r.endpoint === "sendMail").length, 0);
    await close(pane);
  });

  const FAILURES: readonly { name: string; code: string; sendMail?: readonly ScriptedReply[]; networkDown?: boolean; attempts: number; maybeSent: boolean }[] = [
    { name: "401: Graph refuses the token", code: "graph-forbidden", sendMail: [401], attempts: 1, maybeSent: false },
    { name: "413: Graph refuses the size", code: "graph-request-too-large", sendMail: [413], attempts: 1, maybeSent: false },
    // A 500 may follow an accepted message: it is not repeated, and the user is told to look in Sent Items.
    { name: "500: not repeated, since the message may have gone out", code: "graph-unavailable", sendMail: [500], attempts: 1, maybeSent: true },
    {
      name: "503: repeated, then given up",
      code: "graph-unavailable",
      sendMail: [503, 503, 503, 503].map((status) => ({ status, retryAfter: 0 })),
      attempts: 4,
      maybeSent: false,
    },
    { name: "network down", code: "network", networkDown: true, attempts: 0, maybeSent: true },
  ];

  for (const failure of FAILURES) {
    it(`keeps the draft and says why: ${failure.name}`, async () => {
      const pane = await openCompose({
        ...(failure.sendMail === undefined ? {} : { sendMail: failure.sendMail }),
        ...(failure.networkDown === true ? { networkDown: true } : {}),
      });
      const { page, graph } = pane;
      await page.locator('[data-test="compose-encrypt"]').check();
      assert.deepEqual(await send(page), { test: "compose-error", kind: "send-failed", code: failure.code });
      const error = page.locator('[data-test="compose-error"]');
      assert.equal(await error.getAttribute("data-maybe-sent"), String(failure.maybeSent));
      assert.ok((await error.innerText()).length > 0);
      assert.deepEqual(await seriousAxeFindings(page), []);
      await screenshot(page, `compose-failed-${slug(failure.name)}`);
      keepReceived(`failed-${slug(failure.name)}`, pane.received);
      assert.equal(graph.requests.filter((r) => r.endpoint === "sendMail").length, failure.attempts);
      assert.deepEqual(graph.sent, []);
      assert.deepEqual(graph.deleted, [], "the draft was deleted");
      assert.equal(graph.requests.filter((r) => r.endpoint === "deleteMessage").length, 0);
      assert.equal(await closedWith(page), null, "the form was closed");
      assert.deepEqual((await mockCalls(page)).filter((c) => c.api === "closeAsync"), []);
      // Nothing lost: the compose item is as the user wrote it.
      const state = await page.evaluate(() => (globalThis as unknown as { __inkanTestOutlook: { composeState(): { subject: string; to: unknown[] } } }).__inkanTestOutlook.composeState());
      assert.equal(state.subject, draft().subject);
      assert.equal(state.to.length, 2);
      await close(pane);
    });
  }
});
