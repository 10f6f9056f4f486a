// Beside the grid: the errors summary (errors grouped by message, with counts and the first rows
// that have them: a click shows the row) and one row's detail (its errors with where each was
// found, and all its values; in fix mode, its cells can be edited here too).
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RejectedRow } from '../../../shared/rejected';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { CloseIcon } from '../logs/icons';
import { columnLabel, errorMessageText, sourceName } from './format';
import { errorsOf, mayEditRow, useRejectedViewer } from './viewerStore';

export function SidePanel() {
  const panel = useRejectedViewer((s) => s.panel);
  const selected = useRejectedViewer((s) => s.selected);
  if (panel === 'row' && selected) return <RowDetail row={selected} />;
  if (panel === 'summary') return <ErrorSummary />;
  return null;
}

/** How many rows of the group are listed as links. */
const ROWS_SHOWN = 12;

function ErrorSummary() {
  const { t } = useTranslation();
  const titleId = useId();
  const language = currentLanguage();
  const view = useRejectedViewer((s) => s.view);
  const groups = useRejectedViewer((s) => s.groups);
  const groupsError = useRejectedViewer((s) => s.groupsError);
  const errorTotal = useRejectedViewer((s) => s.errorTotal);
  const indexing = useRejectedViewer((s) => s.status?.state === 'indexing');
  const focusRow = useRejectedViewer((s) => s.focusRow);
  const setPanel = useRejectedViewer((s) => s.setPanel);
  const jumpToRow = useRejectedViewer((s) => s.jumpToRow);
  const n = (v: number) => formatNumber(v, language);
  if (!view) return null;

  return (
    <aside className="rejected-side" role="region" aria-labelledby={titleId} data-testid="rejected-summary">
      <header className="rejected-side-header">
        <h2 id={titleId}>{t('rejectedUi.summary.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} title={t('common.close')} data-testid="rejected-summary-close" onClick={() => setPanel(null)}>
          <CloseIcon />
        </button>
      </header>
      <div className="rejected-side-body">
        <p className="rejected-summary-total" data-testid="rejected-summary-total">
          {t('rejectedUi.summary.rowsInError', { count: errorTotal, n: n(errorTotal) })}
          {indexing && <span className="muted small"> · {t('rejectedUi.summary.counting')}</span>}
        </p>
        {groupsError && <p className="field-error small">{errorMessage(t, groupsError)}</p>}
        {groups === null && !groupsError && <p className="muted">{t('rejectedUi.summary.loading')}</p>}
        {groups && groups.length === 0 && <p className="muted" data-testid="rejected-summary-empty">{indexing ? t('rejectedUi.summary.noneYet') : t('rejectedUi.summary.none')}</p>}
        {groups && groups.length > 0 && (
          <ol className="rejected-groups">
            {groups.map((group, i) => {
              const column = group.column !== null ? columnLabel(t, view.header, group.column) : group.columnName;
              return (
                <li key={i} className="rejected-group" data-testid="rejected-summary-group" data-count={group.count}>
                  <div className="rejected-group-head">
                    <span className="rejected-group-count" title={t('rejectedUi.summary.countHint', { count: group.count, n: n(group.count) })}>
                      {n(group.count)}
                    </span>
                    <p className="rejected-group-message">{errorMessageText(t, { message: group.example, source: group.source })}</p>
                  </div>
                  <p className="rejected-group-facts small muted">
                    {column ? t('rejectedUi.summary.column', { column }) : t('rejectedUi.summary.wholeRow')} · {sourceName(t, group.source)}
                  </p>
                  {/* How the platform's messages were grouped (ours are said in words above). */}
                  {group.source !== 'file' && group.message !== group.example && (
                    <p className="rejected-group-shape small muted" title={t('rejectedUi.summary.shapeHint')}>
                      {group.message}
                    </p>
                  )}
                  <div className="rejected-group-rows">
                    <span className="small muted">{t('rejectedUi.summary.rows')}</span>
                    {group.rows.slice(0, ROWS_SHOWN).map((row) => (
                      <button
                        key={row}
                        type="button"
                        className={`rejected-row-link${row === focusRow ? ' rejected-row-link-current' : ''}`}
                        data-testid="rejected-summary-row"
                        data-row={row}
                        aria-label={t('rejectedUi.summary.goToRow', { row })}
                        onClick={() => jumpToRow(row)}
                      >
                        {row}
                      </button>
                    ))}
                    {group.count > Math.min(ROWS_SHOWN, group.rows.length) && <span className="small muted">{t('rejectedUi.summary.more', { count: group.count - Math.min(ROWS_SHOWN, group.rows.length) })}</span>}
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </div>
    </aside>
  );
}

function RowDetail({ row }: { row: RejectedRow }) {
  const { t } = useTranslation();
  const titleId = useId();
  const view = useRejectedViewer((s) => s.view);
  const checked = useRejectedViewer((s) => s.checked);
  const book = useRejectedViewer((s) => s.book);
  const fixMode = useRejectedViewer((s) => s.fixMode);
  const select = useRejectedViewer((s) => s.select);
  if (!view) return null;
  const errors = errorsOf({ checked }, row);
  const editable = fixMode && mayEditRow({ book, checked }, row);
  const columns = Math.max(view.header.length, row.cells.length);
  const edits = book.edits[row.row];
  const wasChecked = checked[row.row] !== undefined;

  const close = () => {
    select(null);
    document.querySelector<HTMLElement>('[data-testid="rejected-rows"]')?.focus({ preventScroll: true });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !(event.target instanceof HTMLInputElement)) {
      event.preventDefault();
      close();
    }
  };

  return (
    <aside className="rejected-side" role="region" aria-labelledby={titleId} data-testid="rejected-row-detail" data-row={row.row} onKeyDown={onKeyDown}>
      <header className="rejected-side-header">
        <h2 id={titleId}>{t('rejectedUi.detail.title', { row: row.row })}</h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} title={t('common.close')} data-testid="rejected-row-detail-close" onClick={close}>
          <CloseIcon />
        </button>
      </header>
      <div className="rejected-side-body">
        <section className="panel-section">
          <h3>{errors.length ? t('rejectedUi.detail.errors', { count: errors.length }) : t('rejectedUi.detail.noErrors')}</h3>
          {wasChecked && <p className="small rejected-checked-note">{errors.length ? t('rejectedUi.fix.checkedStill') : t('rejectedUi.fix.checkedOk')}</p>}
          {errors.length > 0 && (
            <ul className="rejected-detail-errors">
              {errors.map((e, i) => (
                <li key={i} data-testid="rejected-row-detail-error" data-source={e.source} data-column={e.column ?? ''}>
                  <span className="rejected-detail-error-message">{errorMessageText(t, e)}</span>
                  <span className="small muted">
                    {e.column !== null ? t('rejectedUi.summary.column', { column: columnLabel(t, view.header, e.column) }) : e.columnName ? t('rejectedUi.summary.column', { column: e.columnName }) : t('rejectedUi.summary.wholeRow')}
                    {' · '}
                    <span className={`rejected-source rejected-source-${e.source}`}>{sourceName(t, e.source)}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel-section">
          <h3>{t('rejectedUi.detail.values')}</h3>
          <dl className="rejected-detail-values">
            {Array.from({ length: columns }, (_, c) => {
              const fileValue = row.cells[c] ?? '';
              const edited = edits?.[c];
              const cellErrors = errors.filter((e) => e.column === c);
              return (
                <div key={c} className={`${cellErrors.length ? 'rejected-detail-value-error' : ''}${edited !== undefined ? ' rejected-detail-value-edited' : ''}`}>
                  <dt title={columnLabel(t, view.header, c)}>
                    {columnLabel(t, view.header, c)}
                    {c === view.errorColumn && <span className="rejected-head-tag">{t('rejectedUi.viewer.errorColumnTag')}</span>}
                  </dt>
                  <dd>
                    {editable && c !== view.errorColumn ? (
                      <DetailInput key={`${row.row}:${c}:${edited ?? ''}`} row={row} column={c} value={edited ?? fileValue} label={columnLabel(t, view.header, c)} />
                    ) : (
                      <span className="rejected-detail-value">{edited ?? fileValue}</span>
                    )}
                    {edited !== undefined && <span className="small muted rejected-detail-was">{t('rejectedUi.fix.editedWas', { value: book.originals[row.row]?.[c] ?? fileValue })}</span>}
                    {row.cells[c] === undefined && edited === undefined && <span className="small muted">{t('rejectedUi.detail.missingCell')}</span>}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      </div>
    </aside>
  );
}

/** A cell edited in the detail panel: kept when the field is left or Enter pressed. */
function DetailInput({ row, column, value, label }: { row: RejectedRow; column: number; value: string; label: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => setDraft(value), [value]);
  const keep = () => {
    if (draft !== value) useRejectedViewer.getState().setCell(row, column, draft);
  };
  return (
    <input
      ref={ref}
      className="rejected-detail-input"
      value={draft}
      spellCheck={false}
      aria-label={t('rejectedUi.fix.cellLabel', { column: label, row: row.row })}
      data-testid="rejected-detail-input"
      data-col={column}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={keep}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          keep();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          setDraft(value);
        }
      }}
    />
  );
}
