// Messages a worker thread posts to the main thread (see run.ts), and the helpers a worker
// uses to post them. A worker receives `{ setup: WorkerSetup, input }` as workerData.
import { parentPort, workerData } from 'node:worker_threads';
import { VigieError, type ErrorCode, type FieldError } from '../../shared/errors';
import type { WorkerSetup } from '../ipc/context';

export type WorkerMessage<Output> =
  | { type: 'progress'; done: number; total: number }
  /** Part of the result, sent before the end (e.g. a batch of search matches). */
  | { type: 'partial'; data: unknown }
  | { type: 'done'; result: Output }
  | { type: 'error'; message: string; code?: ErrorCode; fields?: FieldError[] };

/** Runs `task` with this worker's data and posts its result or error; then the thread ends. */
export function serveTask<Input, Output>(
  task: (input: Input, setup: WorkerSetup, progress: (done: number, total: number) => void, partial: (data: unknown) => void) => Promise<Output> | Output,
): void {
  const port = parentPort;
  if (!port) throw new Error('this module runs as a worker thread');
  const { setup, input } = workerData as { setup: WorkerSetup; input: Input };
  const post = (message: WorkerMessage<Output>) => port.postMessage(message);
  Promise.resolve()
    .then(() =>
      task(
        input,
        setup,
        (done, total) => post({ type: 'progress', done, total }),
        (data) => post({ type: 'partial', data }),
      ),
    )
    .then(
      (result) => post({ type: 'done', result }),
      (error: unknown) =>
        post(
          error instanceof VigieError
            ? { type: 'error', message: error.message, code: error.code, ...(error.fields ? { fields: error.fields } : {}) }
            : { type: 'error', message: error instanceof Error ? error.message : String(error) },
        ),
    );
}
