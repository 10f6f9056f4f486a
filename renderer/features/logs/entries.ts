// The entries the viewer holds, in time order. Entries come from the last-entries read and then
// from the live tail, which also sends again an entry that grew (a stack trace still being
// written): entries are kept by id, and a later copy replaces the earlier one.
//
// Order: by time; an entry without a timestamp (a raw line, a continuation the format could not
// attach) takes the time of the entry before it in the same file, so it stays right after it.
// Ties: file, generation (rotations), byte offset — the order they were written in.
import type { LogEntryView } from '../../../shared/logs';

/** An entry with the instant it sorts at and its file generation (from its id). */
export type HeldEntry = LogEntryView & { at: number; gen: number };

/** At most this many entries in memory: beyond it the oldest go. */
export const MAX_HELD_ENTRIES = 200_000;

export function generationOf(id: string): number {
  const match = /#(\d+):\d+$/.exec(id);
  return match ? Number(match[1]) : 0;
}

export function compareHeld(a: HeldEntry, b: HeldEntry): number {
  return a.at - b.at || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.gen - b.gen || a.offset - b.offset;
}

function timeOf(entry: LogEntryView): number | null {
  if (!entry.timestamp) return null;
  const at = Date.parse(entry.timestamp);
  return Number.isNaN(at) ? null : at;
}

/** The last entry seen of each file generation: where a time-less entry that follows takes its time from. */
type LastSeen = Map<string, { offset: number; at: number }>;

export class EntryBook {
  private byId = new Map<string, HeldEntry>();
  private last: LastSeen = new Map();
  /** Sorted, oldest first. A new array after each change (React compares by reference). */
  list: HeldEntry[] = [];

  constructor(private readonly cap = MAX_HELD_ENTRIES) {}

  get size(): number {
    return this.list.length;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): HeldEntry | undefined {
    return this.byId.get(id);
  }

  /**
   * Replaces everything with a fresh read. `fallback(fileKey)` gives the time of a file whose
   * entries have no timestamp at all (its modification time), so they sit where it was written.
   */
  reset(entries: readonly LogEntryView[], fallback: (file: string) => number): void {
    this.byId.clear();
    this.last.clear();
    // Per file generation, in file order: carry each time forward to the time-less entries.
    const groups = new Map<string, LogEntryView[]>();
    for (const entry of entries) {
      const key = `${entry.file}#${generationOf(entry.id)}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push(entry);
    }
    const held: HeldEntry[] = [];
    for (const [key, group] of groups) {
      group.sort((a, b) => a.offset - b.offset);
      // Leading time-less entries take the first time that follows them.
      let carried: number | null = null;
      for (const entry of group) {
        carried = timeOf(entry);
        if (carried !== null) break;
      }
      let at = carried ?? fallback(group[0]!.file);
      for (const entry of group) {
        at = timeOf(entry) ?? at;
        const h: HeldEntry = { ...entry, at, gen: generationOf(entry.id) };
        if (!this.byId.has(h.id)) held.push(h);
        this.byId.set(h.id, h);
      }
      const tail = group[group.length - 1]!;
      this.last.set(key, { offset: tail.offset, at });
    }
    held.sort(compareHeld);
    this.list = held;
    this.trim();
  }

  /**
   * Adds the tail's entries (in file order) and replaces those seen before. Returns how the list
   * changed: 'appended' when every new entry went after the previous last one and nothing was
   * replaced (the view can filter just the new ones), 'changed' otherwise, 'none' when empty.
   */
  upsert(entries: readonly LogEntryView[], now = Date.now()): { kind: 'none' } | { kind: 'appended'; added: HeldEntry[] } | { kind: 'changed' } {
    if (entries.length === 0) return { kind: 'none' };
    const added: HeldEntry[] = [];
    let replaced = false;
    let reorder = false;
    let list = this.list;
    for (const entry of entries) {
      const gen = generationOf(entry.id);
      const groupKey = `${entry.file}#${gen}`;
      const previous = this.byId.get(entry.id);
      if (previous) {
        const at = timeOf(entry) ?? previous.at;
        const next: HeldEntry = { ...entry, at, gen };
        this.byId.set(entry.id, next);
        // Sent twice in this batch: still a new entry.
        const fresh = added.indexOf(previous);
        if (fresh >= 0) {
          added[fresh] = next;
          continue;
        }
        if (at !== previous.at) reorder = true;
        if (!replaced) list = list.slice();
        replaced = true;
        const index = indexFromEnd(list, previous);
        if (index >= 0) list[index] = next;
        continue;
      }
      const last = this.last.get(groupKey);
      const at = timeOf(entry) ?? (last && last.offset < entry.offset ? last.at : null) ?? now;
      const h: HeldEntry = { ...entry, at, gen };
      this.byId.set(h.id, h);
      added.push(h);
      if (!last || last.offset <= entry.offset) this.last.set(groupKey, { offset: entry.offset, at });
    }
    added.sort(compareHeld);
    const tail = list[list.length - 1];
    if (added.length > 0 && tail && compareHeld(tail, added[0]!) > 0) reorder = true;
    list = added.length > 0 ? list.concat(added) : list;
    if (reorder) list.sort(compareHeld);
    this.list = list;
    const dropped = this.trim();
    if (!replaced && !reorder && dropped === 0) return added.length ? { kind: 'appended', added } : { kind: 'none' };
    return { kind: 'changed' };
  }

  /** Drops the oldest entries beyond the cap; returns how many. */
  private trim(): number {
    const excess = this.list.length - this.cap;
    if (excess <= 0) return 0;
    for (let i = 0; i < excess; i++) this.byId.delete(this.list[i]!.id);
    this.list = this.list.slice(excess);
    return excess;
  }
}

/** The position of `entry` (same object), searched from the end where the tail's entries are. */
function indexFromEnd(list: readonly HeldEntry[], entry: HeldEntry): number {
  for (let i = list.length - 1; i >= 0; i--) if (list[i] === entry) return i;
  return -1;
}
