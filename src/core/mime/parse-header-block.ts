/*
 * The header block of one entity (RFC 5322 §2.2, §3.6): fields with their exact byte ranges, unfolded values, and
 * where the body starts. Lines end in LF or CRLF, freely mixed.
 */
import type { MimeDefect } from "./defects.js";
import { decodeHeaderValue } from "./encoded-words.js";
import { bytesToLatin1 } from "./latin1.js";
import { MAX_HEADER_BYTES, MAX_HEADER_FIELDS } from "./limits.js";
import type { ByteRange, HeaderField } from "./types.js";

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

export interface HeaderBlock {
  readonly headers: HeaderField[];
  /** From the first field to the start of the blank line (so it includes the last field's line break). */
  readonly headerRange: ByteRange;
  readonly bodyStart: number;
  readonly defects: MimeDefect[];
}

/** End of the line's content (before CR LF or LF) and start of the next line. */
interface Line {
  readonly start: number;
  readonly contentEnd: number;
  readonly next: number;
}

function lineAt(source: Uint8Array, start: number, end: number): Line {
  let lf = source.indexOf(LF, start);
  if (lf < 0 || lf >= end) lf = -1;
  if (lf < 0) return { start, contentEnd: end, next: end };
  const contentEnd = lf > start && source[lf - 1] === CR ? lf - 1 : lf;
  return { start, contentEnd, next: lf + 1 };
}

/** Length of `name` in a `name:` line (field-name = printable ASCII but ":", RFC 5322 §3.6.8; obsolete syntax
 * allows blanks before the colon), or 0 when the line is not a field. */
function fieldNameLength(source: Uint8Array, line: Line): number {
  let i = line.start;
  while (i < line.contentEnd) {
    const b = source[i]!;
    if (b <= SPACE || b >= 0x7f || b === COLON) break;
    i++;
  }
  const nameEnd = i;
  if (nameEnd === line.start) return 0;
  while (i < line.contentEnd && (source[i] === SPACE || source[i] === TAB)) i++;
  return i < line.contentEnd && source[i] === COLON ? nameEnd - line.start : 0;
}

function startsWith(source: Uint8Array, at: number, end: number, ascii: string): boolean {
  if (end - at < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (source[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** Trims blanks without a regular expression: `[ \t]+$` backtracks quadratically on long inner runs of blanks. */
function trimBlanks(text: string): string {
  let a = 0;
  let b = text.length;
  while (a < b && (text[a] === " " || text[a] === "\t")) a++;
  while (b > a && (text[b - 1] === " " || text[b - 1] === "\t" || text[b - 1] === "\r")) b--;
  return text.slice(a, b);
}

/**
 * Parses the header block of the entity [start, end). A first line that is blank means no headers; a first line
 * that is not a field means no headers and all of it is body (a body part that omits the blank line); a later
 * line that is neither a field nor a continuation ends the block there.
 * `mboxFromLine` allows skipping an mbox "From " separator on the message's first line.
 */
export function parseHeaderBlock(source: Uint8Array, start: number, end: number, mboxFromLine: boolean): HeaderBlock {
  const headers: HeaderField[] = [];
  const defects: MimeDefect[] = [];
  let blockStart = start;
  if (mboxFromLine && startsWith(source, start, end, "From ")) {
    blockStart = lineAt(source, start, end).next;
    defects.push("header:mbox-from-line");
  }

  // The field being collected: its first line and the segments of value bytes, one per physical line.
  let fieldStart = -1;
  let nameEnd = -1;
  let fieldEnd = -1;
  let segments: number[] = [];
  let recording = true;

  const finishField = (): void => {
    if (fieldStart < 0) return;
    if (recording && headers.length >= MAX_HEADER_FIELDS) {
      recording = false;
      defects.push("limit:header-fields");
    }
    if (recording && fieldEnd - blockStart > MAX_HEADER_BYTES) {
      recording = false;
      defects.push("limit:header-bytes");
    }
    if (recording) {
      let rawValue = "";
      for (let k = 0; k < segments.length; k += 2) rawValue += bytesToLatin1(source, segments[k]!, segments[k + 1]!);
      rawValue = trimBlanks(rawValue);
      headers.push({
        name: bytesToLatin1(source, fieldStart, nameEnd),
        raw: { start: fieldStart, end: fieldEnd },
        rawValue,
        value: decodeHeaderValue(rawValue),
      });
    }
    fieldStart = -1;
    segments = [];
  };

  let pos = blockStart;
  while (pos < end) {
    const line = lineAt(source, pos, end);
    if (line.contentEnd === line.start) {
      finishField();
      return { headers, headerRange: { start: blockStart, end: line.start }, bodyStart: line.next, defects };
    }
    const first = source[line.start];
    if ((first === SPACE || first === TAB) && fieldStart >= 0) {
      if (recording) segments.push(line.start, line.contentEnd);
      fieldEnd = line.contentEnd;
      pos = line.next;
      continue;
    }
    const nameLength = fieldNameLength(source, line);
    if (nameLength === 0) {
      finishField();
      defects.push(line.start === blockStart ? "header:no-header-block" : "header:invalid-line");
      return { headers, headerRange: { start: blockStart, end: line.start }, bodyStart: line.start, defects };
    }
    finishField();
    fieldStart = line.start;
    nameEnd = line.start + nameLength;
    fieldEnd = line.contentEnd;
    const colon = source.indexOf(COLON, nameEnd);
    if (recording) segments.push(colon + 1, line.contentEnd);
    pos = line.next;
  }
  finishField();
  return { headers, headerRange: { start: blockStart, end }, bodyStart: end, defects };
}
