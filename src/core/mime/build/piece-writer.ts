/*
 * Output assembled as a list of pieces and joined once. A piece that continues the previous one in the same buffer
 * (a kept stretch of the input) is merged into it, so an entity written from unchanged input ends up as one view
 * of that input: no copy at all when nothing had to change.
 */

const encoder = new TextEncoder();

export class PieceWriter {
  readonly #pieces: Uint8Array[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    this.#length += bytes.byteLength;
    const last = this.#pieces[this.#pieces.length - 1];
    if (last !== undefined && last.buffer === bytes.buffer && last.byteOffset + last.byteLength === bytes.byteOffset) {
      this.#pieces[this.#pieces.length - 1] = new Uint8Array(last.buffer, last.byteOffset, last.byteLength + bytes.byteLength);
      return;
    }
    this.#pieces.push(bytes);
  }

  /** `text` must be ASCII (header lines we write ourselves). */
  ascii(text: string): void {
    this.push(encoder.encode(text));
  }

  pieces(): readonly Uint8Array[] {
    return this.#pieces;
  }

  /** One buffer; the single piece itself (often a view of the input) when there is only one. */
  join(): Uint8Array {
    if (this.#pieces.length === 1) return this.#pieces[0]!;
    const out = new Uint8Array(this.#length);
    let at = 0;
    for (const p of this.#pieces) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}
