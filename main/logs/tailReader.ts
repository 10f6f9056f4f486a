// Reading the end of a log file at a cost that does not grow with its size: fixed-size chunks
// read backwards from the end through a file handle, never the whole file. The live tail then
// reads forward from the offset where the last read stopped (`readLinesFrom`).
//
// Decisions, for the callers:
// - Lines end at LF. A CR just before the LF is dropped (CRLF); a lone CR is kept in the text
//   (progress output overwriting itself, not a line break; servers do not write Classic Mac
//   files). A final newline does not make an empty last line; a last line without one counts.
// - Lines are cut into text only once complete, as bytes, so a UTF-8 character split across two
//   chunks is never decoded in halves.
// - A line longer than `maxLineBytes` keeps its FIRST `maxLineBytes` (cut on a character
//   boundary) with `truncated: true`: the head of a log entry holds its timestamp, level and
//   logger, which format detection needs. The bytes of such a line are never held in memory
//   beyond `maxLineBytes`; its start is still found by scanning back, so a huge line costs a
//   scan of its length (not memory).
// - Line numbers: reading backwards cannot know how many lines come before without reading
//   them, so `line` is null unless the read reached the start of the file (small files), where
//   it is 1-based. Every line carries its byte `offset`, which the viewer can show instead.
// - Encoding: UTF-8 unless the bytes read are not valid UTF-8 and look like Latin-1 text (bytes
//   0xA0-0xFF, no valid multi-byte UTF-8 sequence, no NUL, hardly any C1 controls 0x80-0x9F);
//   invalid UTF-8 otherwise shows as U+FFFD. Control characters and NUL are decoded as they are:
//   making them safe to display is the viewer's job.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { VigieError } from '../../shared/errors';

export type LogEncoding = 'utf-8' | 'latin1';

export interface LogLine {
  text: string;
  /** 1-based line number when the read started at the beginning of the file, else null. */
  line: number | null;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** The line was longer than `maxLineBytes`; `text` holds its beginning. */
  truncated: boolean;
}

export interface TailOptions {
  /** Bytes read at a time, backwards from the end (default 64 KiB). */
  chunkBytes?: number;
  /** Longer lines are cut to their first `maxLineBytes` bytes (default 1 MiB). */
  maxLineBytes?: number;
}

export interface Tail {
  lines: LogLine[];
  /** Size of the file when it was read: where a live tail carries on with `readLinesFrom`. */
  size: number;
  /** Offset of the first line returned (`size` when there is none). */
  startOffset: number;
  encoding: LogEncoding;
}

const LF = 0x0a;
const CR = 0x0d;
export const DEFAULT_CHUNK_BYTES = 64 * 1024;
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** A line as bytes, before decoding. */
interface RawLine {
  bytes: Buffer;
  offset: number;
  truncated: boolean;
}

/** The file shrank while it was read: the caller reads again from the new end. */
class FileShrank extends Error {}

function fileError(file: string, cause: unknown): VigieError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOENT' ? 'it does not exist'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'it is a folder, not a file'
    : cause instanceof Error ? cause.message
    : String(cause);
  return new VigieError('FILE_ERROR', `Cannot read the log file ${file}: ${reason}.`);
}

async function openLogFile(file: string): Promise<{ handle: FileHandle; size: number; ino: number }> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (cause) {
    throw fileError(file, cause);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw fileError(file, Object.assign(new Error('folder'), { code: 'EISDIR' }));
    if (!stats.isFile()) throw new VigieError('FILE_ERROR', `Cannot read the log file ${file}: it is not a regular file.`);
    return { handle, size: stats.size, ino: stats.ino };
  } catch (error) {
    await handle.close();
    throw error instanceof VigieError ? error : fileError(file, error);
  }
}

/** Reads exactly `length` bytes at `position`; a short read means the file shrank. */
async function readExactly(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new FileShrank();
    done += bytesRead;
  }
}

