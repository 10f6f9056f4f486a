// The index of a CSV file built in the csvIndex worker thread (main/workers/csvIndex.ts), as the
// viewer opens a file: what the service calls (indexCsvFile), the messages the worker posts, and
// the index as it grows (LiveCsvIndex) for rows to be read before the end.
import type { WorkerSetup } from '../../ipc/context';
import { runWorker } from '../../workers/run';
import type { CsvChoice } from './detect';
import { OffsetList, RowList, type CsvFirstRows, type CsvIndex, type CsvIndexAdded, type CsvProblem, type CsvProgress } from './indexer';

/** The index worker's young generation (see indexCsvFile). */
export const WORKER_YOUNG_GENERATION_MB = 12;

export interface CsvIndexInput {
  file: string;
  firstRows?: number;
  chunkBytes?: number;
  choice?: CsvChoice;
  live?: boolean;
  progressEveryMs?: number;
}

/** What the worker posts before its end ('partial' messages). */
export type CsvIndexPartial = ({ kind: 'first-rows' } & CsvFirstRows) | ({ kind: 'progress' } & CsvProgress);

/**
 * The index as it grows while the worker reads the file (IndexOptions.live): rows can be read
 * with readRows and errorsOfRows before the end, up to the last row whose end is known.
 *
 *   const live = new LiveCsvIndex();
 *   const done = indexCsvFile(setup, file, { live });
 *   …
 *   const sofar = live.snapshot(); // null until the first rows came
 *   if (sofar) rows = await readRows(file, sofar, from, count);
 */
export class LiveCsvIndex {
  private first: CsvFirstRows | null = null;
  private readonly starts = new OffsetList();
  private readonly errors = new RowList();
  private readonly ragged = new RowList();
  private readonly problems: CsvProblem[] = [];
  private file = '';

  /** Called by indexCsvFile. */
  begin(file: string, first: CsvFirstRows): void {
    this.file = file;
    this.first = first;
  }

  /** Called by indexCsvFile with each progress. */
  add(added: CsvIndexAdded): void {
    for (const start of added.rowStarts) this.starts.push(start);
    for (const row of added.errorRows) this.errors.push(row);
    for (const row of added.raggedRows) this.ragged.push(row);
    this.problems.push(...added.problems);
  }

  /** Rows whose end is known so far. */
  get rowCount(): number {
    return Math.max(0, this.starts.count - 1);
  }

  /** An index of the rows known so far (views of the live arrays), or null before the first rows. */
  snapshot(): CsvIndex | null {
    const first = this.first;
    if (!first) return null;
    const rowCount = this.rowCount;
    return {
      file: this.file,
      size: first.size,
      mtimeMs: first.mtimeMs,
      detection: first.detection,
      header: first.header,
      rowCount,
      rowStarts: this.starts.chunks,
      errorRows: this.errors.view(),
      raggedRows: this.ragged.view(),
      counts: { errorColumnRows: 0, sidecarRows: 0, raggedRows: this.ragged.length, quoteRows: 0, messages: 0 },
      problems: [...this.problems],
      problemCount: this.problems.length,
      groups: [],
      otherMessages: 0,
      sidecar: null,
      stopped: null,
      complete: false,
      ms: 0,
    };
  }
}

/** The buffers of an index, to transfer rather than copy. */
export function indexBuffers(index: CsvIndex): ArrayBuffer[] {
  return [...index.rowStarts.map((c) => c.buffer as ArrayBuffer), index.errorRows.buffer as ArrayBuffer, index.raggedRows.buffer as ArrayBuffer];
}

export interface IndexOptions {
  /** Rows in the first-rows message (default FIRST_ROWS). */
  firstRows?: number;
  /** Bytes per read (tests; default DEFAULT_CHUNK_BYTES). */
  chunkBytes?: number;
  /** The admin's choice of encoding, delimiter or header, instead of what is detected. */
  choice?: CsvChoice;
  /** Grows with the index, for rows to be read before the end (see LiveCsvIndex). */
  live?: LiveCsvIndex;
  /** At most one progress per this many milliseconds (default PROGRESS_EVERY_MS). */
  progressEveryMs?: number;
  onFirstRows?: (first: CsvFirstRows) => void;
  onProgress?: (progress: CsvProgress) => void;
  /** Cancels: the worker thread is terminated at once and the call rejects with the reason. */
  signal?: AbortSignal;
}

/** Builds the index of `file` in the csvIndex worker thread: what the service calls. */
export function indexCsvFile(setup: WorkerSetup, file: string, options: IndexOptions = {}): Promise<CsvIndex> {
  const input: CsvIndexInput = {
    file,
    ...(options.firstRows !== undefined ? { firstRows: options.firstRows } : {}),
    ...(options.chunkBytes !== undefined ? { chunkBytes: options.chunkBytes } : {}),
    ...(options.choice ? { choice: options.choice } : {}),
    ...(options.live ? { live: true } : {}),
    ...(options.progressEveryMs !== undefined ? { progressEveryMs: options.progressEveryMs } : {}),
  };
  return runWorker<CsvIndexInput, CsvIndex>(setup, 'csvIndex', input, {
    ...(options.signal ? { signal: options.signal } : {}),
    // Papaparse's rows die young: a young generation of 12 MB rather than V8's 48 takes about
    // 30 MB off the process while a 100 MB file is indexed, at no measurable cost in time.
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    onPartial: (data) => {
      const message = data as CsvIndexPartial;
      if (message.kind === 'first-rows') {
        const { kind: _k, ...first } = message;
        options.live?.begin(file, first);
        options.onFirstRows?.(first);
      } else {
        const { kind: _k, added, ...progress } = message;
        if (added) options.live?.add(added);
        options.onProgress?.(progress);
      }
    },
  });
}
