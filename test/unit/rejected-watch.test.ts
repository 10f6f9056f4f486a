// The rejected-imports folder watcher (main/watch/rejectedFolder.ts) on real folders with real
// chokidar: complete files only (awaitWriteFinish), dotfiles, archive/ and links leading out
// ignored, a missing folder reported and picked up once it appears, polling.
import { appendFileSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchRejectedFolder, type RejectedFileEvent, type RejectedFolderStatus, type RejectedFolderWatcher } from '../../main/watch/rejectedFolder';
import { makeTempDir } from '../support/tempDir';

let watcher: RejectedFolderWatcher | null = null;
afterEach(async () => {
  await watcher?.close();
  watcher = null;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Seen {
  events: { event: RejectedFileEvent; name: string; at: number }[];
  folders: RejectedFolderStatus[];
}

function watch(folder: string, options: { polling?: boolean; recheckMs?: number } = {}): Seen {
  const seen: Seen = { events: [], folders: [] };
  watcher = watchRejectedFolder({
    folder,
    polling: options.polling ?? false,
    pollIntervalMs: 100,
    recheckMs: options.recheckMs ?? 500,
    onFile: (event, name) => seen.events.push({ event, name, at: performance.now() }),
    onFolder: (status) => seen.folders.push(status),
  });
  return seen;
}

async function until(test: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!test()) {
    if (performance.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

describe('watchRejectedFolder', () => {
  it('lists the complete files already there, without dotfiles, subfolders or links leading out', async () => {
    const folder = makeTempDir();
    writeFileSync(path.join(folder, 'a.csv'), 'a;b\n1;2\n');
    writeFileSync(path.join(folder, '.a.csv.1234.tmp'), 'half');
    mkdirSync(path.join(folder, 'archive'));
    writeFileSync(path.join(folder, 'archive', 'old.csv'), 'x\n');
    const outside = path.join(makeTempDir(), 'secret.csv');
    writeFileSync(outside, 'password\n');
    symlinkSync(outside, path.join(folder, 'out.csv'));
    symlinkSync(path.join(folder, 'a.csv'), path.join(folder, 'link-in.csv'));
    // Old enough for the first listing to take them at once.
    await sleep(700);
    watch(folder);
    await watcher!.ready();
    expect(watcher!.status()).toEqual({ path: folder, ok: true });
    expect(watcher!.names().sort()).toEqual(['a.csv', 'link-in.csv']);
  });

  it('reports a file once it is written completely, then its changes and its removal', async () => {
    const folder = makeTempDir();
    const seen = watch(folder);
    await watcher!.ready();
    const file = path.join(folder, 'big.csv');
    const started = performance.now();
    writeFileSync(file, 'a;b\n');
    // Still being written: chunks every 100 ms for 600 ms.
    for (let i = 0; i < 6; i++) {
      await sleep(100);
      appendFileSync(file, `${i};x\n`);
    }
    const lastWrite = performance.now();
    expect(seen.events.filter((e) => e.name === 'big.csv')).toEqual([]);
    await until(() => seen.events.some((e) => e.name === 'big.csv'));
    const added = seen.events.find((e) => e.name === 'big.csv')!;
    expect(added.event).toBe('add');
    // Not before the last write had settled, and within a second of it.
    expect(added.at - lastWrite).toBeGreaterThanOrEqual(250);
    expect(added.at - lastWrite).toBeLessThan(1000);
    expect(added.at - started).toBeGreaterThan(600);
    expect(watcher!.names()).toEqual(['big.csv']);

    appendFileSync(file, '9;y\n');
    await until(() => seen.events.some((e) => e.name === 'big.csv' && e.event === 'change'));
    rmSync(file);
    await until(() => seen.events.some((e) => e.name === 'big.csv' && e.event === 'unlink'));
    expect(watcher!.names()).toEqual([]);

    // A dotfile renamed to its name (how the accounts import writes): listed under the name only.
    writeFileSync(path.join(folder, '.next.csv.tmp'), 'a\n1\n');
    renameSync(path.join(folder, '.next.csv.tmp'), path.join(folder, 'next.csv'));
    await until(() => seen.events.some((e) => e.name === 'next.csv' && e.event === 'add'));
    expect(seen.events.some((e) => e.name.startsWith('.'))).toBe(false);
  });

  it('reports a missing folder, then watches it once it appears', async () => {
    const parent = makeTempDir();
    const folder = path.join(parent, 'rejected');
    const seen = watch(folder, { recheckMs: 200 });
    await watcher!.ready();
    expect(watcher!.status()).toMatchObject({ ok: false, problem: { code: 'FOLDER_MISSING' } });
    mkdirSync(folder);
    await until(() => watcher!.status().ok);
    writeFileSync(path.join(folder, 'late.csv'), 'a\n1\n');
    await until(() => watcher!.names().includes('late.csv'));
    // Removed while watched: its files go with it.
    rmSync(folder, { recursive: true });
    await until(() => !watcher!.status().ok);
    expect(watcher!.names()).toEqual([]);
    expect(seen.events.map((e) => `${e.event} ${e.name}`)).toEqual(['add late.csv', 'unlink late.csv']);
    expect(seen.folders.map((f) => f.ok)).toEqual([false, true, false]);

    // A file where the folder should be.
    writeFileSync(folder, 'not a folder');
    await until(() => watcher!.status().problem?.code === 'NOT_A_FOLDER');
  });

  it('polls when asked (network shares)', async () => {
    const folder = makeTempDir();
    const seen = watch(folder, { polling: true, recheckMs: 60_000 });
    await watcher!.ready();
    const at = performance.now();
    writeFileSync(path.join(folder, 'polled.csv'), 'a\n1\n');
    await until(() => seen.events.some((e) => e.name === 'polled.csv'));
    expect(seen.events[0]!.at - at).toBeLessThan(1000);
  });
});
