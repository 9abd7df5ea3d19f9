/*
 * Speed of the MIME layer on a 50 MB multipart/signed message whose first part is one big base64 body (the
 * benchmark shape compared with OpenSSL). Not a test: run with `npx tsx test/core/mime/measure-parse-speed.ts`.
 */
import { decodeBody, parseMessage, toCanonicalCRLF } from "../../../src/core/mime/index.js";

function buildMessage(totalBytes: number, lineEnding: "\r\n" | "\n"): Uint8Array {
  const line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0";
  const head =
    `From: a@example.com${lineEnding}Content-Type: multipart/signed; protocol="application/pkcs7-signature"; ` +
    `micalg=sha-256; boundary="----=_Part_0_1234567890"${lineEnding}${lineEnding}` +
    `------=_Part_0_1234567890${lineEnding}Content-Type: application/octet-stream${lineEnding}` +
    `Content-Transfer-Encoding: base64${lineEnding}${lineEnding}`;
  const tail =
    `${lineEnding}------=_Part_0_1234567890${lineEnding}Content-Type: application/pkcs7-signature${lineEnding}` +
    `Content-Transfer-Encoding: base64${lineEnding}${lineEnding}MIIB${lineEnding}------=_Part_0_1234567890--${lineEnding}`;
  const enc = new TextEncoder();
  const headBytes = enc.encode(head);
  const tailBytes = enc.encode(tail);
  const lineBytes = enc.encode(line + lineEnding);
  const lines = Math.floor((totalBytes - headBytes.length - tailBytes.length) / lineBytes.length);
  const out = new Uint8Array(headBytes.length + lines * lineBytes.length + tailBytes.length);
  out.set(headBytes, 0);
  let o = headBytes.length;
  for (let i = 0; i < lines; i++, o += lineBytes.length) out.set(lineBytes, o);
  out.set(tailBytes, o);
  return out;
}

function time<T>(label: string, runs: number, f: () => T): T {
  let result = f(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${times[Math.floor(runs / 2)]!.toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms`);
  return result;
}

for (const eol of ["\r\n", "\n"] as const) {
  const msg = buildMessage(50 * 1024 * 1024, eol);
  console.log(`--- ${(msg.length / 1048576).toFixed(1)} MiB, ${eol === "\n" ? "LF" : "CRLF"} line endings`);
  const root = time("parseMessage", 7, () => parseMessage(msg));
  const first = root.children[0]!;
  time("decodeBody (base64) of part 1", 5, () => decodeBody(first));
  time("toCanonicalCRLF of part 1", 5, () => toCanonicalCRLF(first.source.subarray(first.range.start, first.range.end)));
}
