// What every benchmark gets: temp folders that are removed at the end, and a log line.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchContext {
  tempDir(prefix: string): string;
  log(message: string): void;
  /** Data shared between benchmarks (the 100,000-record trail is built once). */
  shared: Map<string, unknown>;
}

export function createBenchContext(log: (message: string) => void): BenchContext & { cleanUp(): void } {
  const dirs: string[] = [];
  return {
    shared: new Map(),
    log,
    tempDir(prefix) {
      const dir = mkdtempSync(path.join(os.tmpdir(), `vigie-bench-${prefix}`));
      dirs.push(dir);
      return dir;
    },
    cleanUp() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
