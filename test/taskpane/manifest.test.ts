import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMPOSE_PANE_COMMAND_ID, SEND_GUARD_ENTRY, SEND_HANDLER_NAME } from "../../src/launch/manifest-names.js";
import {
  checkManifest,
  manifestComposePaneButtons,
  manifestLaunchEvents,
  type CheckOptions,
} from "../../scripts/validate-manifest.js";

const root = join(import.meta.dirname, "../..");
const manifest = readFileSync(join(root, "manifest.xml"), "utf8");
const options: CheckOptions = {
  publicDir: join(root, "public"),
  builtPages: ["taskpane.html", `${SEND_GUARD_ENTRY}.js`],
  origin: "https://localhost:3000",
};
const errors = (xml: string): string[] => checkManifest(xml, options).filter((f) => f.level === "error").map((f) => f.message);

/** The 1.1 block's LaunchEvent markup, which the send guard's tests below break in various ways. */
const LAUNCH_EVENT = '<LaunchEvent Type="OnMessageSend" FunctionName="onMessageSendHandler" SendMode="SoftBlock"/>';
const RUNTIME_SOURCE = '<SourceLocation resid="WebViewRuntime.Url"/>';

describe("manifest.xml (offline structural check)", () => {
  it("passes", () => {
    expect(errors(manifest)).toEqual([]);
  });

  it("has both buttons in English and Japanese", () => {
    for (const text of ["Check signature", "署名を確認", "Sign &amp; encrypt", "署名・暗号化"]) expect(manifest).toContain(text);
  });

  it("flags an http URL", () => {
    expect(errors(manifest.replace("https://localhost:3000/support.html", "http://localhost:3000/support.html"))).toEqual([
      expect.stringContaining("is not https"),
    ]);
  });

  it("flags a resid that the block's own resources do not define", () => {
    const broken = manifest.replace('<Label resid="CheckButton.Label"/>', '<Label resid="Nowhere.Label"/>');
    expect(errors(broken).join("\n")).toContain('resid="Nowhere.Label"');
  });

  it("flags an icon whose file has another size than declared", () => {
    const broken = manifest.replaceAll('DefaultValue="https://localhost:3000/assets/icon-80.png"', 'DefaultValue="https://localhost:3000/assets/icon-64.png"');
    expect(errors(broken).join("\n")).toContain("declared 80x80 but is 64x64");
  });

  it("flags a page that neither the build nor public/ provides", () => {
    const broken = manifest.replaceAll("https://localhost:3000/commands.html", "https://localhost:3000/missing.html");
    expect(errors(broken).join("\n")).toContain("missing.html is neither a built page");
  });

  it("flags base elements out of schema order and malformed XML", () => {
    const swapped = manifest.replace("<Permissions>ReadWriteItem</Permissions>", "").replace("<Hosts>\n    <Host Name", "<Permissions>ReadWriteItem</Permissions>\n  <Hosts>\n    <Host Name");
    expect(errors(swapped).join("\n")).toContain("out of order");
    expect(errors("<OfficeApp><Id></OfficeApp>")[0]).toContain("not well-formed");
  });
});

describe("manifest.xml: the send guard (Smart Alerts)", () => {
  it("declares OnMessageSend with SoftBlock, handled by the function send-guard.js associates", () => {
    expect(manifestLaunchEvents(manifest)).toEqual([
      {
        type: "OnMessageSend",
        functionName: SEND_HANDLER_NAME,
        sendMode: "SoftBlock",
        pageUrl: "https://localhost:3000/commands.html",
        scriptUrl: `https://localhost:3000/${SEND_GUARD_ENTRY}.js`,
      },
    ]);
  });

  it("runs in commands.html, which loads office.js and then send-guard.js, and in send-guard.js alone on classic Windows", () => {
    const page = readFileSync(join(root, "public/commands.html"), "utf8");
    const scripts = [...page.matchAll(/<script src="([^"]+)"><\/script>/g)].map((m) => m[1]);
    expect(scripts).toEqual(["https://appsforoffice.microsoft.com/lib/1/hosted/office.js", `${SEND_GUARD_ENTRY}.js`]);
    const webpackConfig = readFileSync(join(root, "webpack.config.js"), "utf8");
    expect(webpackConfig).toContain(`"${SEND_GUARD_ENTRY}": "./src/launch/send-guard.ts"`);
  });

  it("opens the compose button's task pane from the alert", () => {
    expect(manifestComposePaneButtons(manifest)).toEqual([COMPOSE_PANE_COMMAND_ID]);
  });

  it("keeps launch events out of the 1.0 block, which has no schema for them", () => {
    expect(manifest.indexOf("<Runtimes>")).toBeGreaterThan(manifest.indexOf('xsi:type="VersionOverridesV1_1"'));
    const in10 = manifest.replace(
      "        </DesktopFormFactor>\n      </Host>\n    </Hosts>\n    <Resources>",
      `          <ExtensionPoint xsi:type="LaunchEvent"><LaunchEvents>${LAUNCH_EVENT}</LaunchEvents>${RUNTIME_SOURCE}</ExtensionPoint>\n        </DesktopFormFactor>\n      </Host>\n    </Hosts>\n    <Resources>`,
    );
    expect(in10).not.toBe(manifest);
    expect(errors(in10).join("\n")).toContain("valid only in VersionOverrides 1.1");
  });

  it.each<[string, string, string, string]>([
    ["a SourceLocation other than the runtime's page", RUNTIME_SOURCE, '<SourceLocation resid="Commands.Url"/>', "must equal the Runtime resid"],
    ["a SendMode outside the schema's list", 'SendMode="SoftBlock"', 'SendMode="Soft"', "SendMode must be one of"],
    ["a SendMode on an event that is not a send", 'Type="OnMessageSend"', 'Type="OnNewMessageCompose"', "SendMode applies only to"],
    ["OnMessageSend twice", LAUNCH_EVENT, LAUNCH_EVENT + LAUNCH_EVENT, "OnMessageSend may be declared only once"],
    ["no JavaScript file for classic Windows", '<Override type="javascript" resid="JSRuntime.Url"/>', "", 'add <Override type="javascript">'],
    ["an override of another type", 'type="javascript"', 'type="html"', 'must have type="javascript"'],
    ["an override naming no URL", 'resid="JSRuntime.Url"', 'resid="Nowhere.Url"', 'resid="Nowhere.Url"'],
    ["a long-lived runtime", '<Runtime resid="WebViewRuntime.Url">', '<Runtime resid="WebViewRuntime.Url" lifetime="long">', 'lifetime must be "short"'],
    ["Runtimes after DesktopFormFactor", "", "", "out of order"],
  ])("flags %s", (name, from, to, message) => {
    let broken: string;
    if (name === "Runtimes after DesktopFormFactor") {
      const runtimes = manifest.slice(manifest.indexOf("          <Runtimes>"), manifest.indexOf("</Runtimes>") + "</Runtimes>\n".length);
      broken = manifest.replace(runtimes, "").replace("          </DesktopFormFactor>\n        </Host>", `          </DesktopFormFactor>\n${runtimes}        </Host>`);
    } else {
      expect(manifest).toContain(from);
      broken = manifest.replace(from, to);
    }
    expect(broken).not.toBe(manifest);
    expect(errors(broken).join("\n")).toContain(message);
  });
});
