// What every export writer shares: the rows they take (batches, sync or async), a file output
// that respects back-pressure and reports write errors, and the clean-up of cell text.
import { createWriteStream, type WriteStream } from 'node:fs';

/** Rows in batches (the database is read 1,000 rows at a time); each row has one cell per header. */
export type RowBatches = Iterable<readonly (readonly string[])[]> | AsyncIterable<readonly (readonly string[])[]>;

export interface WriterOptions {
  /** Called after each batch with the number of rows written so far. */
  onRows?: (written: number) => void;
  /** Rows expected (DOCX and PDF print it; 0 when unknown). */
  total?: number;
  /** First line of DOCX and PDF, document title of XLSX/PDF properties, XLSX sheet name. */
  title?: string;
  /** Second line of DOCX and PDF (when and how many). */
  subtitle?: string;
}

/** A file being written: awaits 'drain' when the OS is slower than us, throws the first write error. */
export interface Output {
  readonly stream: WriteStream;
  write(chunk: string | Buffer): Promise<void>;
  /** Ends the file and waits until it is closed. */
  close(): Promise<void>;
  /** Throws the error the stream met, if any (call between batches). */
  check(): void;
  /** Closes the file after a failure, ignoring further errors. */
  abort(): Promise<void>;
  /** Bytes handed to the OS so far. */
  readonly bytes: number;
}

/** Opens `file` for writing (created, or truncated) and waits until the OS has said yes or no. */
export async function openOutput(file: string): Promise<Output> {
  const stream = createWriteStream(file, { flags: 'w', highWaterMark: 1 << 20 });
  let failure: Error | null = null;
  stream.on('error', (error) => {
    failure ??= error;
  });
  await new Promise<void>((resolve, reject) => {
    stream.once('ready', () => resolve());
    stream.once('error', reject);
  });
  const check = () => {
    if (failure) throw failure;
  };
  const whenDrained = () =>
    new Promise<void>((resolve, reject) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('error', done);
        stream.off('close', done);
        if (failure) reject(failure);
        else resolve();
      };
      stream.on('drain', done);
      stream.on('error', done);
      stream.on('close', done);
    });
  return {
    stream,
    get bytes() {
      return stream.bytesWritten + stream.writableLength;
    },
    check,
    async write(chunk) {
      check();
      if (!stream.write(chunk)) await whenDrained();
      check();
    },
    async close() {
      check();
      // A zip writer may have ended the stream itself already.
      if (!stream.writableEnded) {
        await new Promise<void>((resolve, reject) => {
          stream.once('error', reject);
          stream.end(() => resolve());
        });
      }
      await waitClosed(stream);
      check();
    },
    async abort() {
      if (!stream.destroyed) stream.destroy();
      await waitClosed(stream).catch(() => undefined);
    },
  };
}

/** Resolves once the file descriptor is released (Windows refuses to rename or remove an open file). */
export function waitClosed(stream: WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

/**
 * Big streams push data without looking at back-pressure (pdfkit, archiver): wait between
 * batches while more than `limit` bytes are queued for the file, so memory stays bounded.
 */
export async function whileBacklogged(stream: WriteStream, limit = 8 << 20): Promise<void> {
  while (stream.writableLength > limit && !stream.destroyed) {
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
  }
}

/** Gives the event loop a turn (pending I/O callbacks, zip and PDF streams) between batches. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Iterates sync or async batches the same way. */
export async function* batchesOf(rows: RowBatches): AsyncGenerator<readonly (readonly string[])[]> {
  if (Symbol.asyncIterator in rows) {
    for await (const batch of rows) yield batch;
  } else {
    for (const batch of rows) yield batch;
  }
}

// Characters XML 1.0 forbids (XLSX and DOCX are XML): a control character in a cell would make
// the whole file unreadable, so it is dropped. Tab, LF and CR are allowed.
const XML_FORBIDDEN_SOURCE = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const HAS_XML_FORBIDDEN = new RegExp(XML_FORBIDDEN_SOURCE);
const XML_FORBIDDEN = new RegExp(XML_FORBIDDEN_SOURCE, 'g');

export function xmlSafe(text: string): string {
  return HAS_XML_FORBIDDEN.test(text) ? text.replace(XML_FORBIDDEN, '') : text;
}

/** Sample of the first rows, to size columns: the longest header or cell, in characters, per column. */
export function columnLengths(headers: readonly string[], sample: readonly (readonly string[])[], cap = 200): number[] {
  return headers.map((header, i) => {
    let longest = header.length;
    for (const row of sample) {
      const cell = row[i] ?? '';
      // A multi-line cell (postal address) is as wide as its longest line.
      const width = cell.includes('\n') ? Math.max(...cell.split(/\r?\n/).map((line) => line.length)) : cell.length;
      if (width > longest) longest = width;
      if (longest >= cap) return cap;
    }
    return longest;
  });
}
