/**
 * The messages the verify benchmark reads: the common case of a signed mail with a large attachment. Each is a
 * multipart/signed (detached, as `openssl cms -sign` makes it) over a multipart/mixed holding a short text and a
 * base64 attachment of random bytes, sized so that the whole file comes close to the target size. They are kept in
 * bench/out/messages and remade when missing or signed under another PKI.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { openssl } from "../lib/openssl.js";
import { OUT_DIR } from "../lib/paths.js";
import { BENCH_SIGNER_EMAIL, type BenchPki } from "../lib/pki.js";
import type { BenchSize } from "../lib/sizes.js";

const MESSAGES_DIR = path.join(OUT_DIR, "messages");
/** Bump when the message layout changes, so that cached files are remade. */
const MESSAGES_VERSION = 1;
/** RFC 2045 §6.8: base64 lines carry at most 76 characters, that is 57 bytes. */
const BASE64_LINE_CHARS = 76;
const BASE64_LINE_BYTES = 57;
const CRLF = "\r\n";

export interface BenchMessage {
  readonly size: BenchSize;
  readonly file: string;
  readonly bytes: number;
}

interface Sidecar {
  readonly version: number;
  readonly pki: string;
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

/** The entity that gets signed, already in canonical form (CRLF), as a mail client would hand it over. */
function mixedEntity(attachmentBytes: number): Buffer {
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

/** OpenSSL ends the signature's base64 lines with a bare LF even under -crlfeol; mail is CRLF throughout. */
function toCrlf(data: Buffer): Buffer {
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

function sign(pki: BenchPki, entity: Buffer, work: string): Buffer {
  const input = path.join(work, "entity.txt");
  const output = path.join(work, "signed.txt");
  fs.writeFileSync(input, entity);
  openssl(
    ["cms", "-sign", "-in", input, "-signer", pki.userPem, "-inkey", pki.userKey, "-certfile", pki.interPem, "-md", "sha256", "-crlfeol", "-out", output],
    work,
  );
  return toCrlf(fs.readFileSync(output));
}

function topHeaders(size: BenchSize): Buffer {
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

/** What signing adds around the entity (the multipart/signed frame and the signature part), which does not grow
 * with the content: learnt once from a small message so that each attachment can be sized to hit its target. */
function signingOverhead(pki: BenchPki, work: string): number {
  const probe = mixedEntity(BASE64_LINE_BYTES);
  return sign(pki, probe, work).length - probe.length;
}

function attachmentBytesFor(target: number, fixed: number): number {
  const room = Math.max(0, target - fixed);
  const lines = Math.floor(room / (BASE64_LINE_CHARS + 2));
  return Math.max(BASE64_LINE_BYTES, lines * BASE64_LINE_BYTES);
}

function readSidecar(file: string): Sidecar | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Sidecar;
  } catch {
    return null;
  }
}

export function ensureSignedMessages(pki: BenchPki, sizes: readonly BenchSize[], log: (line: string) => void): BenchMessage[] {
  fs.mkdirSync(MESSAGES_DIR, { recursive: true });
  const out: BenchMessage[] = [];
  let work: string | null = null;
  let overhead: number | null = null;
  try {
    for (const size of sizes) {
      const base = `signed-${size.label.replace(/\s+/g, "").toLowerCase()}`;
      const file = path.join(MESSAGES_DIR, `${base}.eml`);
      const sidecarFile = path.join(MESSAGES_DIR, `${base}.json`);
      const sidecar = readSidecar(sidecarFile);
      if (sidecar && sidecar.version === MESSAGES_VERSION && sidecar.pki === pki.id && fs.existsSync(file) && fs.statSync(file).size === sidecar.bytes) {
        out.push({ size, file, bytes: sidecar.bytes });
        continue;
      }
      log(`bench: making the ${size.label} signed message`);
      work ??= fs.mkdtempSync(path.join(OUT_DIR, "messages-tmp-"));
      overhead ??= signingOverhead(pki, work);
      const headers = topHeaders(size);
      const emptyEntity = mixedEntity(0).length;
      const entity = mixedEntity(attachmentBytesFor(size.bytes, headers.length + overhead + emptyEntity));
      const message = Buffer.concat([headers, sign(pki, entity, work)]);
      const temp = path.join(work, `${base}.eml`);
      fs.writeFileSync(temp, message);
      fs.renameSync(temp, file);
      const written: Sidecar = { version: MESSAGES_VERSION, pki: pki.id, bytes: message.length };
      fs.writeFileSync(sidecarFile, `${JSON.stringify(written, null, 2)}\n`);
      out.push({ size, file, bytes: message.length });
    }
  } finally {
    if (work !== null) fs.rmSync(work, { recursive: true, force: true });
  }
  return out;
}
