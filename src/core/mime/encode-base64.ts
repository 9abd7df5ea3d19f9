/*
 * Base64 for writing mail (RFC 2045 §6.8): CRLF-wrapped lines of at most 76 characters, written straight into one
 * preallocated buffer from any number of input pieces, so that a 50 MB CMS object assembled from a small header and
 * a large ciphertext is never joined into one more copy first, nor held whole in binary when it comes in chunks.
 */

const ALPHABET = new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
/** The two characters of every 12-bit value, high byte first. */
const PAIRS = Uint16Array.from({ length: 4096 }, (_, v) => (ALPHABET[v >> 6]! << 8) | ALPHABET[v & 63]!);
const PAD = 0x3d;
const CR = 0x0d;
const LF = 0x0a;

/** RFC 2045 allows at most 76 characters per encoded line. */
export const BASE64_LINE_LENGTH = 76;

/**
 * Encodes the concatenation of `pieces`. Each line ends with CRLF, the last one included. `lineLength` must be a
 * multiple of 4 (every line then holds whole groups).
 */
export function encodeBase64Lines(pieces: readonly Uint8Array[], lineLength: number = BASE64_LINE_LENGTH): Uint8Array {
  return encodeBase64LinesAfter(NO_BYTES, pieces, lineLength);
}

const NO_BYTES = new Uint8Array(0);

function checkLineLength(lineLength: number): void {
  if (lineLength <= 0 || lineLength % 4 !== 0) throw new RangeError("lineLength must be a positive multiple of 4");
}

/** The length of the base64 lines of `byteLength` bytes, CRLFs included (see encodeBase64Lines). */
export function base64LinesLength(byteLength: number, lineLength: number = BASE64_LINE_LENGTH): number {
  checkLineLength(lineLength);
  const chars = Math.ceil(byteLength / 3) * 4;
  return chars + Math.ceil(chars / lineLength) * 2;
}

/**
 * `head` (copied as is, e.g. a MIME entity's header block) followed by the base64 lines of `pieces`, in one buffer:
 * a large body is then not copied once more just to put its headers in front.
 */
export function encodeBase64LinesAfter(
  head: Uint8Array,
  pieces: readonly Uint8Array[],
  lineLength: number = BASE64_LINE_LENGTH,
): Uint8Array {
  let total = 0;
  for (const p of pieces) total += p.byteLength;
  const out = new Uint8Array(head.byteLength + base64LinesLength(total, lineLength));
  out.set(head, 0);
  const writer = new Base64LineWriter(out, head.byteLength, lineLength);
  for (const piece of pieces) writer.write(piece);
  return out.subarray(0, writer.end());
}

/** Below this many bytes the JavaScript loop is as fast as a native call and its string. */
const NATIVE_MIN_BYTES = 16 * 1024;
/** Input per native call: its string (a third larger) stays a young-generation object, not a large one. */
const NATIVE_BLOCK_BYTES = 48 * 1024;

type NativeBase64 = (bytes: Uint8Array) => string;

/**
 * The runtime's own encoder, when it has one: Uint8Array.prototype.toBase64 (ECMAScript 2026, current browsers) or
 * Node's Buffer. It is several times faster than the loop below, most of all in a process that has just collected
 * garbage and runs that loop unoptimised again.
 */
const nativeBase64: NativeBase64 | null = (() => {
  const proto = Uint8Array.prototype as { toBase64?: (this: Uint8Array) => string };
  if (typeof proto.toBase64 === "function") return (bytes) => proto.toBase64!.call(bytes);
  const buffer = (globalThis as { Buffer?: { from(b: ArrayBufferLike, offset: number, length: number): { toString(encoding: "base64"): string } } }).Buffer;
  if (buffer !== undefined) return (bytes) => buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  return null;
})();

const latin1Writer = new TextEncoder();

/**
 * Whole lines of `bytes` (a multiple of bytesPerLine) as base64 lines at out[o]: the native encoder's characters
 * are written after the room the line breaks need, then each line is moved down into place behind its CRLF.
 * Returns where the lines end.
 */
function writeLinesNatively(encode: NativeBase64, bytes: Uint8Array, out: Uint8Array, o: number, bytesPerLine: number): number {
  const lines = bytes.byteLength / bytesPerLine;
  const lineChars = (bytesPerLine / 3) * 4;
  const end = o + lines * (lineChars + 2);
  const start = end - lines * lineChars;
  // Base64 is ASCII, so UTF-8 encoding writes one byte per character.
  latin1Writer.encodeInto(encode(bytes), out.subarray(start, end));
  for (let line = 0, from = start, to = o; line < lines; line++, from += lineChars, to += lineChars + 2) {
    out.copyWithin(to, from, from + lineChars);
    out[to + lineChars] = CR;
    out[to + lineChars + 1] = LF;
  }
  return end;
}

/**
 * Base64 lines written into a buffer the caller sized (base64LinesLength), from pieces that arrive one at a time:
 * content encrypted in chunks is encoded as each chunk comes, with no buffer for the whole binary in between.
 */
