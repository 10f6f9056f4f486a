// Fresh temp folders for tests that need real files (SQLite databases, data dirs), removed
// when the test file is done so that runs leave nothing behind in /tmp.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];

// Registered when a test file imports this module (hooks added later, from inside a running
// test, would be ignored): every folder made for that file goes once the file is done.
afterAll(removeTempDirs);

/** A new empty folder under the OS temp dir; removed after the current test file. */
export function makeTempDir(prefix = 'vigie-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
