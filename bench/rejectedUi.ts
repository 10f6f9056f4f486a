// Rejected-imports viewer in the real UI (issue 6): the generated 1,000,000-row, ~100 MB CSV of
// `rejected CSV` dropped in <dataDir>/rejected-imports, opened in Debian's Chromium driven by
// Playwright through the loopback bridge (the same path as the e2e tests: renderer, WebSocket,
// router, csvIndex worker thread in the bridge's process). Opened three times from the list
// (#/rejected?file=<name>), once the folder's own scan of the file is over. Figures: opening ->
// the first rows on screen (target <= 500 ms); opening -> the index done (the progress bar gone,
// 1,000,000 rows counted) against the same file indexed by the same worker without the UI; the
// longest task of the renderer while scrolling (PerformanceObserver 'longtask', buffered)
// through ~3 s of mouse wheel, Ctrl+End, the scrollbar dragged to the middle (the scroll
// position moved frame by frame, as a drag does), "Go to row", ~1.5 s of wheel again (target:
// no task over 50 ms), the frames drawn during the wheel (target 60 fps); the bridge process's
// peak RSS while indexing (VmRSS from /proc every 20 ms; it counts the worker thread; target
// <= 2x the file).
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { defaultWorkersDir, openBackend } from '../main/backend';
import { indexCsvFile } from '../main/imports/csv/background';
import { newSession } from '../main/ipc/session';
import type { BenchContext } from './context';
import { median, timed, type Figure } from './measure';
import { CSV_ROWS, writeRejectedCsv } from './rejectedCsv';
import { memorySecretStore } from './secrets';
import { BENCH_MANAGER, launchChromium, signInAsManager, startBridge, stopBridge } from './uiBridge';

const BENCH = 'rejected UI';
const FILE_NAME = 'accounts-rejected.csv';
const OPENS = 3;
const FIRST_ROWS_TARGET_MS = 500;
const LONG_TASK_MS = 50;
const FPS_TARGET = 60;
const WHEEL_MS = 3_000;
const WHEEL_AGAIN_MS = 1_500;
/** The page left alone, to count its frames. */
const IDLE_MS = 1_000;
/** Pixels per wheel event (a fast flick), one event every WHEEL_EVERY_MS. */
const WHEEL_DELTA = 300;
const WHEEL_EVERY_MS = 16;
/** Frames the simulated scrollbar drag lasts (about a second). */
const DRAG_FRAMES = 60;
const GO_TO_ROW = 750_000;
const RSS_EVERY_MS = 20;
const MB = 1e6;

/** What the page's scripts see (the Node side's tsconfig has no DOM types). */
interface El {
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}
interface Probe {
  longTasks: { start: number; duration: number }[];
  lastKey: number;
  frames: { counting: boolean; count: number; skeleton: number; first: number; last: number; maxGap: number };
  wait: { dom: number; frame: number };
  open: { t0: number; dom: number; frame: number; done: number };
  dragEnd: number;
}
interface PageGlobal {
  __rb: Probe;
  document: El & { body: El; addEventListener(type: string, listener: () => void, capture: boolean): void };
  location: { hash: string };
  requestAnimationFrame(fn: (time: number) => void): number;
  MutationObserver: new (callback: () => void) => { observe(target: El, options: object): void; disconnect(): void };
  PerformanceObserver: new (callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => { observe(options: object): void };
}

/** The data dir: migrations run, a Manager set up, the generated file in its rejected folder. */
async function prepareDataDir(ctx: BenchContext): Promise<{ dataDir: string; file: string }> {
  const dataDir = ctx.tempDir('rejected-ui-');
  const backend = openBackend({ dataDir, secrets: memorySecretStore(), log: () => undefined, sleep: async () => undefined });
  try {
    const setUp = await backend.router.call(newSession('bench'), 'auth.setup', BENCH_MANAGER);
    if (!setUp.ok) throw new Error(setUp.error.message);
  } finally {
    backend.close();
  }
  const folder = path.join(dataDir, 'rejected-imports');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, FILE_NAME);
  // Written before the bridge starts: its watcher never sees it half-written.
  await writeRejectedCsv(file, CSV_ROWS);
  return { dataDir, file };
}

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM); 0 when it cannot be read. */
function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the bridge's RSS until stopped; returns the peak. */
function rssSampler(pid: number): { stop(): number } {
  let peak = procStatus(pid, 'VmRSS');
  const timer = setInterval(() => (peak = Math.max(peak, procStatus(pid, 'VmRSS'))), RSS_EVERY_MS);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, procStatus(pid, 'VmRSS'));
    },
  };
}

