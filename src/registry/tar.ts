import { gunzipSync } from 'node:zlib';

export interface TarEntry {
  path: string;
  /** Modification time, seconds since the epoch. */
  mtime: number;
  data: Buffer;
}

export interface TarArchive {
  entries: TarEntry[];
  /** The pax global header's `comment`: GitHub puts the commit id there. */
  comment: string | null;
}

const BLOCK = 512;

/**
 * Reads a (gzipped) tar archive: ustar and GNU headers, pax extended (`x`) and global (`g`)
 * headers and GNU long names (`L`). Only regular files are returned. Throws on a truncated or
 * corrupt archive.
 */
export function readTar(input: Buffer): TarArchive {
  const buf = input[0] === 0x1f && input[1] === 0x8b ? gunzipSync(input) : input;
  const archive: TarArchive = { entries: [], comment: null };
  let offset = 0;
  let longName: string | null = null;
  let pax: Record<string, string> = {};
  for (;;) {
    // An archive ends with a zero block; running out of bytes before one means it was cut short.
    if (offset + BLOCK > buf.length) throw new Error('truncated tar archive');
    const header = buf.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new Error(`bad tar header checksum at byte ${offset}`);
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] ?? 0);
    const start = offset + BLOCK;
    if (start + size > buf.length) throw new Error('truncated tar archive');
    const data = buf.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'g') {
      archive.comment = parsePax(data).comment ?? archive.comment;
      continue;
    }
    if (type === 'x') {
      pax = parsePax(data);
      continue;
    }
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    const name = cString(header.subarray(0, 100));
    const prefix = header.subarray(257, 263).toString('latin1').startsWith('ustar') ? cString(header.subarray(345, 500)) : '';
    const path = pax.path ?? longName ?? (prefix ? `${prefix}/${name}` : name);
    const mtime = pax.mtime !== undefined ? Math.floor(Number(pax.mtime)) : octal(header.subarray(136, 148));
    pax = {};
    longName = null;
    if (type === '0' || type === '\0' || type === '7') archive.entries.push({ path, mtime, data });
  }
  return archive;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

function octal(bytes: Buffer): number {
  // GNU base-256 for sizes over 8 GiB: not expected in advisory archives or .crate files.
  if ((bytes[0] ?? 0) & 0x80) throw new Error('tar entry too large');
  const text = cString(bytes).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return sum === octal(header.subarray(148, 156));
}

/** `LEN key=value\n` records. */
function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number(data.subarray(offset, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    offset += length;
  }
  return out;
}
