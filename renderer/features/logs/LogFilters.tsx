// The viewer's filter bar: text or regular-expression search (case toggle), levels, period,
// files and "import errors only". Everything filters the entries already loaded, at once.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOG_LEVELS, type LogFileView } from '../../../shared/logs';
import { Popover } from '../../ui/Popover';
import { ChevronIcon } from '../../ui/icons';
import { SearchIcon } from './icons';
import { useLogs } from './store';

/** Typing waits for a short pause before filtering 100,000 entries again. */
const TYPING_DELAY_MS = 140;

export function LogFilters() {
  const { t } = useTranslation();
  const id = useId();
  const filter = useLogs((s) => s.filter);
  const setFilter = useLogs((s) => s.setFilter);
  const files = useLogs((s) => s.overview?.files ?? null);
  const regexError = useLogs((s) => s.compiled.regexError);

  return (
    <form className="filters logs-filters" role="search" aria-label={t('logsUi.filters.label')} data-testid="logs-filters" onSubmit={(e) => e.preventDefault()}>
      <div className="logs-filters-row">
        <SearchField
          id={`${id}-q`}
          label={t('logsUi.filters.search')}
          placeholder={t('logsUi.filters.searchPlaceholder')}
          value={filter.text}
          regex={filter.regex}
          caseSensitive={filter.caseSensitive}
          error={regexError}
          testId="logs-search"
          onChange={(text) => setFilter({ text })}
          onRegex={(regex) => setFilter({ regex })}
          onCase={(caseSensitive) => setFilter({ caseSensitive })}
        />
        <div className="filter">
          <span className="filter-label" aria-hidden="true">
            {t('logsUi.filters.files')}
          </span>
          <FilePicker files={(files ?? []).filter((f) => !f.compressed)} chosen={filter.files} onChange={(chosen) => setFilter({ files: chosen })} testId="logs-files" />
        </div>
        <fieldset className="filter filter-period">
          <legend>{t('logsUi.filters.period')}</legend>
          <div className="filter-period-inputs">
            <label className="visually-hidden" htmlFor={`${id}-from`}>
              {t('logsUi.filters.from')}
            </label>
            <input id={`${id}-from`} type="datetime-local" step={1} data-testid="logs-from" value={filter.from} max={filter.to || undefined} onChange={(e) => setFilter({ from: e.target.value })} />
            <span className="filter-period-label" aria-hidden="true">
              {t('logsUi.filters.toShort')}
            </span>
            <label className="visually-hidden" htmlFor={`${id}-to`}>
              {t('logsUi.filters.to')}
            </label>
            <input id={`${id}-to`} type="datetime-local" step={1} data-testid="logs-to" value={filter.to} min={filter.from || undefined} onChange={(e) => setFilter({ to: e.target.value })} />
          </div>
        </fieldset>
      </div>
      <div className="logs-filters-row">
        <div className="filter logs-levels" role="group" aria-labelledby={`${id}-levels`} data-testid="logs-levels">
          <span className="filter-label" id={`${id}-levels`}>
            {t('logsUi.filters.levels')}
          </span>
          <div className="toggle-chips">
            {LOG_LEVELS.map((level) => (
              <label key={level} className={`toggle-chip level-chip level-chip-${level.toLowerCase()}`}>
                <input
                  type="checkbox"
                  data-testid={`logs-level-${level}`}
                  checked={filter.levels.includes(level)}
                  onChange={(e) => setFilter({ levels: LOG_LEVELS.filter((l) => (l === level ? e.target.checked : filter.levels.includes(l))) })}
                />
                <span>{level}</span>
              </label>
            ))}
            <label className="toggle-chip level-chip level-chip-none" title={t('logsUi.filters.noLevelHint')}>
              <input type="checkbox" data-testid="logs-level-none" checked={filter.noLevel} disabled={filter.levels.length === 0} onChange={(e) => setFilter({ noLevel: e.target.checked })} />
              <span>{t('logsUi.filters.noLevel')}</span>
            </label>
          </div>
        </div>
        <div className="filter filter-checks">
          <label className="toggle-chip import-chip">
            <input type="checkbox" data-testid="logs-import-errors" checked={filter.importErrorsOnly} onChange={(e) => setFilter({ importErrorsOnly: e.target.checked })} />
            <span>{t('logsUi.filters.importErrorsOnly')}</span>
          </label>
        </div>
      </div>
    </form>
  );
}

