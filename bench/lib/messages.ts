/**
 * The mail every benchmark works on: a short text and a base64 attachment of random bytes in a multipart/mixed,
 * under the usual RFC 5322 fields. Each benchmark wraps it its own way (plain, signed, encrypted); the file is sized
 * so that the whole of it comes close to the target size, and kept in bench/out/messages until it is missing or
 * was made under another PKI or layout.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { OUT_DIR } from "./paths.js";
import { BENCH_SIGNER_EMAIL, type BenchPki } from "./pki.js";
import type { BenchSize } from "./sizes.js";

const MESSAGES_DIR = path.join(OUT_DIR, "messages");
/** RFC 2045 §6.8: base64 lines carry at most 76 characters, that is 57 bytes. */
const BASE64_LINE_CHARS = 76;
const BASE64_LINE_BYTES = 57;
/** The attachment sizes measured to learn how the file grows with the attachment. Far apart, so that the rounding
 * of base64 lines and cipher blocks hardly shows in the slope. */
const PROBE_SMALL = BASE64_LINE_BYTES;
const PROBE_LARGE = 10_000 * BASE64_LINE_BYTES;
export const CRLF = "\r\n";

export interface BenchMessage {
  readonly size: BenchSize;
  readonly file: string;
  readonly bytes: number;
}

/** One way of wrapping the mail, with its own cached files `${prefix}-1mb.eml`. */
export interface MessageKind {
  readonly prefix: string;
  /** Bump when the layout changes, so that cached files are remade. */
  readonly version: number;
  /** Signed or encrypted files are stale once the PKI is remade; plain ones are not. */
  readonly dependsOnPki: boolean;
  /** The whole file for this size, with an attachment of this many random bytes; `work` is a scratch folder. */
  readonly make: (size: BenchSize, attachmentBytes: number, work: string) => Buffer;
}

interface Sidecar {
  readonly version: number;
  readonly pki: string | null;
  readonly bytes: number;
}

