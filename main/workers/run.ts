// Runs a bundled worker thread (out/workers/<name>.cjs) for one task and answers its result.
// Workers post { type: 'progress' | 'partial' | 'done' | 'error' } messages (protocol.ts); a crash or an
// exit without an answer rejects, so a failing worker never leaves a call hanging.
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { VigieError } from '../../shared/errors';
import type { WorkerSetup } from '../ipc/context';
import type { WorkerMessage } from './protocol';

export interface RunOptions {
  onProgress?: (done: number, total: number) => void;
  /** Parts of the result the worker sends before its end ('partial' messages), in order. */
  onPartial?: (data: unknown) => void;
  /**
   * Cancels: the worker thread is terminated at once (even in the middle of a long synchronous
   * step, such as a regex that backtracks for ever) and the call rejects with `signal.reason`.
   */
  signal?: AbortSignal;
  /** The thread's heap limits (a smaller young generation keeps a streaming worker's memory down). */
  resourceLimits?: ResourceLimits;
}

export function runWorker<Input, Output>(setup: WorkerSetup, name: string, input: Input, options: RunOptions = {}): Promise<Output> {
  return new Promise<Output>((resolve, reject) => {
    let settled = false;
    const signal = options.signal;
    const onAbort = () => settle(() => {
      void worker.terminate();
      reject(signal!.reason);
    });
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let worker: Worker;
    try {
      worker = new Worker(path.join(setup.workersDir, `${name}.cjs`), { workerData: { setup, input }, ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}) });
    } catch (error) {
      reject(error);
      return;
    }
    worker.on('message', (message: WorkerMessage<Output>) => {
      if (settled) return;
      if (message.type === 'progress') options.onProgress?.(message.done, message.total);
      else if (message.type === 'partial') options.onPartial?.(message.data);
      else if (message.type === 'done') settle(() => resolve(message.result));
      else settle(() => reject(message.code ? new VigieError(message.code, message.message, message.fields) : new Error(message.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`worker ${name} stopped (exit ${code}) without an answer`))));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
