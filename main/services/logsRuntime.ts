// What the Logs area keeps between calls, for the whole backend: the log monitor (started at the
// first call, restarted when the settings change) and the searches running in workers.
// TO BE COMPLETED (helper SVC).
import type { EventName, EventPayload } from '../../shared/contract';
import { VigieError } from '../../shared/errors';
import type { LogMonitor, MonitorConfig } from '../logs/monitor';

export interface LogsRuntime {
  /** The monitor, started with `config()` on first use. */
  monitor(config: () => MonitorConfig): Promise<LogMonitor>;
  close(): Promise<void>;
}

/** Cheap: nothing starts until the first call of the Logs area. */
export function createLogsRuntime(_options: { emit<E extends EventName>(event: E, payload: EventPayload<E>): void }): LogsRuntime {
  return {
    monitor: () => Promise.reject(new VigieError('UNAVAILABLE', 'not written yet')),
    close: async () => undefined,
  };
}
