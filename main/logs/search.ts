// Full-text search of a whole log file (`.gz` included), read forward in large chunks: memory
// stays about one chunk (plus the longest line), and matches are handed out in batches while
// the search goes on, so a caller can stream them.
//
// Decisions, for the callers:
// - Lines end at LF; a CR just before the LF is dropped (CRLF), so `$` matches at the end of
//   a CRLF line too. A final line without LF counts; a final LF does not make an empty line.
// - Speed: a case-sensitive literal is searched in the raw bytes (Buffer#indexOf) and only the
//   lines that hold it are decoded. Case-insensitive literals and regexes run one RegExp (flags
//   `gm`, plus `i`) over the chunk's text to find candidate lines: the bytes read as Latin-1
//   when that cannot miss a line (latin1Source: ASCII patterns, most of them; 10x faster to
//   decode than UTF-8 text with accents or CJK), else the UTF-8 text; then on each
//   candidate line alone (which also gives the ranges): a line matches exactly when the RegExp
//   matches the line alone.
// - Line numbers are counted (LF by LF) from the start of the file, 1-based; `offset` is the
//   byte offset of the line's start in the decompressed stream.
// - Text is UTF-8; invalid bytes show as U+FFFD. A line longer than MAX_TEXT characters is cut
//   to MAX_TEXT characters around its first match (`cut` says where the cut starts).
// - A line is held whole while it is searched: a single 50 MB line costs 50 MB (in the search
//   worker, not in the main process).
// - Cancel: through `signal`; the promise then rejects with `signal.reason` (an AbortError
//   DOMException unless the caller gave another), as fetch and fs/promises do. No error code:
//   the caller asked for it, there is nothing to show.
// - A regex whose matching takes exponential time (catastrophic backtracking) cannot be stopped
//   from inside JavaScript: the console runs the search in a worker thread (workers/logSearch)
//   that cancelling terminates (runWorker's `signal`), so the main process never hangs.
import { isAscii } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { VigieError } from '../../shared/errors';

export interface SearchMatch {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's start in the (decompressed) file. */
  offset: number;
  /** The line (without its line end), cut to MAX_TEXT characters around the first match. */
  text: string;
  /** [start, end) of each match in `text`, in UTF-16 code units. */
  ranges: [number, number][];
  /** When the line was cut: where `text` starts in the whole line (UTF-16 code units). */
  cut?: number;
}

export interface SearchOptions {
  regex: boolean;
  caseSensitive: boolean;
  /** Stop after this many matching lines (default 10,000). */
  maxMatches?: number;
  signal?: AbortSignal;
  /** Bytes read so far (compressed bytes for `.gz`) and the file's size. */
  onProgress?(bytesDone: number, bytesTotal: number): void;
  /** Matching lines, in order, about every BATCH_SIZE lines or BATCH_MS milliseconds. */
  onMatches?(batch: SearchMatch[]): void;
  /** Bytes per read (default 1 MiB; tests use small chunks to hit boundaries). */
  chunkSize?: number;
}

export interface SearchResult {
  /** Matching lines found (at most maxMatches). */
  matches: number;
  /** True when the search stopped at maxMatches before the end of the file. */
  limitReached: boolean;
  /** Lines read (all of them unless the limit was reached). */
  lines: number;
  /** Size of the file on disk. */
  bytes: number;
}

export const DEFAULT_MAX_MATCHES = 10_000;
export const MAX_TEXT = 2000;
const DEFAULT_CHUNK = 1024 * 1024;
const BATCH_SIZE = 100;
/** Bytes of text decoded at a time: strings this small are allocated in V8's young generation. */
const TEXT_SLICE = 32 * 1024;
const BATCH_MS = 100;
const LF = 0x0a;
const CR = 0x0d;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The RegExp for a pattern, or VigieError('INVALID_INPUT') naming what is wrong with it. */
export function compilePattern(pattern: string, options: { regex: boolean; caseSensitive: boolean }, flags = 'g'): RegExp {
  const source = options.regex ? pattern : escapeRegex(pattern);
  try {
    return new RegExp(source, flags + (options.caseSensitive ? '' : 'i'));
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new VigieError('INVALID_INPUT', `Invalid regular expression: ${reason}`, [{ path: 'pattern', code: 'invalid_regex', message: reason }]);
  }
}