interface SearchFieldProps {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  regex: boolean;
  caseSensitive: boolean;
  error: string | null;
  testId: string;
  /** Filter as the admin types (after a short pause); without it the value is only reported. */
  onChange(text: string): void;
  onRegex(on: boolean): void;
  onCase(on: boolean): void;
  immediate?: boolean;
  autoFocus?: boolean;
}

/** A search box with its ".*" (regular expression) and "Aa" (match case) toggles, and why a regex is refused. */
export function SearchField({ id, label, placeholder, value, regex, caseSensitive, error, testId, onChange, onRegex, onCase, immediate = false, autoFocus }: SearchFieldProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(onChange);
  latest.current = onChange;
  // Changed elsewhere (cleared, an address with ?q=): follow.
  useEffect(() => {
    clearTimeout(timer.current);
    setText(value);
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const type = (next: string) => {
    setText(next);
    clearTimeout(timer.current);
    if (immediate) latest.current(next);
    else timer.current = setTimeout(() => latest.current(next), TYPING_DELAY_MS);
  };

  return (
    <div className="filter filter-search log-search-field">
      <label htmlFor={id}>{label}</label>
      <div className={`search-input${error ? ' search-input-invalid' : ''}`}>
        <SearchIcon />
        <input
          id={id}
          type="search"
          data-testid={testId}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          maxLength={1000}
          value={text}
          autoFocus={autoFocus}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={regex ? 'mono' : undefined}
          onChange={(e) => type(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              clearTimeout(timer.current);
              latest.current(text);
            }
          }}
        />
        <button type="button" className="search-toggle mono" aria-pressed={regex} data-testid={`${testId}-regex`} title={t('logsUi.filters.regexHint')} onClick={() => onRegex(!regex)}>
          <span aria-hidden="true">.*</span>
          <span className="visually-hidden">{t('logsUi.filters.regex')}</span>
        </button>
        <button type="button" className="search-toggle" aria-pressed={caseSensitive} data-testid={`${testId}-case`} title={t('logsUi.filters.caseHint')} onClick={() => onCase(!caseSensitive)}>
          <span aria-hidden="true">Aa</span>
          <span className="visually-hidden">{t('logsUi.filters.case')}</span>
        </button>
      </div>
      {error && (
        <p className="field-error" id={`${id}-error`} data-testid={`${testId}-error`} role="alert">
          {t('logsUi.filters.invalidRegex', { reason: error })}
        </p>
      )}
    </div>
  );
}

interface FilePickerProps {
  files: readonly LogFileView[];
  /** Keys chosen; empty: all. */
  chosen: readonly string[];
  onChange(chosen: string[]): void;
  testId: string;
}

/** "All files ▾": a panel of checkboxes, one per file. */
export function FilePicker({ files, chosen, onChange, testId }: FilePickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const known = chosen.filter((key) => files.some((f) => f.key === key));
  const label =
    known.length === 0 ? t('logsUi.filters.allFiles') : known.length === 1 ? (files.find((f) => f.key === known[0])?.name ?? known[0]!) : t('logsUi.filters.someFiles', { count: known.length });
  const folders = new Set(files.map((f) => f.folder));
  return (
    <Popover
      kind="dialog"
      label={t('logsUi.filters.filesChosen', { files: label })}
      buttonClassName="button select-button"
      buttonContent={
        <>
          <span className="select-button-text">{label}</span>
          <ChevronIcon />
        </>
      }
      buttonTestId={testId}
      panelTestId={`${testId}-panel`}
      panelClassName="file-picker"
    >
      {() => (
        <fieldset className="fieldset">
          <legend className="visually-hidden">{t('logsUi.filters.files')}</legend>
          {files.length === 0 && <p className="muted small">{t('logsUi.filters.noFiles')}</p>}
          {files.map((file) => (
            <div className="checkbox" key={file.key}>
              <input
                id={`${id}-${file.key}`}
                type="checkbox"
                data-testid={`${testId}-option`}
                data-file={file.key}
                checked={known.includes(file.key)}
                onChange={(e) => onChange(files.filter((f) => (f.key === file.key ? e.target.checked : known.includes(f.key))).map((f) => f.key))}
              />
              <label htmlFor={`${id}-${file.key}`} title={`${file.folder}/${file.name}`}>
                {file.name}
                {folders.size > 1 && <span className="muted small"> — {file.folder}</span>}
                {file.compressed && <span className="tag tag-quiet tag-inline">.gz</span>}
              </label>
            </div>
          ))}
          {known.length > 0 && (
            <button type="button" className="button-link small" onClick={() => onChange([])}>
              {t('logsUi.filters.allFiles')}
            </button>
          )}
        </fieldset>
      )}
    </Popover>
  );
}