/** In the page, once: long tasks (buffered: those before too), the last key pressed. */
function installProbe(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageGlobal;
    w.__rb = {
      longTasks: [],
      lastKey: 0,
      frames: { counting: false, count: 0, skeleton: 0, first: 0, last: 0, maxGap: 0 },
      wait: { dom: 0, frame: 0 },
      open: { t0: 0, dom: 0, frame: 0, done: 0 },
      dragEnd: 0,
    };
    new w.PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__rb.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    w.document.addEventListener('keydown', () => (w.__rb.lastKey = performance.now()), true);
  });
}

/** The list, the file on it scanned (its row count known). */
async function showList(page: Page): Promise<void> {
  await page.evaluate(() => ((globalThis as unknown as PageGlobal).location.hash = '#/rejected'));
  await page.getByTestId('rejected-page').waitFor();
  await page.getByTestId('rejected-file').filter({ hasText: FILE_NAME }).and(page.locator('[data-indexed="true"]')).waitFor({ timeout: 60_000 });
}

interface Opened {
  /** Hash set -> row 1 in the grid's DOM. */
  dom: number;
  /** Hash set -> the animation frame after that. */
  frame: number;
  /** Hash set -> the progress bar gone and every row counted. */
  done: number;
  peakRss: number;
}

/** Opens the viewer from the list as a link does (the hash), and waits for the index to finish. */
async function openViewer(page: Page, pid: number): Promise<Opened> {
  const rss = rssSampler(pid);
  let peakRss = 0;
  try {
    await page.evaluate(
      ({ name, rows }) => {
        const w = globalThis as unknown as PageGlobal;
        const o = (w.__rb.open = { t0: performance.now(), dom: 0, frame: 0, done: 0 });
        const check = () => {
          const d = w.document;
          if (!o.dom && d.querySelector('[data-testid="rejected-rows"] tr[data-row="1"]')) {
            o.dom = performance.now();
            w.requestAnimationFrame(() => (o.frame = performance.now()));
          }
          if (o.dom && !o.done && !d.querySelector('[data-testid="rejected-progress"]') && d.querySelector('[data-testid="rejected-fact-rows"]')?.getAttribute('data-value') === String(rows)) {
            o.done = performance.now();
            observer.disconnect();
          }
        };
        const observer = new w.MutationObserver(check);
        observer.observe(w.document.body, { subtree: true, childList: true, attributes: true });
        w.location.hash = `#/rejected?file=${encodeURIComponent(name)}`;
      },
      { name: FILE_NAME, rows: CSV_ROWS },
    );
    await page.waitForFunction(() => (globalThis as unknown as PageGlobal).__rb.open.done > 0 && (globalThis as unknown as PageGlobal).__rb.open.frame > 0, undefined, { timeout: 60_000, polling: 50 });
  } finally {
    peakRss = rss.stop();
  }
  const o = await page.evaluate(() => (globalThis as unknown as PageGlobal).__rb.open);
  return { dom: o.dom - o.t0, frame: o.frame - o.t0, done: o.done - o.t0, peakRss };
}

/** Arms a wait in the page: the time `selector` matches (grid rows drawn, no placeholder left), and the frame after. */
/**
 * Arms a wait for `selector` with every row loaded. `settled`: the state may already be reached
 * (rows completed before the arming, after a drag): then it counts from now.
 */
function armWait(page: Page, selector: string, settled = false): Promise<void> {
  return page.evaluate(([sel, now]) => {
    const w = globalThis as unknown as PageGlobal;
    const wait = (w.__rb.wait = { dom: 0, frame: 0 });
    const ready = () => w.document.querySelector(sel) !== null && w.document.querySelector('[data-testid="rejected-rows"] .rejected-row-loading') === null;
    const observer = new w.MutationObserver(() => {
      if (wait.dom || !ready()) return;
      wait.dom = performance.now();
      observer.disconnect();
      w.requestAnimationFrame(() => (wait.frame = performance.now()));
    });
    observer.observe(w.document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-row', 'class'] });
    if (now && ready()) {
      wait.dom = performance.now();
      observer.disconnect();
      w.requestAnimationFrame(() => (wait.frame = performance.now()));
    }
  }, [selector, settled] as const);
}

async function waited(page: Page): Promise<{ dom: number; frame: number }> {
  await page.waitForFunction(() => (globalThis as unknown as PageGlobal).__rb.wait.frame > 0, undefined, { timeout: 30_000, polling: 20 });
  return page.evaluate(() => (globalThis as unknown as PageGlobal).__rb.wait);
}

function startFrames(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageGlobal;
    const f = (w.__rb.frames = { counting: true, count: 0, skeleton: 0, first: performance.now(), last: performance.now(), maxGap: 0 });
    const tick = (time: number) => {
      if (!f.counting) return;
      f.count++;
      f.maxGap = Math.max(f.maxGap, time - f.last);
      f.last = time;
      if (w.document.querySelector('[data-testid="rejected-rows"] .rejected-row-loading')) f.skeleton++;
      w.requestAnimationFrame(tick);
    };
    w.requestAnimationFrame(tick);
  });
}

