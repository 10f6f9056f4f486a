// The rows of an open file, held by windows of WINDOW rows as the admin scrolls: a window is
// asked once (rejected.rows), kept while it is among the last `maxWindows` used (few: those
// near the view; a large cache is a large heap for the garbage collector), and asked again
// only when what main knows changed since (the epoch: the index finished, log errors arrived);
// meanwhile the rows held stay on screen. At most
// MAX_IN_FLIGHT requests at a time: while the scrollbar is dragged through a million rows, only
// the windows still in sight when a request ends are asked next (none of those passed by).
import type { RejectedRow } from '../../../shared/rejected';

export const WINDOW = 200;
/** Windows kept by default: 2,000 rows, what a few screens around the view need. */
export const MAX_WINDOWS = 10;
const MAX_IN_FLIGHT = 2;

interface Held {
  rows: RejectedRow[];
  /** The epoch the rows were read in. */
  epoch: number;
  /** Last use, for forgetting the oldest. */
  used: number;
}

export type FetchWindow = (from: number, count: number) => Promise<{ rows: RejectedRow[]; total: number } | null>;

export class RowWindows {
  private readonly held = new Map<number, Held>();
  private readonly inFlight = new Set<number>();
  /** Windows that could not be read: not asked again until retry(). */
  private readonly failed = new Set<number>();
  private wanted: number[] = [];
  private clock = 0;
  private closed = false;

  /**
   * @param fetch reads one window (null: failed; the caller says why)
   * @param onChange the rows held changed: draw again
   * @param epoch changes when rows read before may read differently now
   * @param maxWindows windows kept at most (the least recently used go first)
   */
  constructor(
    private readonly fetch: FetchWindow,
    private readonly onChange: () => void,
    private readonly epoch: () => number,
    private readonly maxWindows = MAX_WINDOWS,
  ) {}

  /** The first rows given by rejected.open, shown before anything is asked. */
  seed(rows: RejectedRow[]): void {
    if (rows.length) this.held.set(0, { rows: rows.slice(0, WINDOW), epoch: this.epoch(), used: ++this.clock });
  }

  row(index: number): RejectedRow | undefined {
    const held = this.held.get(Math.floor(index / WINDOW));
    return held?.rows[index % WINDOW];
  }

  /** Every row held (to find a row by its number without asking). */
  *all(): Iterable<[number, RejectedRow]> {
    for (const [w, held] of this.held) for (let i = 0; i < held.rows.length; i++) yield [w * WINDOW + i, held.rows[i]!];
  }

  /** Rows [from, to) are in sight: ask for the windows missing or grown since. */
  need(from: number, to: number): void {
    if (this.closed || to <= from) return;
    const first = Math.floor(from / WINDOW);
    const last = Math.floor((to - 1) / WINDOW);
    const missing: number[] = [];
    for (let w = first; w <= last; w++) {
      const held = this.held.get(w);
      if (held) held.used = ++this.clock;
      if (this.inFlight.has(w) || this.failed.has(w)) continue;
      if (!held || held.epoch !== this.epoch()) missing.push(w);
    }
    this.wanted = missing;
    this.pump();
  }

  /** Windows that failed may be asked again (the admin pressed "Try again"). */
  retry(): void {
    this.failed.clear();
    this.onChange();
  }

  close(): void {
    this.closed = true;
    this.held.clear();
    this.wanted = [];
  }

  private pump(): void {
    while (!this.closed && this.inFlight.size < MAX_IN_FLIGHT && this.wanted.length) {
      const w = this.wanted.shift()!;
      if (this.inFlight.has(w)) continue;
      this.inFlight.add(w);
      const epoch = this.epoch();
      void this.fetch(w * WINDOW, WINDOW).then((page) => {
        this.inFlight.delete(w);
        if (this.closed) return;
        if (page) {
          this.held.set(w, { rows: page.rows, epoch, used: ++this.clock });
          this.forgetOldest();
          this.onChange();
        } else this.failed.add(w);
        this.pump();
      });
    }
  }

  private forgetOldest(): void {
    if (this.held.size <= this.maxWindows) return;
    const byUse = [...this.held.entries()].sort((a, b) => a[1].used - b[1].used);
    for (const [w] of byUse.slice(0, this.held.size - this.maxWindows)) this.held.delete(w);
  }
}
