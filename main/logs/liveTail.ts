// createLogMonitor: TO BE WRITTEN (helper MON). See ./monitor.ts for the contract.
import type { LogMonitor, MonitorConfig, MonitorEvents } from './monitor';

export interface LogMonitorOptions extends MonitorEvents {
  config: MonitorConfig;
}

export function createLogMonitor(_options: LogMonitorOptions): LogMonitor {
  throw new Error('not written yet');
}
