import { gzipSync } from 'node:zlib';

export interface TarInput {
  path: string;
  data: Buffer | string;
}

function header(name: string, size: number, mtime: number, type: string): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write(mtime.toString(8).padStart(11, '0') + '\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0' + '00', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

function padded(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length = `${length}${body}`.length;
  return `${length}${body}`;
}

/** A gzipped tar like GitHub's archives: a pax global header with the commit, entries stamped with its time. */
export function makeTarGz(files: TarInput[], options: { comment?: string; mtime?: number } = {}): Buffer {
  const mtime = options.mtime ?? 1_700_000_000;
  const blocks: Buffer[] = [];
  if (options.comment) {
    const pax = Buffer.from(paxRecord('comment', options.comment));
    blocks.push(header('pax_global_header', pax.length, mtime, 'g'), padded(pax));
  }
  for (const file of files) {
    const data = Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data);
    if (Buffer.byteLength(file.path) > 100) {
      const pax = Buffer.from(paxRecord('path', file.path));
      blocks.push(header('PaxHeader', pax.length, mtime, 'x'), padded(pax));
    }
    blocks.push(header(file.path, data.length, mtime, '0'), padded(data));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