function fileError(file: string, cause: unknown): VigieError {
  const code = (cause as NodeJS.ErrnoException | null)?.code;
  const reason =
    code === 'ENOENT' ? 'it does not exist'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'it is a folder'
    : code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' ? 'it is not a valid gzip file'
    : cause instanceof Error ? cause.message
    : String(cause);
  return new VigieError('FILE_ERROR', `Cannot read the log file ${file}: ${reason}.`);
}

/**
 * The RegExp source that finds candidate lines in the bytes read as Latin-1 (one byte, one
 * character: fast to decode, and string indexes are byte offsets), or null when none is known.
 * It must match every line whose UTF-8 text the pattern matches: the pattern is ASCII and what
 * it matches is ASCII, except `.`, `[^…]`, `\W`, `\D` and `\S` repeated by `*` or `+` (the bytes
 * of a multi-byte character are as many non-ASCII characters, which those match as well), and
 * `\s`, which becomes "an ASCII space or a run of non-ASCII bytes" (U+3000 is 3 bytes; U+00A0's
 * second byte would match a Latin-1 `\s` alone). `\u`, `\x`, `\c` and those escapes inside a
 * class are never accepted. Candidate lines are then checked on their UTF-8 text, so extra
 * candidates cost time, never results.
 */
export function latin1Source(source: string): string | null {
  if (/[^\x00-\x7f]/.test(source)) return null;
  const repeated = (i: number) => source[i] === '*' || source[i] === '+';
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined || 'uxc'.includes(e)) return null;
      if ((e === 'W' || e === 'D' || e === 'S') && !repeated(i + 2)) return null;
      out += e === 's' ? '(?:[\\t-\\r ]|[\\x80-\\xff]+)' : e === 'S' ? '[^\\t-\\r ]' : `\\${e}`;
      i++;
    } else if (c === '.') {
      if (!repeated(i + 1)) return null;
      out += c;
    } else if (c === '[') {
      const negated = source[i + 1] === '^';
      let j = negated ? i + 2 : i + 1;
      for (; j < source.length && source[j] !== ']'; j++) {
        if (source[j] === '\\') {
          if ('sSuxcWD'.includes(source[j + 1] ?? 's')) return null;
          j++;
        }
      }
      if (negated && !repeated(j + 1)) return null;
      out += source.slice(i, j + 1);
      i = j;
    } else {
      out += c;
    }
  }
  return out;
}

/** Characters that have a meaning in a RegExp outside a class. */
const REGEX_SYNTAX = new Set([...'\\^$.|?*+()[]{}']);

/**
 * The longest run of literal text (at least 3 characters) that every match of the regex `source`
 * contains, or null when none is sure: no alternation at the top level, groups and classes
 * skipped, a character followed by `?`, `*` or `{` left out (it may be absent). Only plain
 * characters and escaped punctuation count as literal.
 */
