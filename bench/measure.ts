// Timing helpers for the benchmarks: wall-clock figures from performance.now().

export interface Figure {
  /** Which benchmark: `router`, `audit`, `sign-in`, `cold start`, `security`. */
  benchmark: string;
  /** What was measured, in the admin's words. */
  figure: string;
  value: number;
  unit: string;
  /** The anchor this figure is compared with, and how many times it is (value / yardstick). */
  yardstick?: { name: string; value: number; unit: string };
  ratio?: number;
  note?: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Calls per second of `fn`, run back to back for about `ms` milliseconds after a warm-up. */
export async function callsPerSecond(fn: () => unknown, ms = 1000): Promise<number> {
  for (let i = 0; i < 50; i++) await fn();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 20; i++) await fn();
    calls += 20;
    elapsed = performance.now() - start;
  }
  return (calls * 1000) / elapsed;
}

/** Milliseconds taken by `fn`. */
export async function timed(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function round(value: number, digits = 3): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const factor = 10 ** Math.max(0, digits - 1 - magnitude);
  return Math.round(value * factor) / factor;
}