async function stopFrames(page: Page): Promise<{ count: number; ms: number; skeleton: number; maxGap: number }> {
  return page.evaluate(() => {
    const f = (globalThis as unknown as PageGlobal).__rb.frames;
    f.counting = false;
    return { count: f.count, ms: performance.now() - f.first, skeleton: f.skeleton, maxGap: f.maxGap };
  });
}

/** Wheel events over the grid for `ms` (a fast flick every WHEEL_EVERY_MS), down or up. */
async function wheelFor(page: Page, ms: number, direction: 1 | -1): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    await page.mouse.wheel(0, direction * WHEEL_DELTA);
    await page.waitForTimeout(WHEEL_EVERY_MS);
  }
}

const gridTop = (page: Page) => page.getByTestId('rejected-grid').evaluate((el) => (el as unknown as El).scrollTop);
const firstRowShown = async (page: Page) => Number(await page.getByTestId('rejected-rows').locator('tr[data-row]').first().getAttribute('data-row'));

interface Scrolled {
  idleFps: number;
  longTasks: { start: number; duration: number }[];
  wheelFrames: number;
  wheelMs: number;
  skeletonFrames: number;
  maxFrameGap: number;
  wheelRows: [number, number];
  ctrlEnd: number;
  dragSettle: number;
  dragTo: number;
  goTo: number;
}

