// The CSV index worker thread: builds the index of one rejected-imports file
// (main/imports/csv/indexer.ts) off the main process's event loop. It posts the first rows as
// soon as they are parsed, then progress, then the index, whose typed arrays are transferred
// (moved, not copied) to the main thread. It speaks protocol.ts's messages itself rather than
// through serveTask, which cannot pass a transfer list. Cancelling terminates the thread
// (runWorker's `signal`).
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { VigieError } from '../../shared/errors';
import { indexBuffers, type CsvIndexInput, type CsvIndexPartial } from '../imports/csv/background';
import { buildCsvIndex, type CsvIndex } from '../imports/csv/indexer';
import type { WorkerMessage } from './protocol';

export type { CsvIndexInput, CsvIndexPartial } from '../imports/csv/background';

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('this module runs as a worker thread');
  const { input } = workerData as { input: CsvIndexInput };
  const post = (message: WorkerMessage<CsvIndex>, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const partial = (data: CsvIndexPartial) => post({ type: 'partial', data });
  buildCsvIndex(input.file, {
    ...(input.firstRows !== undefined ? { firstRows: input.firstRows } : {}),
    ...(input.chunkBytes !== undefined ? { chunkBytes: input.chunkBytes } : {}),
    ...(input.choice ? { choice: input.choice } : {}),
    ...(input.live ? { live: true } : {}),
    ...(input.progressEveryMs !== undefined ? { progressEveryMs: input.progressEveryMs } : {}),
    onFirstRows: (first) => partial({ kind: 'first-rows', ...first }),
    onProgress: (progress) =>
      post({ type: 'partial', data: { kind: 'progress', ...progress } satisfies CsvIndexPartial }, progress.added ? [progress.added.rowStarts.buffer as ArrayBuffer, progress.added.errorRows.buffer as ArrayBuffer, progress.added.raggedRows.buffer as ArrayBuffer] : []),
  }).then(
    (index) => post({ type: 'done', result: index }, indexBuffers(index)),
    (error: unknown) =>
      post(
        error instanceof VigieError
          ? { type: 'error', message: error.message, code: error.code, ...(error.fields ? { fields: error.fields } : {}) }
          : { type: 'error', message: error instanceof Error ? error.message : String(error) },
      ),
  );
}

if (!isMainThread) serve();
