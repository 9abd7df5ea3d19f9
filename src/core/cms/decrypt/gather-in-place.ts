/*
 * An encrypted content made contiguous inside the caller's scratch buffer, for WebCrypto, which takes one buffer per
 * call: the pieces of a constructed (BER) OCTET STRING, and for AES-GCM the tag, are moved together over the
 * encoding octets between them, where joining them would copy a buffer as large as the content.
 */

export interface Gathered {
  /** The pieces, then the tail when one was given, side by side from where the first piece began. */
  readonly bytes: Uint8Array;
  /** Puts the pieces, the tail and every octet between them back as they were. */
  readonly restore: () => void;
}

/**
 * Gathers `pieces` and then `tail` (null for none) inside `within`. Null, with nothing moved, unless every one lies
 * in `within`, in order and without overlap: then only a copy will do. Until `restore`, the pieces' own views
 * show moved bytes.
 *
 * Only the stretch from the first piece to the end of the last part is written: each part moves toward the start,
 * never past the beginning of the first piece, so what lies before it (the envelope's other fields) is untouched.
 */
export function gatherInPlace(pieces: readonly Uint8Array[], tail: Uint8Array | null, within: Uint8Array): Gathered | null {
  const parts = tail === null ? pieces : [...pieces, tail];
  if (parts.length === 0) return null;
  const starts: number[] = [];
  let end = 0;
  for (const part of parts) {
    const start = part.byteOffset - within.byteOffset;
    if (part.buffer !== within.buffer || start < end) return null;
    starts.push(start);
    end = start + part.byteLength;
  }
  if (end > within.byteLength) return null;

  const first = starts[0]!;
  let contentLength = 0;
  for (const part of parts) contentLength += part.byteLength;
  // The octets between the parts (BER headers, the tag's header, whatever lies before the tag), saved before the
  // first move that can reach them. A part only moves onto octets at or before its own old end, so each gap is
  // still intact when the part after it moves.
  const between = new Uint8Array(end - first - contentLength);
  const moved: number[] = [];
  let savedAt = 0;
  let at = first;
  let previousEnd = first;
  for (const [i, part] of parts.entries()) {
    const start = starts[i]!;
    between.set(within.subarray(previousEnd, start), savedAt);
    savedAt += start - previousEnd;
    within.copyWithin(at, start, start + part.byteLength);
    moved.push(at);
    at += part.byteLength;
    previousEnd = start + part.byteLength;
  }

  const restore = (): void => {
    // Back to the right, last part first: each lands on its old place, beyond everything still to move.
    for (let i = parts.length - 1; i >= 0; i--) within.copyWithin(starts[i]!, moved[i]!, moved[i]! + parts[i]!.byteLength);
    let readAt = 0;
    let gapStart = first;
    for (const [i, part] of parts.entries()) {
      const gap = starts[i]! - gapStart;
      within.set(between.subarray(readAt, readAt + gap), gapStart);
      readAt += gap;
      gapStart = starts[i]! + part.byteLength;
    }
  };
  return { bytes: within.subarray(first, first + contentLength), restore };
}
