import { describe, expect, it } from "vitest";
import { PieceWriter } from "../../../../src/core/mime/build/piece-writer.js";
import { latin1 } from "../helpers.js";

describe("PieceWriter", () => {
  it("merges adjacent views of one buffer into one view, without copying", () => {
    const source = new Uint8Array(100).map((_, i) => i);
    const w = new PieceWriter();
    w.push(source.subarray(10, 20));
    w.push(source.subarray(20, 50));
    w.push(new Uint8Array(0));
    w.push(source.subarray(50, 60));
    expect(w.pieces()).toHaveLength(1);
    const joined = w.join();
    expect(joined.buffer).toBe(source.buffer);
    expect(joined.byteOffset).toBe(10);
    expect(joined.byteLength).toBe(50);
  });

  it("keeps separate pieces apart and joins them in order", () => {
    const source = new Uint8Array([1, 2, 3, 4]);
    const w = new PieceWriter();
    w.push(source.subarray(2, 4));
    w.push(source.subarray(0, 2));
    w.ascii("AB");
    expect(w.pieces()).toHaveLength(3);
    expect(w.length).toBe(6);
    expect(Array.from(w.join())).toEqual([3, 4, 1, 2, 0x41, 0x42]);
    expect(latin1(new PieceWriter().join())).toBe("");
  });
});
