/** Joins byte pieces into one buffer; a single piece is returned as it is (no copy). */
export function concatBytes(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  let total = 0;
  for (const p of pieces) total += p.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export function totalByteLength(pieces: readonly Uint8Array[]): number {
  let n = 0;
  for (const p of pieces) n += p.byteLength;
  return n;
}

/** The last `n` bytes of the concatenation of `pieces`, copied (fewer when there are fewer). */
export function lastBytes(pieces: readonly Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(Math.min(n, totalByteLength(pieces)));
  let end = out.byteLength;
  for (let i = pieces.length - 1; i >= 0 && end > 0; i--) {
    const p = pieces[i]!;
    const take = Math.min(end, p.byteLength);
    out.set(p.subarray(p.byteLength - take), end - take);
    end -= take;
  }
  return out;
}

/**
 * Reads the concatenation of `pieces` front to back in stretches of any length, without joining the pieces first:
 * a large content split into pieces (BER, or a MIME entity kept as views of its source) is never copied whole.
 */
export class PieceReader {
  readonly #pieces: readonly Uint8Array[];
  #index = 0;
  #offset = 0;

  constructor(pieces: readonly Uint8Array[]) {
    this.#pieces = pieces;
  }

  /**
   * The next `length` bytes: a view of the piece when they lie in one, else copied into the front of `scratch`
   * (a buffer, or a function that makes one only when it is needed). Throws when fewer remain (callers know the
   * total).
   */
  next(length: number, scratch: Uint8Array | (() => Uint8Array)): Uint8Array {
    this.#skipEmpty();
    const piece = this.#pieces[this.#index];
    if (piece !== undefined && piece.byteLength - this.#offset >= length) {
      const view = piece.subarray(this.#offset, this.#offset + length);
      this.#offset += length;
      return view;
    }
    const out = (typeof scratch === "function" ? scratch() : scratch).subarray(0, length);
    this.readInto(out);
    return out;
  }

  /** Copies the next `into.byteLength` bytes into `into`. Throws when fewer remain. */
  readInto(into: Uint8Array): void {
    let filled = 0;
    while (filled < into.byteLength) {
      this.#skipEmpty();
      const p = this.#pieces[this.#index];
      if (p === undefined) throw new RangeError("read past the end of the pieces");
      const take = Math.min(into.byteLength - filled, p.byteLength - this.#offset);
      into.set(p.subarray(this.#offset, this.#offset + take), filled);
      filled += take;
      this.#offset += take;
    }
  }

  #skipEmpty(): void {
    while (this.#index < this.#pieces.length && this.#offset === this.#pieces[this.#index]!.byteLength) {
      this.#index++;
      this.#offset = 0;
    }
  }
}

/** WebCrypto's typings want ArrayBuffer-backed views; our buffers never are SharedArrayBuffers. */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}
