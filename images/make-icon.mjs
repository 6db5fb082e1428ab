// Draws images/icon.png (128×128 RGBA): a light shield on a dark rounded
// square. Built-ins only: the PNG chunks are written by hand, zlib deflates.
// Run: node images/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const S = 4; // supersampling per axis, for smooth edges
const bg = [0x1e, 0x2a, 0x3a];
const shield = [0x4f, 0xc3, 0xf7];
const bar = [0x1e, 0x2a, 0x3a];

function inRoundedSquare(x, y) {
  const r = 22;
  const cx = Math.min(Math.max(x, r), N - r);
  const cy = Math.min(Math.max(y, r), N - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

// Shield: flat top from y=22 to y=64 between x=30..98, then two curves meeting at (64,108).
function inShield(x, y) {
  if (y < 22 || y > 108) return false;
  const half = y <= 64 ? 34 : 34 * Math.sqrt(1 - ((y - 64) / 44) ** 2);
  return Math.abs(x - 64) <= half;
}

// Three horizontal bulkhead bars across the shield.
function inBar(x, y) {
  return inShield(x, y) && [44, 62, 80].some((b) => y >= b && y < b + 6) && Math.abs(x - 64) <= 22;
}

const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < N; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < S; sy++) {
      for (let sx = 0; sx < S; sx++) {
        const px = x + (sx + 0.5) / S, py = y + (sy + 0.5) / S;
        if (!inRoundedSquare(px, py)) continue;
        const c = inBar(px, py) ? bar : inShield(px, py) ? shield : bg;
        r += c[0]; g += c[1]; b += c[2]; a += 255;
      }
    }
    const k = S * S, o = y * (N * 4 + 1) + 1 + x * 4;
    const cover = a / 255;
    raw[o] = cover ? Math.round(r / cover) : 0;
    raw[o + 1] = cover ? Math.round(g / cover) : 0;
    raw[o + 2] = cover ? Math.round(b / cover) : 0;
    raw[o + 3] = Math.round(a / k);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // colour type: RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