export class Base64LineWriter {
  readonly #out: Uint8Array;
  readonly #bytesPerLine: number;
  #o: number;
  #lineBytes = 0;
  /** Up to two bytes carried over from the end of one piece to the start of the next. */
  #carry = 0;
  #carried = 0;

  /** Writes from `out[at]` on; `lineLength` must be a multiple of 4 (every line then holds whole groups). */
  constructor(out: Uint8Array, at: number, lineLength: number = BASE64_LINE_LENGTH) {
    checkLineLength(lineLength);
    this.#out = out;
    this.#o = at;
    this.#bytesPerLine = (lineLength / 4) * 3;
  }

  write(piece: Uint8Array): void {
    const n = piece.byteLength;
    let i = 0;
    // Bytes left over from the previous piece first, then groups one at a time up to the start of a line: both go
    // through the fields. The bulk below keeps its position in locals that no closure captures, which is what lets
    // the engine keep them in registers (a captured local lives in a heap context; that alone doubled the time).
    while (this.#carried > 0 && i < n) {
      this.#carry = (this.#carry << 8) | piece[i++]!;
      if (++this.#carried === 3) {
        this.#group((this.#carry >> 16) & 255, (this.#carry >> 8) & 255, this.#carry & 255);
        this.#carry = 0;
        this.#carried = 0;
      }
    }
    const whole = i + Math.floor((n - i) / 3) * 3;
    for (; i < whole && this.#lineBytes !== 0; i += 3) this.#group(piece[i]!, piece[i + 1]!, piece[i + 2]!);
    // Whole lines: two table lookups per group and no per-group bookkeeping, which makes 50 MB take tens of ms.
    const bytesPerLine = this.#bytesPerLine;
    const wholeLines = whole - ((whole - i) % bytesPerLine);
    const out = this.#out;
    let o = this.#o;
    if (wholeLines - i >= NATIVE_MIN_BYTES && nativeBase64 !== null) {
      // In blocks, so that the encoder's string stays small next to a large message.
      const block = Math.max(1, Math.floor(NATIVE_BLOCK_BYTES / bytesPerLine)) * bytesPerLine;
      for (; i < wholeLines; i += Math.min(block, wholeLines - i))
        o = writeLinesNatively(nativeBase64, piece.subarray(i, Math.min(i + block, wholeLines)), out, o, bytesPerLine);
    }
    while (i < wholeLines) {
      for (const stop = i + bytesPerLine; i < stop; i += 3) {
        const v = (piece[i]! << 16) | (piece[i + 1]! << 8) | piece[i + 2]!;
        const hi = PAIRS[v >> 12]!;
        const lo = PAIRS[v & 4095]!;
        out[o] = hi >> 8;
        out[o + 1] = hi & 255;
        out[o + 2] = lo >> 8;
        out[o + 3] = lo & 255;
        o += 4;
      }
      out[o] = CR;
      out[o + 1] = LF;
      o += 2;
    }
    this.#o = o;
    for (; i < whole; i += 3) this.#group(piece[i]!, piece[i + 1]!, piece[i + 2]!);
    for (; i < n; i++) {
      this.#carry = (this.#carry << 8) | piece[i]!;
      this.#carried++;
    }
  }

  /** One group of three bytes, and the line break when it fills the line. */
  #group(a: number, b: number, c: number): void {
    const out = this.#out;
    let o = this.#o;
    out[o] = ALPHABET[a >> 2]!;
    out[o + 1] = ALPHABET[((a & 3) << 4) | (b >> 4)]!;
    out[o + 2] = ALPHABET[((b & 15) << 2) | (c >> 6)]!;
    out[o + 3] = ALPHABET[c & 63]!;
    o += 4;
    if ((this.#lineBytes += 3) === this.#bytesPerLine) {
      out[o++] = CR;
      out[o++] = LF;
      this.#lineBytes = 0;
    }
    this.#o = o;
  }

  /** Writes the last, padded group and the last line's CRLF; returns where the output ends. */
  end(): number {
    const out = this.#out;
    let o = this.#o;
    let lineBytes = this.#lineBytes;
    const carry = this.#carry;
    const carried = this.#carried;
    if (carried > 0) {
      const a = carried === 2 ? (carry >> 8) & 255 : carry & 255;
      const b = carried === 2 ? carry & 255 : 0;
      out[o] = ALPHABET[a >> 2]!;
      out[o + 1] = ALPHABET[((a & 3) << 4) | (b >> 4)]!;
      out[o + 2] = carried === 2 ? ALPHABET[(b & 15) << 2]! : PAD;
      out[o + 3] = PAD;
      o += 4;
      lineBytes += 3;
    }
    if (lineBytes > 0) {
      out[o++] = CR;
      out[o++] = LF;
    }
    this.#o = o;
    this.#lineBytes = 0;
    this.#carry = 0;
    this.#carried = 0;
    return o;
  }
}