/** The longest prefix of `bytes` that does not end inside a UTF-8 sequence. */
function cutOnCharacter(bytes: Buffer): Buffer {
  let end = bytes.length;
  // Step back over at most 3 continuation bytes to the lead byte of the last character.
  let i = end - 1;
  while (i >= 0 && end - i <= 4 && (bytes[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return bytes;
  const lead = bytes[i]!;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (needed > 1 && end - i < needed) end = i;
  return bytes.subarray(0, end);
}

async function readTailOnce(handle: FileHandle, size: number, count: number, chunkBytes: number, maxLineBytes: number): Promise<RawLine[]> {
  const lines: RawLine[] = []; // newest first while scanning
  if (count <= 0 || size === 0) return lines;
  const chunk = Buffer.allocUnsafe(chunkBytes);
  // The line being assembled ends (exclusive, before its LF) at `lineEnd`; `pieces` hold its
  // bytes from the chunks read so far, rightmost first, dropped once it is known to be too long.
  let lineEnd = size;
  let pieces: Buffer[] = [];
  let overlong = false;
  let atFileEnd = true;

  const finishLine = async (start: number): Promise<void> => {
    let bytes: Buffer;
    let truncated = false;
    if (overlong) {
      bytes = Buffer.allocUnsafe(maxLineBytes);
      await readExactly(handle, bytes, maxLineBytes, start);
      bytes = cutOnCharacter(bytes);
      truncated = true;
    } else {
      bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces.reverse());
      if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
      if (bytes.length > maxLineBytes) {
        bytes = cutOnCharacter(bytes.subarray(0, maxLineBytes));
        truncated = true;
      }
    }
    lines.push({ bytes, offset: start, truncated });
    pieces = [];
    overlong = false;
  };

  let position = size;
  while (position > 0 && lines.length < count) {
    const length = Math.min(chunkBytes, position);
    position -= length;
    await readExactly(handle, chunk, length, position);
    let end = length; // the part of the current line inside this chunk is [newline + 1, end)
    while (lines.length < count) {
      const newline = end > 0 ? chunk.lastIndexOf(LF, end - 1) : -1;
      const from = newline + 1;
      if (!overlong && end > from) {
        // +1: a CR before the LF does not count towards the line's length.
        if (lineEnd - (position + from) > maxLineBytes + 1) {
          overlong = true;
          pieces = [];
        } else {
          pieces.push(Buffer.from(chunk.subarray(from, end)));
        }
      }
      if (newline < 0) break;
      const start = position + newline + 1;
      // The file's final newline ends the last line; it does not start an empty one.
      if (!(atFileEnd && start === size)) await finishLine(start);
      else pieces = [];
      atFileEnd = false;
      lineEnd = position + newline;
      end = newline;
    }
  }
  if (position === 0 && lines.length < count) await finishLine(0);
  return lines.reverse();
}

interface ByteCensus {
  invalid: number;
  multiByte: number;
  c1: number;
  high: number;
  nul: number;
}

/** Counts what tells UTF-8 from Latin-1 in bytes that are not valid UTF-8. */
function census(bytes: Buffer, into: ByteCensus): void {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0) into.nul++;
      i++;
      continue;
    }
    into.high++;
    if (b >= 0x80 && b <= 0x9f) into.c1++;
    const needed = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = needed > 0;
    for (let k = 1; ok && k <= needed; k++) if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) ok = false;
    if (ok) {
      into.multiByte++;
      i += needed + 1;
    } else {
      into.invalid++;
      i++;
    }
  }
}

/** UTF-8 unless the bytes are not valid UTF-8 and read like Latin-1 text. */
export function detectEncoding(chunks: readonly Buffer[]): LogEncoding {
  if (chunks.every((bytes) => isUtf8(bytes))) return 'utf-8';
  const counts: ByteCensus = { invalid: 0, multiByte: 0, c1: 0, high: 0, nul: 0 };
  for (const bytes of chunks) census(bytes, counts);
  // Valid multi-byte sequences next to invalid bytes: a UTF-8 file with damage, not Latin-1.
  // NUL bytes: binary. Many C1 controls: neither text encoding.
  const latin1 = counts.invalid > 0 && counts.multiByte === 0 && counts.nul === 0 && counts.c1 * 10 <= counts.high;
  return latin1 ? 'latin1' : 'utf-8';
}

function decode(lines: readonly RawLine[], encoding: LogEncoding, knownFromLine: number | null): LogLine[] {
  return lines.map((raw, i) => ({
    text: raw.bytes.toString(encoding === 'latin1' ? 'latin1' : 'utf8'),
    line: knownFromLine === null ? null : knownFromLine + i,
    offset: raw.offset,
    truncated: raw.truncated,
  }));
}

/**
 * The last `count` lines of `file`, read backwards from its end in chunks. Throws
 * VigieError('FILE_ERROR') for a missing file, a folder, a permission error, or a file that
 * keeps shrinking while it is read (it is read again once from its new end first).
 */
export async function readLastLines(file: string, count: number, options: TailOptions = {}): Promise<Tail> {
  const chunkBytes = Math.max(1, Math.floor(options.chunkBytes ?? DEFAULT_CHUNK_BYTES));
  const maxLineBytes = Math.max(1, Math.floor(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES));
  for (let attempt = 0; ; attempt++) {
    const { handle, size } = await openLogFile(file);
    try {
      const raw = await readTailOnce(handle, size, Math.max(0, Math.floor(count)), chunkBytes, maxLineBytes);
      const encoding = detectEncoding(raw.map((l) => l.bytes));
      const startOffset = raw[0]?.offset ?? size;
      return { lines: decode(raw, encoding, startOffset === 0 ? 1 : null), size, startOffset, encoding };
    } catch (error) {
      if (!(error instanceof FileShrank)) throw error instanceof VigieError ? error : fileError(file, error);
      if (attempt >= 1) throw new VigieError('FILE_ERROR', `Cannot read the log file ${file}: it keeps shrinking while it is read.`);
    } finally {
      await handle.close();
    }
  }
}

