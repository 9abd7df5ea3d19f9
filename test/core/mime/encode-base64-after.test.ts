import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeBase64LinesAfter } from "../../../src/core/mime/encode-base64.js";
import { cutAt } from "./cut.js";

const reference = (head: Uint8Array, bytes: Uint8Array, line: number): string =>
  Buffer.from(head).toString("latin1") +
  (Buffer.from(bytes).toString("base64").match(new RegExp(`.{1,${line}}`, "g")) ?? []).map((l) => `${l}\r\n`).join("");

describe("encodeBase64LinesAfter", () => {
  it("is the head followed by the base64 lines, however the input is cut (whole-line fast path included)", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 7 }),
        fc.uint8Array({ maxLength: 1500 }),
        fc.array(fc.nat({ max: 1500 }), { maxLength: 6 }),
        fc.constantFrom(4, 64, 76, 80),
        (head, bytes, cutsRaw, line) => {
          const cuts = [...new Set(cutsRaw.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
          const pieces = cutAt(bytes, cuts);
          expect(Buffer.from(encodeBase64LinesAfter(head, pieces, line)).toString("latin1")).toBe(reference(head, bytes, line));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("a 1 MiB piece after a header matches Node's encoder", () => {
    const bytes = new Uint8Array(1 << 20).map((_, i) => (i * 2654435761) >>> 24);
    const head = new TextEncoder().encode("Content-Transfer-Encoding: base64\r\n\r\n");
    expect(Buffer.from(encodeBase64LinesAfter(head, [bytes.subarray(0, 1000), bytes.subarray(1000)])).toString("latin1")).toBe(
      reference(head, bytes, 76),
    );
  });
});
