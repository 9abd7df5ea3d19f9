import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkManifest, type CheckOptions } from "../../scripts/validate-manifest.js";

const root = join(import.meta.dirname, "../..");
const manifest = readFileSync(join(root, "manifest.xml"), "utf8");
const options: CheckOptions = { publicDir: join(root, "public"), builtPages: ["taskpane.html"], origin: "https://localhost:3000" };
const errors = (xml: string): string[] => checkManifest(xml, options).filter((f) => f.level === "error").map((f) => f.message);

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