function rfc5322Date(at: Date): string {
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${days[at.getUTCDay()]}, ${at.getUTCDate()} ${months[at.getUTCMonth()]} ${at.getUTCFullYear()} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} +0000`;
}

function base64Lines(data: Buffer): Buffer {
  const text = Buffer.from(data.toString("base64"), "latin1");
  const lines = Math.ceil(text.length / BASE64_LINE_CHARS);
  const out = Buffer.allocUnsafe(text.length + 2 * lines);
  let o = 0;
  for (let i = 0; i < text.length; i += BASE64_LINE_CHARS) {
    o += text.copy(out, o, i, Math.min(i + BASE64_LINE_CHARS, text.length));
    out[o++] = 0x0d;
    out[o++] = 0x0a;
  }
  return out;
}

/** The multipart/mixed entity with its Content-Type field, already in canonical form (CRLF), as a mail client
 * would hand it over for signing. */
export function mixedEntity(attachmentBytes: number): Buffer {
  const boundary = `=_mixed_${randomBytes(12).toString("hex")}`;
  const head = [
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 7bit",
    "",
    "Hello,",
    "",
    "the figures for this quarter are attached.",
    "",
    "Regards,",
    "Bench Sender",
    `--${boundary}`,
    'Content-Type: application/octet-stream; name="figures.bin"',
    "Content-Transfer-Encoding: base64",
    'Content-Disposition: attachment; filename="figures.bin"',
    "",
    "",
  ].join(CRLF);
  const tail = `--${boundary}--${CRLF}`;
  return Buffer.concat([Buffer.from(head, "latin1"), base64Lines(randomBytes(attachmentBytes)), Buffer.from(tail, "latin1")]);
}

/** The body of a mail that is sent as it is: the mixed entity under MIME-Version, which is what gets encrypted. */
export function mimeEntity(attachmentBytes: number): Buffer {
  return Buffer.concat([Buffer.from(`MIME-Version: 1.0${CRLF}`, "latin1"), mixedEntity(attachmentBytes)]);
}

/** OpenSSL ends its base64 lines with a bare LF even under -crlfeol; mail is CRLF throughout. */
export function toCrlf(data: Buffer): Buffer {
  let bare = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0x0a && data[i - 1] !== 0x0d) bare++;
  if (bare === 0) return data;
  const out = Buffer.allocUnsafe(data.length + bare);
  let o = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b === 0x0a && data[i - 1] !== 0x0d) out[o++] = 0x0d;
    out[o++] = b;
  }
  return out;
}

/** The RFC 5322 fields that stay outside a signed or encrypted body; no MIME-Version or Content-* among them. */
export function topHeaders(size: BenchSize): Buffer {
  return Buffer.from(
    [
      `From: Bench Sender <${BENCH_SIGNER_EMAIL}>`,
      "To: Reader <reader@example.jp>",
      `Subject: Quarterly figures (${size.label})`,
      `Date: ${rfc5322Date(new Date())}`,
      `Message-ID: <${randomBytes(12).toString("hex")}@example.jp>`,
      "",
    ].join(CRLF),
    "latin1",
  );
}

/** An unsigned, unencrypted mail: what a user asks to sign or encrypt. */
export const PLAIN_MESSAGES: MessageKind = {
  prefix: "plain",
  version: 1,
  dependsOnPki: false,
  make: (size, attachmentBytes) => Buffer.concat([topHeaders(size), mimeEntity(attachmentBytes)]),
};

/**
 * The header block (up to and including the empty line) and where the body starts; header fields as whole
 * unfolded lines. Bench files are small-headed, so a linear scan for the first empty line is enough.
 */
function splitHeader(message: Uint8Array): { readonly fields: string[]; readonly bodyAt: number } {
  const bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  const end = bytes.indexOf("\r\n\r\n", 0, "latin1");
  if (end < 0) throw new Error("no empty line after the header block");
  const fields = bytes
    .toString("latin1", 0, end)
    .replace(/\r\n(?=[ \t])/g, "")
    .split("\r\n");
  return { fields, bodyAt: end + 4 };
}

const isMimeField = (field: string): boolean => /^(mime-version|content-[a-z-]+)\s*:/i.test(field);

/**
 * What a message's body is as a MIME entity: its MIME-Version and Content-* fields, then the body. This is the
 * content that signing and encryption protect (the other fields stay outside, RFC 8551 §3.1), so two files carry the
 * same content exactly when this agrees.
 */
export function bodyEntity(message: Uint8Array): Buffer {
  const { fields, bodyAt } = splitHeader(message);
  const head = fields.filter(isMimeField).map((f) => `${f}${CRLF}`).join("");
  return Buffer.concat([Buffer.from(`${head}${CRLF}`, "latin1"), message.subarray(bodyAt)]);
}

/** Whether `whole` is `tail` with nothing but header fields in front (the fields a decrypter puts back outside). */
export function isTailUnderHeaders(whole: Uint8Array, tail: Uint8Array): boolean {
  if (whole.byteLength < tail.byteLength) return false;
  const at = whole.byteLength - tail.byteLength;
  if (!Buffer.from(whole.subarray(at)).equals(tail)) return false;
  const head = Buffer.from(whole.subarray(0, at)).toString("latin1");
  return head === "" || (head.endsWith(CRLF) && !head.includes(`${CRLF}${CRLF}`) && head.split(CRLF).slice(0, -1).every((l) => /^[!-9;-~]+:|^[ \t]/.test(l)));
}

/** How many attachment bytes bring the file closest to `target` without going over, from two probes of `total`
 * (the file size as a function of the attachment size, linear up to the rounding of lines and cipher blocks). */
function attachmentBytesFor(target: number, total: (attachmentBytes: number) => number): number {
  const small = total(PROBE_SMALL);
  const perByte = (total(PROBE_LARGE) - small) / (PROBE_LARGE - PROBE_SMALL);
  const lines = Math.floor(Math.max(0, target - small) / perByte / BASE64_LINE_BYTES);
  return PROBE_SMALL + lines * BASE64_LINE_BYTES;
}

function readSidecar(file: string): Sidecar | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Sidecar;
  } catch {
    return null;
  }
}

export function ensureMessages(kind: MessageKind, pki: BenchPki, sizes: readonly BenchSize[], log: (line: string) => void): BenchMessage[] {
  fs.mkdirSync(MESSAGES_DIR, { recursive: true });
  const pkiId = kind.dependsOnPki ? pki.id : null;
  const out: BenchMessage[] = [];
  let work: string | null = null;
  try {
    for (const size of sizes) {
      const base = `${kind.prefix}-${size.label.replace(/\s+/g, "").toLowerCase()}`;
      const file = path.join(MESSAGES_DIR, `${base}.eml`);
      const sidecarFile = path.join(MESSAGES_DIR, `${base}.json`);
      const sidecar = readSidecar(sidecarFile);
      if (sidecar && sidecar.version === kind.version && sidecar.pki === pkiId && fs.existsSync(file) && fs.statSync(file).size === sidecar.bytes) {
        out.push({ size, file, bytes: sidecar.bytes });
        continue;
      }
      log(`bench: making the ${size.label} ${kind.prefix} message`);
      const dir = (work ??= fs.mkdtempSync(path.join(OUT_DIR, "messages-tmp-")));
      const attachmentBytes = attachmentBytesFor(size.bytes, (n) => kind.make(size, n, dir).length);
      const message = kind.make(size, attachmentBytes, dir);
      const temp = path.join(dir, `${base}.eml`);
      fs.writeFileSync(temp, message);
      fs.renameSync(temp, file);
      const written: Sidecar = { version: kind.version, pki: pkiId, bytes: message.length };
      fs.writeFileSync(sidecarFile, `${JSON.stringify(written, null, 2)}\n`);
      out.push({ size, file, bytes: message.length });
    }
  } finally {
    if (work !== null) fs.rmSync(work, { recursive: true, force: true });
  }
  return out;
}
