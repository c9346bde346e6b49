/**
 * Placeholder app icons, drawn in code so the package ships no binary files: Tauri's
 * `generate_context!` needs `icons/icon.png` (RGBA) and tauri-build needs `icons/icon.ico` on
 * Windows before the first build. Users replace them with `cargo tauri icon`.
 */
import { deflateSync } from 'node:zlib';

const SIZE = 64;
const COLOR = [0xe4, 0x6f, 0x2c] as const;

/** RGBA pixels, rows top to bottom: a filled disc with a soft edge on a transparent square. */
function discPixels(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size * 0.45;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      const alpha = Math.round(255 * Math.min(1, Math.max(0, radius - distance)));
      pixels.set([COLOR[0], COLOR[1], COLOR[2], alpha], (y * size + x) * 4);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG (colour type 6), which is what tauri-codegen accepts. */
function encodePng(size: number, rgba: Uint8Array): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    // Each scanline starts with its filter type; 0 = none.
    rows.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', new Uint8Array())]);
}

/**
 * An ICO with one 32-bit BMP image: the classic encoding every Windows resource compiler reads
 * (PNG-in-ICO is not supported by all of them).
 */
function encodeIco(size: number, rgba: Uint8Array): Uint8Array {
  const maskRowBytes = Math.ceil(size / 32) * 4;
  const imageBytes = 40 + size * size * 4 + maskRowBytes * size;
  const out = Buffer.alloc(6 + 16 + imageBytes);
  out.writeUInt16LE(0, 0);
  out.writeUInt16LE(1, 2); // type: icon
  out.writeUInt16LE(1, 4); // one image
  out.writeUInt8(size >= 256 ? 0 : size, 6);
  out.writeUInt8(size >= 256 ? 0 : size, 7);
  out.writeUInt16LE(1, 10); // colour planes
  out.writeUInt16LE(32, 12); // bits per pixel
  out.writeUInt32LE(imageBytes, 14);
  out.writeUInt32LE(22, 18);
  // BITMAPINFOHEADER; the height counts the XOR image and the AND mask.
  out.writeUInt32LE(40, 22);
  out.writeInt32LE(size, 26);
  out.writeInt32LE(size * 2, 30);
  out.writeUInt16LE(1, 34);
  out.writeUInt16LE(32, 36);
  out.writeUInt32LE(size * size * 4 + maskRowBytes * size, 42);
  let offset = 62;
  // BMP rows go bottom to top, pixels as BGRA; the AND mask stays zero (alpha decides).
  for (let y = size - 1; y >= 0; y--) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      out.set([rgba[i + 2]!, rgba[i + 1]!, rgba[i]!, rgba[i + 3]!], offset);
      offset += 4;
    }
  }
  return out;
}

/** `icon.png` and `icon.ico` under `dir` (relative to the workspace root). */
export function placeholderIcons(dir: string): { path: string; content: Uint8Array }[] {
  const pixels = discPixels(SIZE);
  return [
    { path: `${dir}/icon.png`, content: encodePng(SIZE, pixels) },
    { path: `${dir}/icon.ico`, content: encodeIco(SIZE, pixels) },
  ];
}
