// The log search worker thread: searches one or more whole log files (searchFile) off the main
// process's event loop, posting overall progress (bytes of all files) and the matches in
// batches ('partial' messages) as they are found. Cancelling terminates the thread (runWorker's
// `signal`), which also stops a regex that backtracks for ever.
import { stat } from 'node:fs/promises';
import { isMainThread } from 'node:worker_threads';
import { VigieError, type ErrorCode } from '../../shared/errors';
import { DEFAULT_MAX_MATCHES, compilePattern, searchFile, type SearchMatch } from '../logs/search';
import { serveTask } from './protocol';

export interface LogSearchInput {
  /** Absolute paths, searched in this order. */
  files: string[];
  pattern: string;
  regex: boolean;
  caseSensitive: boolean;
  /** For all the files together (default 10,000). */
  maxMatches?: number;
  /** Bytes per read (tests). */
  chunkSize?: number;
}

/** One 'partial' message: matches of one file, in order. */
export interface LogSearchBatch {
  file: string;
  matches: SearchMatch[];
}

export interface LogSearchOutput {
  matches: number;
  limitReached: boolean;
  /** Files that could not be read (when searching several; one file alone throws instead). */
  errors: { file: string; code: ErrorCode; message: string }[];
}

/** At most this often a progress message. */
const PROGRESS_EVERY_MS = 50;

export async function searchFiles(input: LogSearchInput, progress: (done: number, total: number) => void, partial: (batch: LogSearchBatch) => void): Promise<LogSearchOutput> {
  compilePattern(input.pattern, input); // an invalid regex fails before any file is opened
  const sizes = await Promise.all(input.files.map((file) => stat(file).then((s) => s.size, () => 0)));
  const total = sizes.reduce((a, b) => a + b, 0);
  let left = Math.max(0, Math.floor(input.maxMatches ?? DEFAULT_MAX_MATCHES));
  let before = 0;
  let lastProgress = 0;
  const output: LogSearchOutput = { matches: 0, limitReached: false, errors: [] };
  for (const [i, file] of input.files.entries()) {
    if (left === 0) {
      output.limitReached = true;
      break;
    }
    try {
      const result = await searchFile(file, input.pattern, {
        regex: input.regex,
        caseSensitive: input.caseSensitive,
        maxMatches: left,
        ...(input.chunkSize ? { chunkSize: input.chunkSize } : {}),
        onMatches: (matches) => partial({ file, matches }),
        onProgress: (done) => {
          const now = performance.now();
          if (now - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = now;
          progress(before + Math.min(done, sizes[i]!), total);
        },
      });
      output.matches += result.matches;
      left -= result.matches;
      if (result.limitReached) output.limitReached = true;
    } catch (error) {
      if (input.files.length === 1 || !(error instanceof VigieError)) throw error;
      output.errors.push({ file, code: error.code, message: error.message });
    }
    before += sizes[i]!;
    progress(before, total);
  }
  return output;
}

// The CLI imports searchFiles and runs it in its own process (its main thread): no task there.
if (!isMainThread) serveTask<LogSearchInput, LogSearchOutput>((input, _setup, progress, partial) => searchFiles(input, progress, partial as (batch: LogSearchBatch) => void));