/** Scrolls the open file every way an admin does; long tasks and frames meanwhile. */
async function scrollAround(page: Page): Promise<Scrolled> {
  const grid = page.getByTestId('rejected-grid');
  const box = (await grid.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // The frame rate of this page doing nothing (the yardstick's ceiling here: headless, no GPU).
  await startFrames(page);
  await page.waitForTimeout(IDLE_MS);
  const idle = await stopFrames(page);
  const start = await page.evaluate(() => performance.now());

  // The wheel, down, ~3 s.
  await startFrames(page);
  await wheelFor(page, WHEEL_MS, 1);
  const wheel1 = await stopFrames(page);
  const wheelRows: [number, number] = [await firstRowShown(page), 0];

  // Ctrl+End: the last row.
  await page.getByTestId('rejected-rows').focus();
  await armWait(page, `[data-testid="rejected-rows"] tr[data-row="${CSV_ROWS}"]`);
  await page.keyboard.press('Control+End');
  const end = await waited(page);
  const ctrlEnd = end.frame - (await page.evaluate(() => (globalThis as unknown as PageGlobal).__rb.lastKey));

  // The scrollbar dragged from the bottom to the middle: the scroll position moved at each frame.
  await armWait(page, '[data-testid="rejected-rows"] tr[data-row]');
  await page.evaluate(async (frames) => {
    const w = globalThis as unknown as PageGlobal;
    const el = w.document.querySelector('[data-testid="rejected-grid"]')!;
    const from = el.scrollTop;
    const to = (el.scrollHeight - el.clientHeight) / 2;
    for (let i = 1; i <= frames; i++) {
      await new Promise((resolve) => w.requestAnimationFrame(resolve));
      el.scrollTop = from + ((to - from) * i) / frames;
    }
    w.__rb.dragEnd = performance.now();
  }, DRAG_FRAMES);
  // Rows with their data everywhere in sight once the thumb is let go (the wait may have fired during the drag: armed again).
  const dragEnd = await page.evaluate(() => (globalThis as unknown as PageGlobal).__rb.dragEnd);
  await armWait(page, '[data-testid="rejected-rows"] tr[data-row]', true);
  const settled = await waited(page);
  const dragSettle = Math.max(0, settled.frame - dragEnd);
  const dragTo = await firstRowShown(page);

  // Go to a row.
  const field = page.getByTestId('rejected-goto');
  await field.fill(String(GO_TO_ROW));
  await armWait(page, `[data-testid="rejected-rows"] tr[data-row="${GO_TO_ROW}"]`);
  await field.press('Enter');
  const went = await waited(page);
  const goTo = went.frame - (await page.evaluate(() => (globalThis as unknown as PageGlobal).__rb.lastKey));

  // The wheel again, up from there, ~1.5 s.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await startFrames(page);
  await wheelFor(page, WHEEL_AGAIN_MS, -1);
  const wheel2 = await stopFrames(page);
  wheelRows[1] = await firstRowShown(page);
  // A frame for the last task to end and be reported.
  await page.evaluate(() => new Promise((resolve) => (globalThis as unknown as PageGlobal).requestAnimationFrame(resolve)));
  await page.waitForTimeout(100);
  const longTasks = await page.evaluate((from) => (globalThis as unknown as PageGlobal).__rb.longTasks.filter((t) => t.start >= from), start);
  if ((await gridTop(page)) <= 0) throw new Error('the grid did not scroll');
  return {
    idleFps: (idle.count * 1000) / idle.ms,
    longTasks,
    wheelFrames: wheel1.count + wheel2.count,
    wheelMs: wheel1.ms + wheel2.ms,
    skeletonFrames: wheel1.skeleton + wheel2.skeleton,
    maxFrameGap: Math.max(wheel1.maxGap, wheel2.maxGap),
    wheelRows,
    ctrlEnd,
    dragSettle,
    dragTo,
    goTo,
  };
}

export async function rejectedUiBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const generating = performance.now();
  const { dataDir, file } = await prepareDataDir(ctx);
  const size = statSync(file).size;
  ctx.log(`  wrote ${CSV_ROWS.toLocaleString('en')} rows, ${(size / MB).toFixed(1)} MB, in ${Math.round(performance.now() - generating)} ms`);
  // The yardstick of the index: the same file indexed in the same worker in this process, no UI.
  const bare: number[] = [];
  for (let i = 0; i < OPENS; i++) bare.push(await timed(() => indexCsvFile({ workersDir: defaultWorkersDir(), databaseFile: '' }, file, {})));
  const bareIndex = median(bare);
  const bridge = await startBridge(dataDir);
  const pid = bridge.process.pid!;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];
  try {
    const launched = await launchChromium();
    browser = launched.browser;
    const page = launched.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInAsManager(page, bridge.url);
    await page.getByTestId('nav-rejected').click();
    await installProbe(page);

    // The folder's scan of the new file (a full read) first: opening it then is alone on the CPU.
    const scanning = performance.now();
    await showList(page);
    ctx.log(`  the folder's scan of the file: ${((performance.now() - scanning) / 1000).toFixed(1)} s`);

    const baseRss = procStatus(pid, 'VmRSS');
    const opens: Opened[] = [];
    let openTasks: { start: number; duration: number }[] = [];
    for (let i = 0; i < OPENS; i++) {
      if (i > 0) await showList(page);
      const from = await page.evaluate(() => performance.now());
      opens.push(await openViewer(page, pid));
      const tasks = await page.evaluate((t) => (globalThis as unknown as PageGlobal).__rb.longTasks.filter((e) => e.start >= t), from);
      openTasks = openTasks.concat(tasks);
      const o = opens[i]!;
      const where = tasks.map((e) => `${e.duration.toFixed(0)} ms at +${(e.start - from).toFixed(0)} ms`).join(', ');
      ctx.log(`  open ${i + 1}: first rows on screen ${o.frame.toFixed(0)} ms (DOM ${o.dom.toFixed(0)} ms), index done ${o.done.toFixed(0)} ms, bridge peak RSS ${(o.peakRss / MB).toFixed(0)} MB, ${tasks.length} long tasks${where ? ` (${where})` : ''}`);
    }
    const scrolled = await scrollAround(page);
    const hwm = procStatus(pid, 'VmHWM');

    const firstRows = median(opens.map((o) => o.frame));
    const done = median(opens.map((o) => o.done));
    const peak = Math.max(...opens.map((o) => o.peakRss));
    const longest = scrolled.longTasks.reduce((m, t) => Math.max(m, t.duration), 0);
    const over = scrolled.longTasks.filter((t) => t.duration > LONG_TASK_MS).length;
    const fps = (scrolled.wheelFrames * 1000) / scrolled.wheelMs;
    const openLongest = openTasks.reduce((m, t) => Math.max(m, t.duration), 0);
    if (process.env.VIGIE_BENCH_DETAIL === '1') for (const t of scrolled.longTasks) ctx.log(`  long task while scrolling: ${t.duration.toFixed(0)} ms at ${t.start.toFixed(0)} ms`);
    const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
    return [
      {
        benchmark: BENCH,
        figure: `open -> first rows on screen (${(size / MB).toFixed(0)} MB, ${CSV_ROWS.toLocaleString('en')} rows; median of ${OPENS})`,
        value: firstRows,
        unit: 'ms',
        yardstick: { name: 'target', value: FIRST_ROWS_TARGET_MS, unit: 'ms' },
        ratio: firstRows / FIRST_ROWS_TARGET_MS,
        note: `each open: ${opens.map((o) => `${o.frame.toFixed(0)} ms (DOM ${o.dom.toFixed(0)})`).join(', ')}; the hash set on the list -> row 1 in the grid -> the next frame; Chromium + bridge (WebSocket) + router + csvIndex worker`,
      },
      {
        benchmark: BENCH,
        figure: `open -> index done, progress gone (median of ${OPENS})`,
        value: done,
        unit: 'ms',
        yardstick: { name: 'the same index without the UI (csvIndex worker in this process)', value: bareIndex, unit: 'ms' },
        ratio: done / bareIndex,
        note: `each open: ${opens.map((o) => `${o.done.toFixed(0)} ms`).join(', ')}; ${(size / MB / (done / 1000)).toFixed(0)} MB/s; long tasks in the renderer while opening and indexing: ${openTasks.length}, the longest ${openLongest.toFixed(0)} ms`,
      },
      {
        benchmark: BENCH,
        figure: `longest task in the renderer while scrolling (target: none over ${LONG_TASK_MS} ms)`,
        value: longest,
        unit: 'ms',
        yardstick: { name: 'target', value: LONG_TASK_MS, unit: 'ms' },
        ratio: longest / LONG_TASK_MS,
        note: `${scrolled.longTasks.length} long tasks: ${over} over ${LONG_TASK_MS} ms; wheel ${(WHEEL_MS / 1000).toFixed(1)} s down (to row ${scrolled.wheelRows[0].toLocaleString('en')}), Ctrl+End ${scrolled.ctrlEnd.toFixed(0)} ms to the last row on screen, scrollbar dragged to the middle (row ${scrolled.dragTo.toLocaleString('en')}: all rows drawn ${scrolled.dragSettle.toFixed(0)} ms after letting go), Go to row ${GO_TO_ROW.toLocaleString('en')} ${scrolled.goTo.toFixed(0)} ms, wheel ${(WHEEL_AGAIN_MS / 1000).toFixed(1)} s up (to row ${scrolled.wheelRows[1].toLocaleString('en')})`,
      },
      { benchmark: BENCH, figure: `  long tasks over ${LONG_TASK_MS} ms while scrolling`, value: over, unit: 'tasks', yardstick: { name: 'target', value: 0, unit: 'tasks' } },
      {
        benchmark: BENCH,
        figure: '  frames while wheel scrolling',
        value: fps,
        unit: 'fps',
        yardstick: { name: 'target', value: FPS_TARGET, unit: 'fps' },
        ratio: fps / FPS_TARGET,
        note: `${scrolled.wheelFrames} requestAnimationFrame callbacks in ${(scrolled.wheelMs / 1000).toFixed(1)} s; longest gap between two ${scrolled.maxFrameGap.toFixed(0)} ms; the same page left alone: ${scrolled.idleFps.toFixed(1)} fps; ${scrolled.skeletonFrames} frames showed placeholder rows (not read yet); headless, no GPU`,
      },
      {
        benchmark: BENCH,
        figure: 'peak RSS of the bridge process while indexing (target <= 2x the file)',
        value: peak / MB,
        unit: 'MB',
        yardstick: { name: 'file size', value: size / MB, unit: 'MB' },
        ratio: peak / size,
        note: `VmRSS every ${RSS_EVERY_MS} ms (the worker thread included): ${mb(baseRss)} before the first open, each open's peak ${opens.map((o) => mb(o.peakRss)).join(', ')}; VmHWM over the process's life (the folder's scan included) ${mb(hwm)}${pageErrors.length ? `; page errors: ${pageErrors.join(' | ')}` : ''}`,
      },
    ];
  } finally {
    await browser?.close();
    await stopBridge(bridge.process);
  }
}
