// Just enough of the ZIP format (PKWARE APPNOTE) to rewrite a small archive with one member
// streamed in: read the members of a buffer, copy them as they are, and deflate a streamed
// member on the fly (sizes and CRC in a data descriptor after it, as archiver does for XLSX).
// The DOCX writer uses it to stream a 100,000-row table into the document the `docx` package
// built around one template row. No ZIP64: a member or an archive over 4 GiB is refused.
import { createDeflateRaw, crc32, inflateRawSync } from 'node:zlib';
import { whileBacklogged, type Output } from './output';

export interface ZipMember {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** The member's data as stored (compressed when method is 8). */
  data: Buffer;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = 0x08074b50;
const LIMIT = 0xffffffff;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;

/** The members of a ZIP archive held in memory, in the order of its central directory. */
export function readZip(buffer: Buffer): ZipMember[] {
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a ZIP archive (no end of central directory)');
  const count = buffer.readUInt16LE(end + 10);
  let p = buffer.readUInt32LE(end + 16);
  const members: ZipMember[] = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(p) !== CENTRAL) throw new Error('damaged ZIP central directory');
    const method = buffer.readUInt16LE(p + 10);
    const crc = buffer.readUInt32LE(p + 16);
    const compressedSize = buffer.readUInt32LE(p + 20);
    const size = buffer.readUInt32LE(p + 24);
    const nameLength = buffer.readUInt16LE(p + 28);
    const extraLength = buffer.readUInt16LE(p + 30);
    const commentLength = buffer.readUInt16LE(p + 32);
    const offset = buffer.readUInt32LE(p + 42);
    const name = buffer.toString('utf8', p + 46, p + 46 + nameLength);
    if (buffer.readUInt32LE(offset) !== LOCAL) throw new Error(`damaged ZIP member ${name}`);
    const dataStart = offset + 30 + buffer.readUInt16LE(offset + 26) + buffer.readUInt16LE(offset + 28);
    members.push({ name, method, crc, compressedSize, size, data: buffer.subarray(dataStart, dataStart + compressedSize) });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return members;
}

/** The uncompressed content of a member (stored or deflated). */
export function memberContent(member: ZipMember): Buffer {
  if (member.method === 0) return member.data;
  if (member.method === 8) return inflateRawSync(member.data);
  throw new Error(`ZIP member ${member.name} uses compression method ${member.method}`);
}

function dosDateTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((Math.max(1980, date.getFullYear()) - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

interface Written {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** Writes a ZIP archive member by member into `out`. */
export class ZipWriter {
  private offset = 0;
  private readonly written: Written[] = [];
  private readonly stamp = dosDateTime(new Date());

  constructor(private readonly out: Output) {}

  private async put(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    if (this.offset > LIMIT) throw new Error('the archive would exceed 4 GiB');
    await this.out.write(chunk);
  }

  private localHeader(name: Buffer, flags: number, method: number, crc: number, compressedSize: number, size: number): Buffer {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(flags, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(compressedSize, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    return Buffer.concat([header, name]);
  }

  /** Copies a member read by readZip, still compressed. */
  async copy(member: ZipMember): Promise<void> {
    const name = Buffer.from(member.name, 'utf8');
    const flags = FLAG_UTF8;
    const offset = this.offset;
    await this.put(this.localHeader(name, flags, member.method, member.crc, member.compressedSize, member.size));
    await this.put(member.data);
    this.written.push({ name, flags, method: member.method, crc: member.crc, compressedSize: member.compressedSize, size: member.size, offset });
  }

  /** Deflates `chunks` into a new member as they come. */
  async stream(memberName: string, chunks: AsyncIterable<string | Buffer>): Promise<void> {
    const name = Buffer.from(memberName, 'utf8');
    const flags = FLAG_UTF8 | FLAG_DESCRIPTOR;
    const offset = this.offset;
    await this.put(this.localHeader(name, flags, 8, 0, 0, 0));
    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    const deflate = createDeflateRaw({ level: 6 });
    let failure: Error | null = null;
    deflate.on('data', (chunk: Buffer) => {
      compressedSize += chunk.length;
      this.offset += chunk.length;
      this.out.stream.write(chunk);
    });
    deflate.on('error', (error) => {
      failure ??= error;
    });
    const ended = new Promise<void>((resolve) => deflate.once('end', resolve));
    try {
      for await (const piece of chunks) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        crc = crc32(chunk, crc);
        size += chunk.length;
        if (size > LIMIT) throw new Error(`${memberName} would exceed 4 GiB`);
        if (!deflate.write(chunk)) await new Promise<void>((resolve) => deflate.once('drain', resolve));
        if (failure) throw failure;
        this.out.check();
        await whileBacklogged(this.out.stream);
      }
      deflate.end();
      await ended;
    } finally {
      if (!deflate.destroyed && failure) deflate.destroy();
    }
    if (failure) throw failure;
    if (this.offset > LIMIT) throw new Error('the archive would exceed 4 GiB');
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DESCRIPTOR, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.put(descriptor);
    this.written.push({ name, flags, method: 8, crc, compressedSize, size, offset });
  }

  /** Writes the central directory; the archive is complete (the output is not closed). */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const m of this.written) {
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(CENTRAL, 0);
      entry.writeUInt16LE(20, 4);
      entry.writeUInt16LE(20, 6);
      entry.writeUInt16LE(m.flags, 8);
      entry.writeUInt16LE(m.method, 10);
      entry.writeUInt16LE(this.stamp.time, 12);
      entry.writeUInt16LE(this.stamp.date, 14);
      entry.writeUInt32LE(m.crc, 16);
      entry.writeUInt32LE(m.compressedSize, 20);
      entry.writeUInt32LE(m.size, 24);
      entry.writeUInt16LE(m.name.length, 28);
      entry.writeUInt32LE(m.offset, 42);
      await this.put(Buffer.concat([entry, m.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END, 0);
    end.writeUInt16LE(this.written.length, 8);
    end.writeUInt16LE(this.written.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.put(end);
  }
}
