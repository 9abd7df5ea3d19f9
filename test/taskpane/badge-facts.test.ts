import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verifyMessage } from "../../src/core/verify-message.js";
import { badgeFacts, principalSigner, STATUS_DISPLAY } from "../../src/taskpane/status-display.js";
import { GENERATED_DIR } from "../fixtures/generate.js";

const message = (name: string): Uint8Array => readFileSync(join(GENERATED_DIR, "messages", `${name}.eml`));

describe("badge facts from a real verdict", () => {
  it("names the signer of a message signed under the test CA, which the page's built-in roots do not trust", async () => {
    const verdict = await verifyMessage(message("detached-rsa"));
    expect(verdict.status).toBe("untrusted");
    const signer = principalSigner(verdict);
    expect(signer?.email).toBeTruthy();
    const facts = badgeFacts(verdict, "en");
    expect(facts.signer).toContain(`<${signer?.email}>`);
    expect(STATUS_DISPLAY[verdict.status].en.headline(facts)).toContain(signer!.email!);
  });

  it("falls back to the language's words when there is no signer", async () => {
    const verdict = await verifyMessage(message("unsigned"));
    expect(verdict.status).toBe("unsigned");
    expect(badgeFacts(verdict, "ja")).toEqual({ signer: "不明な署名者", issuer: "不明な認証局", validation: null });
  });
});
