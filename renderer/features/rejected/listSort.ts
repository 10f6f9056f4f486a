// The order and the search of the rejected files list (pure: the list store and its tests use it).
import type { RejectedFileSummary } from '../../../shared/rejected';

export type SortColumn = 'name' | 'size' | 'modifiedAt' | 'rows' | 'errorRows' | 'importType';
export interface Sort {
  column: SortColumn;
  direction: 'asc' | 'desc';
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function sortValue(file: RejectedFileSummary, column: SortColumn): number | string | null {
  switch (column) {
    case 'name':
      return file.name;
    case 'size':
      return file.size;
    case 'modifiedAt':
      return Date.parse(file.modifiedAt);
    case 'rows':
      return file.scan?.rows ?? null;
    case 'errorRows':
      return file.scan?.errorRows ?? null;
    case 'importType':
      return file.scan?.importType ?? null;
  }
}

/** The files the search keeps, in the chosen order (files not indexed yet last, whatever the direction). */
export function shownFiles(files: readonly RejectedFileSummary[], sort: Sort, search: string): RejectedFileSummary[] {
  const needle = search.trim().toLocaleLowerCase();
  const kept = needle ? files.filter((f) => f.name.toLocaleLowerCase().includes(needle)) : [...files];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return kept.sort((a, b) => {
    const x = sortValue(a, sort.column);
    const y = sortValue(b, sort.column);
    if (x === null || y === null) return x === y ? collator.compare(a.name, b.name) : x === null ? 1 : -1;
    const order = typeof x === 'string' && typeof y === 'string' ? collator.compare(x, y) : (x as number) - (y as number);
    return order !== 0 ? sign * order : collator.compare(a.name, b.name);
  });
}