export function requiredLiteral(source: string): string | null {
  let best = '';
  let run = '';
  const endRun = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    let literal: string | null = null;
    if (c === '|') return null;
    if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) return null;
      i++;
      if (/[\p{P}\p{S}]/u.test(e) && e !== '_') literal = e;
      else {
        endRun();
        continue;
      }
    } else if (c === '[') {
      i = classEnd(source, i);
      endRun();
      continue;
    } else if (c === '(') {
      // Skip the group, with the classes and escapes inside it.
      for (let depth = 0; i < source.length; i++) {
        const d = source[i]!;
        if (d === '\\') i++;
        else if (d === '[') i = classEnd(source, i);
        else if (d === '(') depth++;
        else if (d === ')' && --depth === 0) break;
      }
      endRun();
      continue;
    } else if (c === '{') {
      // A quantifier ({2}, {2,5}) is skipped whole; a lone brace is a literal in this mode.
      const quantifier = /^\{\d+(?:,\d*)?\}/.exec(source.slice(i));
      if (quantifier) {
        i += quantifier[0].length - 1;
        endRun();
        continue;
      }
      literal = c;
    } else if (!REGEX_SYNTAX.has(c)) literal = c;
    if (literal === null) {
      endRun();
      continue;
    }
    const next = source[i + 1];
    if (next === '?' || next === '*' || next === '{') {
      endRun();
      continue;
    }
    run += literal;
    if (next === '+') endRun();
  }
  endRun();
  return best.length >= 3 ? best : null;
}

/** The index of the `]` closing the class that opens at `start` (or the last index). */
function classEnd(source: string, start: number): number {
  let j = start + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') j++;
  for (; j < source.length; j++) {
    if (source[j] === '\\') j++;
    else if (source[j] === ']') return j;
  }
  return source.length - 1;
}

/** Number of LF bytes in buf[from, to). */
function countLf(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let p = buf.indexOf(LF, from); p !== -1 && p < to; p = buf.indexOf(LF, p + 1)) n++;
  return n;
}

function countNl(text: string, from: number, to: number): number {
  let n = 0;
  for (let p = text.indexOf('\n', from); p !== -1 && p < to; p = text.indexOf('\n', p + 1)) n++;
  return n;
}

/** Every match of `re` (global) in `text`, as [start, end) pairs. */
function allRanges(re: RegExp, text: string): [number, number][] {
  const ranges: [number, number][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    ranges.push([m.index, m.index + m[0].length]);
    if (m[0].length === 0) re.lastIndex++;
    if (re.lastIndex > text.length) break;
  }
  return ranges;
}

/** A match for `text`, cut to MAX_TEXT characters around its first range. */
function makeMatch(line: number, offset: number, text: string, ranges: [number, number][]): SearchMatch {
  if (text.length <= MAX_TEXT) return { line, offset, text, ranges };
  const [s, e] = ranges[0] ?? [0, 0];
  const len = Math.min(e - s, MAX_TEXT);
  let start = Math.max(0, Math.min(s - Math.floor((MAX_TEXT - len) / 2), text.length - MAX_TEXT));
  const isLow = (i: number) => i > 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xdc00;
  if (isLow(start)) start++;
  let end = Math.min(text.length, start + MAX_TEXT);
  if (isLow(end)) end--;
  const cutRanges: [number, number][] = [];
  for (const [a, b] of ranges) {
    const ca = Math.max(a, start) - start;
    const cb = Math.min(b, end) - start;
    if (cb > ca || (a === b && a >= start && a <= end)) cutRanges.push([ca, Math.max(ca, cb)]);
  }
  return { line, offset, text: text.slice(start, end), ranges: cutRanges, cut: start };
}

/**
 * The file's bytes, in chunks. A plain file is read into one buffer used again and again (a
 * chunk is only valid until the next one is asked for); a `.gz` file through zlib.
 */
