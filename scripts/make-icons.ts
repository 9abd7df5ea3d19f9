/**
 * Draws the add-in's icons (a red seal with a white check) as PNG files in public/assets/, with nothing but node:zlib,
 * so that the icons can be regenerated without an image editor or an image library. Run: node --import tsx scripts/make-icons.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, deflateSync } from "node:zlib";

/** The sizes the manifest declares: 16/32/80 for ribbon buttons, 64 for IconUrl, 128 for HighResolutionIconUrl. */
export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

/** Vermilion (shuniku), the colour of a Japanese seal's ink. */
const SEAL: readonly [number, number, number] = [0xc8, 0x32, 0x2a];
const WHITE: readonly [number, number, number] = [0xff, 0xff, 0xff];
/** Sub-pixel samples per axis; 4x4 is enough for smooth edges even at 16 px. */
const SUPERSAMPLE = 4;

type Rgb = readonly [number, number, number];

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Colour and coverage of one sample point in unit coordinates (0..1 on both axes). */
function shade(x: number, y: number, size: number): { colour: Rgb; alpha: number } {
  const r = Math.hypot(x - 0.5, y - 0.5);
  if (r > 0.48) return { colour: WHITE, alpha: 0 };
  // The seal's inner rim; too thin to read below 32 px, where it would only blur the disc.
  if (size >= 32 && r > 0.385 && r < 0.415) return { colour: WHITE, alpha: 1 };
  const stroke = Math.max(0.085, 1.6 / size);
  const d = Math.min(distanceToSegment(x, y, 0.3, 0.52, 0.44, 0.66), distanceToSegment(x, y, 0.44, 0.66, 0.71, 0.35));
  return { colour: d < stroke / 2 ? WHITE : SEAL, alpha: 1 };
}

function rgba(size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const s = shade((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size, size);
          r += s.colour[0] * s.alpha;
          g += s.colour[1] * s.alpha;
          b += s.colour[2] * s.alpha;
          a += s.alpha;
        }
      }
      const o = (py * size + px) * 4;
      // Colour channels are averaged over covered samples only (straight alpha, as PNG stores it).
      out[o] = a === 0 ? 0 : Math.round(r / a);
      out[o + 1] = a === 0 ? 0 : Math.round(g / a);
      out[o + 2] = a === 0 ? 0 : Math.round(b / a);
      out[o + 3] = Math.round((a / (SUPERSAMPLE * SUPERSAMPLE)) * 255);
    }
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes 8-bit RGBA pixels as a PNG (colour type 6, no interlace, filter 0 on every row). */
export function encodePng(size: number, pixels: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    raw.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

function main(): void {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "public", "assets");
  mkdirSync(outDir, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = join(outDir, `icon-${size}.png`);
    writeFileSync(file, encodePng(size, rgba(size)));
    console.log(`wrote ${file}`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