export interface LinesFrom {
  lines: LogLine[];
  /** Where the next read starts: after the last complete line returned. */
  nextOffset: number;
  /** Size of the file now; smaller than the offset asked for means it was truncated. */
  size: number;
  encoding: LogEncoding;
}

/**
 * The complete lines written from byte `offset` on, reading at most `maxBytes`: what the live
 * tail calls when the file grows. A last line without its newline yet is left for the next call
 * (`nextOffset` stops before it), except when no newline fits in `maxBytes`: those bytes are then
 * returned as one `truncated` line so that the tail keeps moving, and the rest of that line comes
 * as the next line. `line` is known only when reading from offset 0. Pass the encoding found by
 * `readLastLines` to keep the file's decoding stable; otherwise it is detected on these bytes.
 */
export async function readLinesFrom(file: string, offset: number, maxBytes: number, options: { encoding?: LogEncoding } = {}): Promise<LinesFrom> {
  const { handle, size } = await openLogFile(file);
  try {
    const length = Math.max(0, Math.min(size - offset, Math.floor(maxBytes)));
    if (length === 0) return { lines: [], nextOffset: offset, size, encoding: options.encoding ?? 'utf-8' };
    const buffer = Buffer.allocUnsafe(length);
    try {
      await readExactly(handle, buffer, length, offset);
    } catch (error) {
      if (error instanceof FileShrank) return { lines: [], nextOffset: offset, size: (await handle.stat()).size, encoding: options.encoding ?? 'utf-8' };
      throw error;
    }
    const raw: RawLine[] = [];
    let start = 0;
    for (let newline = buffer.indexOf(LF); newline >= 0; newline = buffer.indexOf(LF, start)) {
      let end = newline;
      if (end > start && buffer[end - 1] === CR) end--;
      raw.push({ bytes: buffer.subarray(start, end), offset: offset + start, truncated: false });
      start = newline + 1;
    }
    if (raw.length === 0 && length >= maxBytes) {
      const cut = cutOnCharacter(buffer);
      const bytes = cut.length > 0 ? cut : buffer;
      raw.push({ bytes, offset, truncated: true });
      start = bytes.length;
    }
    const encoding = options.encoding ?? detectEncoding(raw.map((l) => l.bytes));
    return { lines: decode(raw, encoding, offset === 0 ? 1 : null), nextOffset: offset + start, size, encoding };
  } catch (error) {
    throw error instanceof VigieError ? error : fileError(file, error);
  } finally {
    await handle.close();
  }
}

/** What identifies a log file between two looks: its inode, size and first bytes. */
export interface FileIdentity {
  size: number;
  ino: number;
  /** How many of the first bytes are hashed (up to 256; fewer in a smaller file). */
  headLength: number;
  headHash: string;
}

export const HEAD_BYTES = 256;

function hashHead(head: Buffer): string {
  return createHash('sha1').update(head).digest('hex');
}

/** The identity of `file` now; `headLength` hashes that many first bytes (to compare with an earlier look). */
export async function fileIdentity(file: string, headLength = HEAD_BYTES): Promise<FileIdentity & { head: Buffer }> {
  const { handle, size, ino } = await openLogFile(file);
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const kept = head.subarray(0, bytesRead);
    const length = Math.min(headLength, bytesRead);
    return { size, ino, headLength: length, headHash: hashHead(kept.subarray(0, length)), head: kept };
  } catch (error) {
    throw error instanceof VigieError ? error : fileError(file, error);
  } finally {
    await handle.close();
  }
}

export type FileChange = 'unchanged' | 'grown' | 'truncated' | 'rotated';

/**
 * How a log file changed since `previous`: `rotated` when another file now has its name (inode
 * changed), `truncated` when it shrank or its first bytes differ (rewritten in place), `grown`
 * when lines were appended. `current.head` holds the current first bytes (at least as many as
 * were hashed before, when the file has them).
 */
export function detectRotation(previous: FileIdentity, current: { size: number; ino: number; head: Buffer }): FileChange {
  if (current.ino !== previous.ino) return 'rotated';
  if (current.size < previous.size) return 'truncated';
  if (current.head.length < previous.headLength || hashHead(current.head.subarray(0, previous.headLength)) !== previous.headHash) return 'truncated';
  return current.size > previous.size ? 'grown' : 'unchanged';
}