async function openChunks(file: string, chunkSize: number): Promise<{ chunks: AsyncIterable<Buffer>; size: number; rawBytes(): number; close(): void }> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (cause) {
    throw fileError(file, cause);
  }
  let size: number;
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw fileError(file, Object.assign(new Error('folder'), { code: 'EISDIR' }));
    if (!stats.isFile()) throw new VigieError('FILE_ERROR', `Cannot read the log file ${file}: it is not a regular file.`);
    size = stats.size;
  } catch (error) {
    await handle.close();
    throw error instanceof VigieError ? error : fileError(file, error);
  }
  if (!/\.gz$/i.test(file)) {
    let read = 0;
    const buffer = Buffer.allocUnsafe(chunkSize);
    const chunks = async function* () {
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, chunkSize, null);
        if (bytesRead === 0) return;
        read += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    };
    return { chunks: chunks(), size, rawBytes: () => read, close: () => void handle.close().catch(() => undefined) };
  }
  const raw = handle.createReadStream({ highWaterMark: chunkSize, autoClose: true });
  const gunzip = createGunzip({ chunkSize: Math.max(chunkSize, 64) });
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  return {
    chunks: gunzip,
    size,
    rawBytes: () => raw.bytesRead,
    close: () => {
      raw.destroy();
      gunzip.destroy();
    },
  };
}

/**
 * Searches `file` for the lines matching `pattern`, start to end. Throws VigieError
 * ('INVALID_INPUT') for an invalid regex, ('FILE_ERROR') for a file that cannot be read or a
 * bad `.gz`; rejects with `signal.reason` when cancelled.
 */
