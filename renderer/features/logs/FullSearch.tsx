// "Search whole files": beyond the last entries, every line of the chosen files (older rotated
// and compressed ones too), searched in a worker thread. A progress bar, Cancel, and the hits
// listed as they are found; a hit opens the lines around it.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { searchPattern, type LogSearchHit } from '../../../shared/logs';
import { api } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { FileContext } from './FileContext';
import { formatBytes, nameOfKey } from './format';
import { Highlight, problemText } from './Highlight';
import { CloseIcon } from './icons';
import { FilePicker, SearchField } from './LogFilters';
import { useLogSearch } from './searchStore';
import { useLogs } from './store';

const HIT_ROW_HEIGHT = 28;

/** Why the pattern cannot be a regular expression, or null. */
function regexProblem(pattern: string, regex: boolean): string | null {
  if (!regex || pattern === '') return null;
  try {
    new RegExp(pattern, 'u');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
  }
}

export function FullSearch() {
  const { t } = useTranslation();
  const id = useId();
  const language = currentLanguage();
  const files = useLogs((s) => s.overview?.files ?? []);
  const s = useLogSearch();
  const running = s.phase === 'running' || s.phase === 'starting';
  const localProblem = regexProblem(s.form.pattern, s.form.regex);
  const serverProblem = s.error?.code === 'INVALID_INPUT' ? (s.error.fields?.find((f) => f.path === 'pattern')?.message ?? null) : null;

  useEffect(() => api.on('logs.search.progress', (progress) => useLogSearch.getState().onProgress(progress)), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!localProblem && s.form.pattern !== '') void s.start();
  };
  const n = (v: number) => formatNumber(v, language);
  const percent = s.bytesTotal > 0 ? Math.min(100, Math.round((s.bytesDone / s.bytesTotal) * 100)) : 0;

  return (
    <div className="logs-full-search" data-testid="logs-full-search">
      <form className="filters logs-search-form" onSubmit={submit} role="search" aria-label={t('logsUi.search.title')}>
        <SearchField
          id={`${id}-pattern`}
          label={t('logsUi.search.pattern')}
          placeholder={t('logsUi.search.placeholder')}
          value={s.form.pattern}
          regex={s.form.regex}
          caseSensitive={s.form.caseSensitive}
          error={localProblem ?? serverProblem}
          testId="logs-fullsearch-pattern"
          immediate
          onChange={(pattern) => s.setForm({ pattern })}
          onRegex={(regex) => s.setForm({ regex })}
          onCase={(caseSensitive) => s.setForm({ caseSensitive })}
        />
        <div className="filter">
          <span className="filter-label" aria-hidden="true">
            {t('logsUi.filters.files')}
          </span>
          <FilePicker files={files} chosen={s.form.files} onChange={(chosen) => s.setForm({ files: chosen })} testId="logs-fullsearch-files" />
        </div>
        <div className="filter filter-actions logs-search-buttons">
          <button type="submit" className="button button-primary" data-testid="logs-fullsearch-start" disabled={s.form.pattern === '' || localProblem !== null || s.phase === 'starting'}>
            {t('logsUi.search.start')}
          </button>
          {running && (
            <button type="button" className="button" data-testid="logs-fullsearch-cancel" onClick={() => void s.cancel()}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
      {s.error && !serverProblem && <FormError>{errorMessage(t, s.error)}</FormError>}
      {s.phase === 'idle' && !s.error && <p className="muted logs-search-hint">{t('logsUi.search.hint')}</p>}
      {s.phase !== 'idle' && (
        <div className="logs-search-status" data-testid="logs-fullsearch-status" data-state={s.phase} data-found={s.found}>
          <div className="logs-search-progress">
            <progress value={s.bytesTotal > 0 ? s.bytesDone : undefined} max={s.bytesTotal > 0 ? s.bytesTotal : undefined} aria-label={t('logsUi.search.progressLabel')} data-testid="logs-fullsearch-progress" />
            <span className="small muted">{s.bytesTotal > 0 ? `${percent} %` : ''}</span>
          </div>
          <p className="small" aria-live="polite">
            <strong>{t(`logsUi.search.states.${s.phase}`)}</strong>
            {' · '}
            {t('logsUi.search.bytes', { done: formatBytes(s.bytesDone, language), total: formatBytes(s.bytesTotal, language) })}
            {' · '}
            <span data-testid="logs-fullsearch-found">{t('logsUi.search.found', { count: s.found, n: n(s.found) })}</span>
          </p>
          {s.limitReached && (
            <p className="log-notice-warn small" data-testid="logs-fullsearch-limit">
              {t('logsUi.search.limitReached', { n: n(s.found) })}
            </p>
          )}
          {s.problem && <FormError>{problemText(t, s.problem, 'file')}</FormError>}
          {s.errors.length > 0 && (
            <ul className="logs-problems" data-testid="logs-fullsearch-errors">
              {s.errors.map((e) => (
                <li key={e.key}>
                  <span>
                    {t('logsUi.search.fileError', { file: nameOfKey(e.key) })} <strong>{problemText(t, e, 'file')}</strong>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {s.phase !== 'idle' && <HitList />}
      <HitContext />
    </div>
  );
}

function HitList() {
  const { t } = useTranslation();
  const hits = useLogSearch((s) => s.hits);
  const phase = useLogSearch((s) => s.phase);
  const openHit = useLogSearch((s) => s.openHit);
  const openHitAt = useLogSearch((s) => s.openHitAt);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: hits.length, getScrollElement: () => scrollRef.current, estimateSize: () => HIT_ROW_HEIGHT, overscan: 16 });

  if (hits.length === 0) {
    return <p className="log-empty-state muted">{phase === 'running' || phase === 'starting' ? t('logsUi.search.searching') : t('logsUi.search.noHits')}</p>;
  }
  return (
    <div ref={scrollRef} className="log-scroll hit-scroll" role="list" aria-label={t('logsUi.search.results')} data-testid="logs-fullsearch-hits" data-count={hits.length}>
      <div className="log-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <HitRow key={item.index} hit={hits[item.index]!} top={item.start} open={openHit === item.index} onOpen={() => openHitAt(item.index)} />
        ))}
      </div>
    </div>
  );
}

function HitRow({ hit, top, open, onOpen }: { hit: LogSearchHit; top: number; open: boolean; onOpen(): void }) {
  return (
    <div role="listitem" className={`hit-row${open ? ' log-row-selected' : ''}`} style={{ transform: `translateY(${top}px)` }} data-testid="logs-hit">
      <button type="button" className="hit-button" onClick={onOpen}>
        <span className="hit-where mono">
          {nameOfKey(hit.key)}:{hit.line}
        </span>
        <span className="hit-text mono">
          {hit.cut !== undefined && hit.cut > 0 && <span className="muted">…</span>}
          <Highlight text={hit.text} ranges={hit.ranges} />
        </span>
      </button>
    </div>
  );
}

function HitContext() {
  const { t } = useTranslation();
  const openHit = useLogSearch((s) => s.openHit);
  const hit = useLogSearch((s) => (s.openHit === null ? null : (s.hits[s.openHit] ?? null)));
  const form = useLogSearch((s) => s.form);
  const openHitAt = useLogSearch((s) => s.openHitAt);
  const file = useLogs((s) => (hit ? s.overview?.files.find((f) => f.key === hit.key) : undefined));
  const pattern = useMemo(() => {
    try {
      return searchPattern(form.pattern, form);
    } catch {
      return null;
    }
  }, [form]);
  if (openHit === null || !hit) return null;
  return (
    <aside className="log-detail" role="region" aria-label={t('logsUi.search.contextTitle', { file: nameOfKey(hit.key), line: hit.line })} data-testid="logs-hit-detail" onKeyDown={(e) => e.key === 'Escape' && openHitAt(null)}>
      <header className="log-detail-header">
        <div className="log-detail-title">
          <h2>{t('logsUi.search.contextTitle', { file: nameOfKey(hit.key), line: hit.line })}</h2>
        </div>
        <div className="log-detail-actions">
          <button type="button" className="icon-button" aria-label={t('common.close')} title={t('common.close')} data-testid="logs-hit-close" onClick={() => openHitAt(null)}>
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="log-detail-body">
        <pre className="log-message">
          <Highlight text={hit.text} ranges={hit.ranges} />
        </pre>
        <section className="panel-section">
          <h3>{t('logsUi.context.title')}</h3>
          {file?.compressed ? <p className="muted small">{t('logsUi.context.compressed')}</p> : <FileContext file={hit.key} offset={hit.offset} lines={1} pattern={pattern} testId="logs-hit-context" />}
        </section>
      </div>
    </aside>
  );
}
