/**
 * Mutations of real messages for robustness runs: byte-level damage to the whole message, and structural damage
 * to the DER inside its S/MIME parts (where random bytes alone rarely get past base64).
 */

export type Rng = () => number;

/** A small deterministic generator, so that a failing case can be replayed from its seed. */
export function rng(seed: number): Rng {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

const pick = (r: Rng, n: number): number => Math.floor(r() * n);

function flipBits(bytes: Uint8Array, r: Rng, count: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < count && out.length > 0; i++) out[pick(r, out.length)]! ^= 1 << pick(r, 8);
  return out;
}

function truncate(bytes: Uint8Array, r: Rng): Uint8Array {
  return bytes.slice(0, pick(r, bytes.length));
}

function duplicateRange(bytes: Uint8Array, r: Rng): Uint8Array {
  const a = pick(r, bytes.length);
  const b = Math.min(bytes.length, a + pick(r, 512));
  const at = pick(r, bytes.length);
  const out = new Uint8Array(bytes.length + (b - a));
  out.set(bytes.subarray(0, at));
  out.set(bytes.subarray(a, b), at);
  out.set(bytes.subarray(at), at + (b - a));
  return out;
}

/** Rewrites a DER length to a huge long-form value: the classic way to make parsers allocate or loop. */
function hugeLength(der: Uint8Array, r: Rng): Uint8Array {
  const out = der.slice();
  for (let tries = 0; tries < 20; tries++) {
    const i = pick(r, Math.max(1, out.length - 6));
    if (out[i] === 0x30 || out[i] === 0x31 || out[i] === 0x04 || out[i] === 0xa0) {
      const patched = new Uint8Array(out.length + 4);
      patched.set(out.subarray(0, i + 1));
      patched.set([0x84, 0x7f, 0xff, 0xff, 0xff], i + 1);
      const lenByte = out[i + 1]!;
      const skip = lenByte & 0x80 ? 1 + (lenByte & 0x7f) : 1;
      patched.set(out.subarray(i + 1 + skip), i + 6);
      return patched.subarray(0, Math.min(patched.length, i + 6 + out.length - (i + 1 + skip)));
    }
  }
  return out;
}

function mutateDer(der: Uint8Array, r: Rng): Uint8Array {
  switch (pick(r, 4)) {
    case 0:
      return flipBits(der, r, 1 + pick(r, 4));
    case 1:
      return truncate(der, r);
    case 2:
      return hugeLength(der, r);
    default:
      return duplicateRange(der, r);
  }
}

const latin1 = new TextDecoder("latin1");
function toLatin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** Finds base64 blocks of S/MIME parts, damages the DER inside and re-encodes it. */
function mutateSmimePart(message: Uint8Array, r: Rng): Uint8Array {
  const text = latin1.decode(message);
  const re = /application\/(?:x-)?pkcs7-(?:signature|mime)[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/g;
  const blocks: { start: number; end: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length - m[1]!.length;
    blocks.push({ start, end: start + m[1]!.length });
  }
  if (blocks.length === 0) return flipBits(message, r, 3);
  const block = blocks[pick(r, blocks.length)]!;
  const der = new Uint8Array(Buffer.from(text.slice(block.start, block.end).replace(/\s+/g, ""), "base64"));
  const damaged = Buffer.from(mutateDer(der, r)).toString("base64").replace(/.{76}/g, "$&\r\n");
  return toLatin1Bytes(text.slice(0, block.start) + damaged + "\r\n" + text.slice(block.end));
}

export function mutate(message: Uint8Array, r: Rng): Uint8Array {
  switch (pick(r, 5)) {
    case 0:
      return flipBits(message, r, 1 + pick(r, 8));
    case 1:
      return truncate(message, r);
    case 2:
      return duplicateRange(message, r);
    default:
      return mutateSmimePart(message, r);
  }
}

/** Messages built to exhaust limits: deep MIME nesting, deep ASN.1 nesting, a huge declared length. */
export function hostileMessages(): { name: string; bytes: Uint8Array }[] {
  const enc = new TextEncoder();
  let nested = "This is the innermost text.\r\n";
  for (let i = 0; i < 2000; i++) {
    nested = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${nested}\r\n--b${i}--\r\n`;
  }
  const deepMime = enc.encode(`From: a@example.jp\r\n${nested}`);

  const depth = 50_000;
  const deepDer = new Uint8Array(depth * 2);
  for (let i = 0; i < depth; i++) {
    deepDer[i * 2] = 0x30;
    deepDer[i * 2 + 1] = 0x80; // indefinite length: each level opens another
  }
  const p7s = (der: Uint8Array) =>
    enc.encode(
      "From: a@example.jp\r\nContent-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"x\"\r\n\r\n" +
        "--x\r\nContent-Type: text/plain\r\n\r\nhello\r\n--x\r\nContent-Type: application/pkcs7-signature\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        Buffer.from(der).toString("base64").replace(/.{76}/g, "$&\r\n") +
        "\r\n--x--\r\n",
    );
  const hugeLen = new Uint8Array([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);

  let opaque = "Content-Type: text/plain\r\n\r\nx\r\n";
  for (let i = 0; i < 200; i++) {
    opaque = `Content-Type: message/rfc822\r\n\r\n${opaque}`;
  }
  return [
    { name: "2000 nested multiparts", bytes: deepMime },
    { name: "50000 nested indefinite-length SEQUENCEs", bytes: p7s(deepDer) },
    { name: "a 2 GB declared length", bytes: p7s(hugeLen) },
    { name: "200 nested message/rfc822", bytes: enc.encode(`From: a@example.jp\r\n${opaque}`) },
    { name: "empty input", bytes: new Uint8Array(0) },
    { name: "only a boundary", bytes: enc.encode("Content-Type: multipart/signed; boundary=\"\"\r\n\r\n--\r\n--\r\n") },
  ];
}
