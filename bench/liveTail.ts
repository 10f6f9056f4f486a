// Live tail: the delay from a line written to a watched log (appendFile) to (a) the monitor's
// onChange, which becomes the `logs.changed` push event, and (b) the entry being returned by
// tail(), which the viewer asks for on that event. 100 writes spaced 20–50 ms (each waits for
// its entry first), with OS notifications and with polling (300 ms, for network shares).
// Target: median under 1 s (the "new lines appear within one second").
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLogMonitor } from '../main/logs/liveTail';
import type { BenchContext } from './context';
import { median, type Figure } from './measure';

const WRITES = 100;
const TARGET_MS = 1000;
/** A write whose entry has not come after this long counts as this long. */
const GIVE_UP_MS = 5000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

/** Delays (ms) from each write to the next onChange and to its entry in tail(). */
async function measure(dir: string, polling: boolean): Promise<{ change: number[]; entry: number[]; lost: number }> {
  const file = path.join(dir, 'odoo.log');
  const line = (i: number): string => `2026-06-19 10:00:01,123 4242 INFO db odoo.addons.bench: write ${i}\n`;
  await writeFile(file, line(-1));
  let wake: (() => void) | null = null;
  let changedAt = 0;
  const monitor = createLogMonitor({
    config: { folders: [dir], patterns: ['*.log'], polling, fileOptions: () => ({}) },
    onChange: () => {
      changedAt = performance.now();
      wake?.();
    },
  });
  const change: number[] = [];
  const entry: number[] = [];
  let lost = 0;
  try {
    await monitor.ready();
    let cursor = monitor.cursor();
    for (let i = 0; i < WRITES; i++) {
      const writtenAt = performance.now();
      changedAt = 0;
      await appendFile(file, line(i));
      let firstChange = 0;
      let found = 0;
      // The entry may be seen (tail() is asked every 100 ms too) just before its onChange comes.
      while (!(found && firstChange) && performance.now() - writtenAt < GIVE_UP_MS) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
        wake = null;
        if (changedAt && !firstChange) firstChange = changedAt;
        const batch = monitor.tail(cursor);
        cursor = batch.cursor;
        if (!found && batch.entries.some((e) => e.message === `write ${i}`)) found = performance.now();
      }
      if (!found) lost++;
      change.push((firstChange || writtenAt + GIVE_UP_MS) - writtenAt);
      entry.push((found || writtenAt + GIVE_UP_MS) - writtenAt);
      await sleep(20 + ((i * 7) % 31));
    }
  } finally {
    await monitor.close();
  }
  return { change, entry, lost };
}

export async function liveTailBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const polling of [false, true]) {
    const mode = polling ? 'polling every 300 ms' : 'OS notifications';
    const { change, entry, lost } = await measure(ctx.tempDir('live-tail-'), polling);
    ctx.log(`  ${mode}: ${WRITES} writes, ${lost} not delivered within ${GIVE_UP_MS} ms`);
    const target = { name: 'target', value: TARGET_MS, unit: 'ms' };
    for (const [what, values] of [
      ['write to onChange (logs.changed)', change],
      ['write to entry returned by tail()', entry],
    ] as const) {
      const med = median(values);
      const high = p95(values);
      figures.push(
        { benchmark: 'live tail', figure: `${what}, ${mode}, median of ${WRITES}`, value: med, unit: 'ms', yardstick: target, ratio: med / TARGET_MS },
        { benchmark: 'live tail', figure: `${what}, ${mode}, p95 of ${WRITES}`, value: high, unit: 'ms', yardstick: target, ratio: high / TARGET_MS },
      );
    }
    if (lost) figures[figures.length - 1]!.note = `${lost} writes not delivered within ${GIVE_UP_MS} ms (counted as ${GIVE_UP_MS} ms)`;
  }
  return figures;
}