export async function searchFile(file: string, pattern: string, options: SearchOptions): Promise<SearchResult> {
  const maxMatches = Math.max(0, Math.floor(options.maxMatches ?? DEFAULT_MAX_MATCHES));
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_CHUNK));
  const signal = options.signal;
  signal?.throwIfAborted();

  // Matchers. Byte search: a case-sensitive literal. Text search: anything else.
  const literalBytes = !options.regex && options.caseSensitive ? Buffer.from(pattern, 'utf8') : null;
  const source = options.regex ? pattern : escapeRegex(pattern);
  const chunkRe = literalBytes ? null : compilePattern(pattern, options, 'gm');
  const latin1Pattern = literalBytes ? null : latin1Source(source);
  const latin1Re = latin1Pattern === null ? null : new RegExp(latin1Pattern, `gm${options.caseSensitive ? '' : 'i'}`);
  const lineRe = compilePattern(pattern, options, 'g');
  // A regex that cannot match without some literal text (`could\\s+not obtain.{6}on` needs
  // "not obtain"): lines holding it are found by bytes, as grep does, and only they are tried.
  const required = options.regex && options.caseSensitive ? requiredLiteral(pattern) : null;
  const requiredBytes = required !== null && !literalBytes ? Buffer.from(required, 'utf8') : null;
  // A literal holding a line break can never be found within one line.
  const impossible = !options.regex && /[\r\n]/.test(pattern);

  const { chunks, size, rawBytes, close } = await openChunks(file, chunkSize);

  let found = 0;
  let limitReached = false;
  let batch: SearchMatch[] = [];
  let lastFlush = performance.now();
  const flush = (force: boolean) => {
    if (batch.length === 0) return;
    if (!force && batch.length < BATCH_SIZE && performance.now() - lastFlush < BATCH_MS) return;
    const out = batch;
    batch = [];
    lastFlush = performance.now();
    options.onMatches?.(out);
  };
  const emit = (match: SearchMatch) => {
    found++;
    batch.push(match);
    if (batch.length >= BATCH_SIZE) flush(true);
  };

  /**
   * Searches the complete lines buf[0, end) (end is just after an LF, or the end of the file)
   * for `needle` with Buffer.indexOf; each line holding it is a match when `rangesOf` finds
   * ranges in its text (the literal itself, or the regex the literal was taken from). Returns
   * the LF count, or -1 once the limit is reached.
   */
  const searchBytes = (needle: Buffer, rangesOf: (text: string) => [number, number][], buf: Buffer, end: number, lineBase: number, offsetBase: number): number => {
    const region = end === buf.length ? buf : buf.subarray(0, end);
    let line = lineBase;
    let counted = 0;
    let pos = 0;
    while (pos <= end && found < maxMatches) {
      const i = needle.length === 0 ? (pos < end ? pos : -1) : region.indexOf(needle, pos);
      if (i < 0) break;
      const ls = i === 0 ? 0 : region.lastIndexOf(LF, i - 1) + 1;
      let le = region.indexOf(LF, i);
      if (le < 0) le = end;
      const textEnd = le > ls && region[le - 1] === CR ? le - 1 : le;
      const text = region.toString('utf8', ls, textEnd);
      const ranges = rangesOf(text);
      if (ranges.length > 0) {
        line += countLf(region, counted, ls);
        counted = ls;
        emit(makeMatch(line, offsetBase + ls, text, ranges));
      }
      pos = le + 1;
    }
    if (found >= maxMatches) return -1;
    return line - lineBase + countLf(region, counted, end);
  };
  const literalRanges = (text: string): [number, number][] => {
    const ranges: [number, number][] = [];
    if (pattern.length === 0) ranges.push([0, 0]);
    else for (let p = text.indexOf(pattern); p !== -1; p = text.indexOf(pattern, p + pattern.length)) ranges.push([p, p + pattern.length]);
    return ranges;
  };
  const regexRanges = (text: string) => allRanges(lineRe, text);

  const searchText = (buf: Buffer, end: number, lineBase: number, offsetBase: number): number => {
    const re = chunkRe!;
    const endsWithLf = buf[end - 1] === LF;
    // ASCII bytes decode the same as Latin-1, which is much faster (one-byte strings).
    let text = isAscii(buf.subarray(0, end)) ? buf.toString('latin1', 0, end) : buf.toString('utf8', 0, end);
    if (text.includes('\r')) {
      text = text.replace(/\r\n/g, '\n');
      // The last line of a file without a final LF: a CR ending it is dropped too.
      if (text.endsWith('\r')) text = text.slice(0, -1);
    }
    let line = lineBase;
    let counted = 0;
    let byteCursor = 0;
    let byteLine = lineBase;
    re.lastIndex = 0;
    while (found < maxMatches) {
      const m = re.exec(text);
      if (!m) break;
      const si = m.index;
      // An empty match after the last line end is not a line.
      if (si === text.length && endsWithLf) break;
      const ls = si === 0 ? 0 : text.lastIndexOf('\n', si - 1) + 1;
      let le = text.indexOf('\n', si);
      if (le < 0) le = text.length;
      const lineText = text.slice(ls, le);
      // The line matches only if the RegExp matches it alone: in the chunk, `^` and `$` also
      // match at a lone CR, and a match may run past the line's end.
      const ranges = allRanges(lineRe, lineText);
      if (ranges.length === 0) {
        if (le >= text.length) break;
        re.lastIndex = le + 1;
        continue;
      }
      line += countNl(text, counted, ls);
      counted = ls;
      for (; byteLine < line; byteLine++) byteCursor = buf.indexOf(LF, byteCursor) + 1;
      emit(makeMatch(line, offsetBase + byteCursor, lineText, ranges));
      if (le >= text.length) break;
      re.lastIndex = le + 1;
    }
    if (found >= maxMatches) return -1;
    return line - lineBase + countNl(text, counted, text.length);
  };

  /** Candidates by the RegExp over the bytes as Latin-1 text (see latin1Safe), checked on their UTF-8 text. */
  const searchLatin1 = (buf: Buffer, end: number, lineBase: number, offsetBase: number): number => {
    const re = latin1Re!;
    const endsWithLf = buf[end - 1] === LF;
    const text = buf.toString('latin1', 0, end);
    let line = lineBase;
    let counted = 0;
    re.lastIndex = 0;
    while (found < maxMatches) {
      const m = re.exec(text);
      if (!m) break;
      const si = m.index;
      if (si === end && endsWithLf) break;
      const ls = si === 0 ? 0 : buf.lastIndexOf(LF, si - 1) + 1;
      let le = si === end ? -1 : buf.indexOf(LF, si);
      if (le < 0 || le > end) le = end;
      const textEnd = le > ls && buf[le - 1] === CR ? le - 1 : le;
      const lineText = buf.toString('utf8', ls, textEnd);
      const ranges = allRanges(lineRe, lineText);
      if (ranges.length > 0) {
        line += countLf(buf, counted, ls);
        counted = ls;
        emit(makeMatch(line, offsetBase + ls, lineText, ranges));
      }
      if (le >= end) break;
      re.lastIndex = le + 1;
    }
    if (found >= maxMatches) return -1;
    return line - lineBase + countLf(buf, counted, end);
  };

  /** Text searches run over slices of about TEXT_SLICE bytes (whole lines): their strings stay small and short-lived. */
  const bySlices = (fn: typeof searchText, buf: Buffer, end: number, lineBase: number, offsetBase: number): number => {
    let lfs = 0;
    for (let start = 0; start < end; ) {
      let stop = end;
      if (end - start > TEXT_SLICE) {
        const lf = buf.lastIndexOf(LF, start + TEXT_SLICE - 1);
        stop = lf >= start ? lf + 1 : buf.indexOf(LF, start + TEXT_SLICE) + 1 || end;
        if (stop > end) stop = end;
      }
      const piece = buf.subarray(start, stop);
      const n = fn(piece, piece.length, lineBase + lfs, offsetBase + start);
      if (n < 0) return -1;
      lfs += n;
      start = stop;
    }
    return lfs;
  };

  const searchRegion = (buf: Buffer, end: number, lineBase: number, offsetBase: number): number => {
    if (end === 0 || impossible) return countLf(buf, 0, end);
    if (literalBytes) return searchBytes(literalBytes, literalRanges, buf, end, lineBase, offsetBase);
    if (requiredBytes) return searchBytes(requiredBytes, regexRanges, buf, end, lineBase, offsetBase);
    return bySlices(latin1Re ? searchLatin1 : searchText, buf, end, lineBase, offsetBase);
  };

  // The bytes after the last LF read so far (a line not yet complete), copied.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineBase = 1;
  let offsetBase = 0;
  /** Searches whole lines; false once the limit is reached. */
  const region = (buf: Buffer): boolean => {
    const lfs = searchRegion(buf, buf.length, lineBase, offsetBase);
    if (lfs < 0) return false;
    lineBase += lfs;
    offsetBase += buf.length;
    return true;
  };
  try {
    if (maxMatches === 0) return { matches: 0, limitReached: false, lines: 0, bytes: size };
    for await (const chunk of chunks) {
      signal?.throwIfAborted();
      const firstLf = chunk.indexOf(LF);
      if (firstLf < 0) {
        pending.push(Buffer.from(chunk));
        pendingBytes += chunk.length;
      } else {
        // The line begun in earlier chunks, completed; then this chunk's whole lines (no copy).
        let start = 0;
        if (pendingBytes > 0) {
          start = firstLf + 1;
          if (!region(Buffer.concat([...pending, chunk.subarray(0, start)]))) {
            limitReached = true;
            break;
          }
        }
        const lastLf = chunk.lastIndexOf(LF);
        if (lastLf >= start && !region(chunk.subarray(start, lastLf + 1))) {
          limitReached = true;
          break;
        }
        pending = lastLf + 1 < chunk.length ? [Buffer.from(chunk.subarray(lastLf + 1))] : [];
        pendingBytes = chunk.length - lastLf - 1;
      }
      flush(false);
      options.onProgress?.(rawBytes(), size);
    }
    if (!limitReached && pendingBytes > 0) {
      signal?.throwIfAborted();
      const buf = Buffer.concat(pending);
      if (searchRegion(buf, buf.length, lineBase, offsetBase) < 0) limitReached = true;
      else lineBase++;
    }
    flush(true);
    if (!limitReached) options.onProgress?.(size, size);
    return { matches: found, limitReached, lines: lineBase - 1, bytes: size };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error instanceof VigieError ? error : fileError(file, error);
  } finally {
    close();
  }
}
