// The viewer's filter as the admin sets it (levels, period, files, text, import errors), its
// translation into the shared LogFilter (applied here on the entries held, and by main to
// export "the filtered entries"), and its place in the address: #/logs?levels=ERROR&q=timeout
// opens the viewer filtered (the dashboard's error count links there).
import { LOG_LEVELS, logFilterPredicate, searchPattern, type LogFilter, type LogLevel } from '../../../shared/logs';

export interface ViewFilter {
  /** Levels shown; empty: every level. */
  levels: LogLevel[];
  /** With levels chosen: also the entries without a level. */
  noLevel: boolean;
  /** `datetime-local` values (the admin's zone), '' for no bound. */
  from: string;
  to: string;
  /** File keys shown; empty: every file. */
  files: string[];
  text: string;
  regex: boolean;
  caseSensitive: boolean;
  importErrorsOnly: boolean;
}

export const EMPTY_FILTER: ViewFilter = { levels: [], noLevel: false, from: '', to: '', files: [], text: '', regex: false, caseSensitive: false, importErrorsOnly: false };

/** A `datetime-local` value (local time) as an ISO instant, or undefined when empty or invalid. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** An ISO instant as a `datetime-local` value in the admin's zone ('' when invalid). */
export function isoToLocal(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** The filter as the shared predicate and logs.export take it. */
export function toLogFilter(view: ViewFilter, options: { withText?: boolean } = {}): LogFilter {
  const filter: LogFilter = { importErrorsOnly: view.importErrorsOnly, regex: view.regex, caseSensitive: view.caseSensitive };
  if (view.levels.length > 0) {
    filter.levels = [...view.levels];
    filter.includeUnleveled = view.noLevel;
  }
  const from = localToIso(view.from);
  const to = localToIso(view.to);
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (view.files.length > 0) filter.files = [...view.files];
  if (options.withText !== false && view.text !== '') filter.text = view.text;
  return filter;
}

export type CompiledFilter = {
  predicate: ReturnType<typeof logFilterPredicate>;
  /** What to highlight in messages (null: no text search, or an invalid one). */
  pattern: RegExp | null;
  /** The regular expression does not compile: the reason, shown under the search box. */
  regexError: string | null;
};

/** The predicate of a filter; an invalid regular expression filters on everything else and says why. */
export function compileFilter(view: ViewFilter): CompiledFilter {
  try {
    return { predicate: logFilterPredicate(toLogFilter(view)), pattern: searchPattern(view.text, view), regexError: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    return { predicate: logFilterPredicate(toLogFilter(view, { withText: false })), pattern: null, regexError: reason };
  }
}

export function isFiltering(view: ViewFilter): boolean {
  return view.levels.length > 0 || view.from !== '' || view.to !== '' || view.files.length > 0 || view.text !== '' || view.importErrorsOnly;
}

function listParam(params: URLSearchParams, name: string): string[] {
  return (params.get(name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const isLevel = (value: string): value is LogLevel => (LOG_LEVELS as readonly string[]).includes(value);

/**
 * The filter an address asks for: levels=ERROR,CRITICAL (and `none` for entries without a
 * level), q, regex=1, case=1, files=<key>,<key>, from and to (ISO instants), importErrors=1.
 * Null when the address names no filter (the viewer keeps the one it has).
 */
export function filterFromParams(params: URLSearchParams): ViewFilter | null {
  const names = ['levels', 'q', 'regex', 'case', 'files', 'from', 'to', 'importErrors'];
  if (!names.some((name) => params.has(name))) return null;
  const levels = listParam(params, 'levels').map((l) => l.toUpperCase());
  const from = params.get('from');
  const to = params.get('to');
  return {
    levels: levels.filter(isLevel),
    noLevel: levels.includes('NONE'),
    from: from ? isoToLocal(from) : '',
    to: to ? isoToLocal(to) : '',
    // File keys contain a slash and may contain commas: each is URI-encoded in the list.
    files: listParam(params, 'files').map((f) => {
      try {
        return decodeURIComponent(f);
      } catch {
        return f;
      }
    }),
    text: (params.get('q') ?? '').slice(0, 1000),
    regex: params.get('regex') === '1',
    caseSensitive: params.get('case') === '1',
    importErrorsOnly: params.get('importErrors') === '1',
  };
}

/** The address of the viewer with this filter (what filterFromParams reads back). */
export function filterHash(view: ViewFilter): string {
  const search = new URLSearchParams();
  if (view.levels.length) search.set('levels', [...view.levels, ...(view.noLevel ? ['none'] : [])].join(','));
  if (view.text) search.set('q', view.text);
  if (view.text && view.regex) search.set('regex', '1');
  if (view.text && view.caseSensitive) search.set('case', '1');
  if (view.files.length) search.set('files', view.files.map((f) => encodeURIComponent(f)).join(','));
  const from = localToIso(view.from);
  const to = localToIso(view.to);
  if (from) search.set('from', from);
  if (to) search.set('to', to);
  if (view.importErrorsOnly) search.set('importErrors', '1');
  const query = search.toString().replace(/%2C/g, ',');
  return query ? `#/logs?${query}` : '#/logs';
}
