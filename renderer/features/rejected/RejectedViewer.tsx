// One rejected file (#/rejected?file=<name>&row=<n>): its facts, the index's progress, its
// problems, the grid of rows (all, or only those in error), the errors summary and a row's
// detail beside it; Download, Delete and "Fix and re-import" (Managers and Orders
// administrators). The first rows show at once; the rest arrive as the file is indexed.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../../shared/contract';
import { allows } from '../../../shared/permissions';
import type { RejectedDownloadResult, RejectedReimportResult } from '../../../shared/rejected';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatNumber, formatShortDateTime } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { useAuth } from '../auth/store';
import { formatBytes } from '../logs/format';
import { AlertIcon, CloseIcon } from '../logs/icons';
import { hrefOf, navigate } from '../shell/routes';
import { DeleteDialog } from './DeleteDialog';
import { editCount } from './edits';
import { delimiterName, encodingName, fileProblemText, fileStateText, importTypeName, lineEndName } from './format';
import { BackIcon, CheckIcon, DownloadIcon, ListIcon, RedoIcon, TrashIcon, UndoIcon, UploadIcon, WrenchIcon } from './icons';
import { useRejectedList } from './listStore';
import { RejectedGrid } from './RejectedGrid';
import { ReimportDialog } from './ReimportDialog';
import { SidePanel } from './SidePanels';
import { useRejectedViewer } from './viewerStore';

/** Deleting and re-importing: a Manager or an Orders administrator (as the router checks). */
export function useMayChange(): boolean {
  const account = useAuth((s) => s.account);
  return account !== null && allows(contract['rejected.delete'].access, true, new Set(account.permissions));
}

export function RejectedViewer({ name, row }: { name: string; row: number | null }) {
  const { t } = useTranslation();
  const view = useRejectedViewer((s) => s.view);
  const opening = useRejectedViewer((s) => s.opening);
  const openError = useRejectedViewer((s) => s.openError);
  const [dialog, setDialog] = useState<'delete' | 'reimport' | null>(null);

  const firstRow = useRef(row);
  useEffect(() => {
    void useRejectedViewer.getState().open(name, firstRow.current);
    const off = api.on('rejected.progress', (event) => useRejectedViewer.getState().onProgress(event));
    // The folders (import target, archive) come with the list.
    if (!useRejectedList.getState().folder) void useRejectedList.getState().load();
    // The file deleted, replaced or re-imported elsewhere while open: said, not shown as if nothing happened.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const offChanged = api.on('rejected.changed', () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void useRejectedViewer.getState().checkFile();
      }, 300);
    });
    return () => {
      off();
      offChanged();
      clearTimeout(timer);
      useRejectedViewer.getState().close();
    };
  }, [name]);

  // Another row of the same file named by the address (a second link from the logs).
  useEffect(() => {
    if (row === firstRow.current) return;
    firstRow.current = row;
    if (row !== null && useRejectedViewer.getState().view) useRejectedViewer.getState().jumpToRow(row);
  }, [row]);

  return (
    <div className="page rejected-viewer-page" data-testid="rejected-file-page" data-name={name}>
      <header className="page-header rejected-viewer-header">
        <div className="rejected-viewer-title">
          <a className="rejected-back" href={hrefOf('rejected')} data-testid="rejected-back">
            <BackIcon />
            {t('rejectedUi.viewer.allFiles')}
          </a>
          <h1 className="rejected-title">
            <span className="mono">{name}</span>
          </h1>
        </div>
        {view && <ViewerActions onDelete={() => setDialog('delete')} />}
      </header>
      {opening && !view && (
        <p className="muted" data-testid="rejected-opening">
          {t('rejectedUi.viewer.opening')}
        </p>
      )}
      {openError && <OpenError name={name} error={openError} />}
      {view && (
        <>
          <FileGone />
          <FileFacts />
          <ReadProblems />
          <FixBar onReimport={() => setDialog('reimport')} />
          <ViewerToolbar />
          <div className="rejected-work">
            <RejectedGrid />
            <SidePanel />
          </div>
          {dialog === 'delete' && <DeleteDialog name={view.name} size={view.size} rows={useRejectedViewer.getState().status?.state === 'done' ? (useRejectedViewer.getState().status?.rows ?? null) : null} onClose={() => setDialog(null)} onDeleted={() => afterDelete(view.name)} />}
          {dialog === 'reimport' && <ReimportDialog importFolder={useRejectedList.getState().folder?.importFolder ?? null} rejectedFolder={useRejectedList.getState().folder?.rejectedFolder ?? null} onClose={() => setDialog(null)} onDone={(result) => afterReimport(view.name, result)} />}
        </>
      )}
    </div>
  );
}

function afterDelete(name: string): void {
  useRejectedViewer.getState().clearEdits();
  useRejectedList.getState().setFlash({ kind: 'deleted', name });
  void useRejectedList.getState().load();
  navigate(hrefOf('rejected'));
}

function afterReimport(name: string, result: RejectedReimportResult): void {
  useRejectedViewer.getState().clearEdits();
  useRejectedList.getState().setFlash({ kind: 'reimported', name, result });
  void useRejectedList.getState().load();
  navigate(hrefOf('rejected'));
}

function OpenError({ name, error }: { name: string; error: ClientError }) {
  const { t } = useTranslation();
  const field = error.fields?.[0];
  const text = error.code === 'NOT_FOUND' ? t('rejectedUi.viewer.notFound', { name }) : error.code === 'FILE_ERROR' && field ? fileStateText(t, { code: field.code, message: error.message }) : errorMessage(t, error);
  return (
    <div className="rejected-open-error" data-testid="rejected-open-error" data-code={error.code}>
      <FormError>{text}</FormError>
      <div className="rejected-open-error-actions">
        <button type="button" className="button button-small" onClick={() => useRejectedViewer.getState().reopen()}>
          {t('rejectedUi.viewer.tryAgain')}
        </button>
        <a className="button button-small" href={hrefOf('rejected')}>
          {t('rejectedUi.viewer.allFiles')}
        </a>
      </div>
    </div>
  );
}

/** The file is no longer the one shown: gone from the folder, or replaced by another version. */
function FileGone() {
  const { t } = useTranslation();
  const fileState = useRejectedViewer((s) => s.fileState);
  if (fileState === 'same') return null;
  return (
    <div className="rejected-problem rejected-problem-bad" role="alert" data-testid="rejected-file-state" data-state={fileState}>
      <AlertIcon />
      <span>{fileState === 'gone' ? t('rejectedUi.viewer.gone') : t('rejectedUi.viewer.replaced')}</span>
      {fileState === 'gone' ? (
        <a className="button button-small" href={hrefOf('rejected')}>
          {t('rejectedUi.viewer.allFiles')}
        </a>
      ) : (
        <button type="button" className="button button-small" onClick={() => useRejectedViewer.getState().reopen()}>
          {t('rejectedUi.viewer.reopen')}
        </button>
      )}
    </div>
  );
}

function FileFacts() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const view = useRejectedViewer((s) => s.view)!;
  const status = useRejectedViewer((s) => s.status)!;
  const errorTotal = useRejectedViewer((s) => s.errorTotal);
  const n = (v: number) => formatNumber(v, language);
  const indexing = status.state === 'indexing';
  const percent = status.bytesTotal > 0 ? Math.min(100, Math.floor((status.bytesDone / status.bytesTotal) * 100)) : 100;
  return (
    <div className="rejected-facts-wrap">
      <dl className="rejected-facts" data-testid="rejected-file-facts">
        <div>
          <dt>{t('rejectedUi.facts.rows')}</dt>
          <dd data-testid="rejected-fact-rows" data-value={status.rows}>
            {indexing ? t('rejectedUi.facts.soFar', { n: n(status.rows) }) : n(status.rows)}
          </dd>
        </div>
        <div className={errorTotal > 0 ? 'rejected-fact-bad' : undefined}>
          <dt>{t('rejectedUi.facts.errorRows')}</dt>
          <dd data-testid="rejected-fact-error-rows" data-value={errorTotal}>
            {indexing ? t('rejectedUi.facts.soFar', { n: n(errorTotal) }) : n(errorTotal)}
          </dd>
        </div>
        <div>
          <dt>{t('rejectedUi.facts.importType')}</dt>
          <dd data-testid="rejected-fact-type">{importTypeName(t, view.importType)}</dd>
        </div>
        <div>
          <dt>{t('rejectedUi.facts.encoding')}</dt>
          <dd data-testid="rejected-fact-encoding">{encodingName(t, view.encoding, view.bom)}</dd>
        </div>
        <div>
          <dt>{t('rejectedUi.facts.delimiter')}</dt>
          <dd data-testid="rejected-fact-delimiter">{delimiterName(t, view.delimiter)}</dd>
        </div>
        <div>
          <dt>{t('rejectedUi.facts.lineEnd')}</dt>
          <dd>{lineEndName(t, view.lineEnd)}</dd>
        </div>
        <div>
          <dt>{t('rejectedUi.facts.size')}</dt>
          <dd>{formatBytes(view.size, language)}</dd>
        </div>
        <div>
          <dt>{t('rejectedUi.facts.modified')}</dt>
          <dd>{formatShortDateTime(view.modifiedAt, language)}</dd>
        </div>
        {!view.hasHeader && (
          <div>
            <dt>{t('rejectedUi.facts.header')}</dt>
            <dd>{t('rejectedUi.facts.noHeader')}</dd>
          </div>
        )}
      </dl>
      {indexing && (
        <div className="rejected-progress" data-testid="rejected-progress" data-state={status.state}>
          <progress max={100} value={percent} aria-label={t('rejectedUi.viewer.indexing')} />
          <span>{t('rejectedUi.viewer.indexingProgress', { percent, n: n(status.rows) })}</span>
        </div>
      )}
    </div>
  );
}

/** What went wrong reading the file: stopped early, unclosed quotes, unreadable rows… never a crash. */
function ReadProblems() {
  const { t } = useTranslation();
  const status = useRejectedViewer((s) => s.status)!;
  const rowsError = useRejectedViewer((s) => s.rowsError);
  const focusRow = useRejectedViewer((s) => s.focusRow);
  const focusMissing = useRejectedViewer((s) => s.focusMissing);
  const total = useRejectedViewer((s) => s.status?.rows ?? 0);
  const [open, setOpen] = useState(false);
  const problems = status.problems.filter((p) => !status.stopped || p.code !== 'too-long');
  const shown = open ? problems : problems.slice(0, 3);
  const rowsGone = rowsError?.code === 'FILE_ERROR' && rowsError.fields?.some((f) => f.code === 'deleted' || f.code === 'changed');
  return (
    <>
      {focusMissing && focusRow !== null && (
        <p className="log-notice-warn" data-testid="rejected-focus-missing">
          {t('rejectedUi.viewer.noSuchRow', { row: focusRow, count: total })}
        </p>
      )}
      {status.problem && (
        <p className="rejected-problem rejected-problem-bad" data-testid="rejected-status-problem">
          <AlertIcon />
          {fileStateText(t, status.problem)}
        </p>
      )}
      {status.state === 'failed' && !status.problem && (
        <p className="rejected-problem rejected-problem-bad">
          <AlertIcon />
          {t('rejectedUi.viewer.indexFailed')}
        </p>
      )}
      {status.stopped && (
        <p className="rejected-problem" data-testid="rejected-stopped">
          <AlertIcon />
          {t('rejectedUi.viewer.stopped', { reason: status.problems.find((p) => p.code === 'too-long') ? fileProblemText(t, status.problems.find((p) => p.code === 'too-long')!) : status.stopped })}
        </p>
      )}
      {problems.length > 0 && (
        <div className="rejected-problem rejected-problems" data-testid="rejected-problems">
          <AlertIcon />
          <div>
            <p className="rejected-problems-title">{t('rejectedUi.viewer.fileProblems', { count: problems.length })}</p>
            <ul>
              {shown.map((p, i) => (
                <li key={i} data-code={p.code} data-row={p.row}>
                  {p.row > 0 ? (
                    <button type="button" className="button-link" onClick={() => useRejectedViewer.getState().jumpToRow(p.row)}>
                      {fileProblemText(t, p)}
                    </button>
                  ) : (
                    fileProblemText(t, p)
                  )}
                </li>
              ))}
            </ul>
            {problems.length > 3 && (
              <button type="button" className="button-link small" aria-expanded={open} onClick={() => setOpen(!open)}>
                {open ? t('rejectedUi.viewer.fewerProblems') : t('rejectedUi.viewer.moreProblems', { count: problems.length - 3 })}
              </button>
            )}
          </div>
        </div>
      )}
      {rowsError && (
        <div className="rejected-problem rejected-problem-bad" role="alert" data-testid="rejected-rows-error">
          <AlertIcon />
          <span>{rowsGone ? t('rejectedUi.viewer.changedWhileOpen') : t('rejectedUi.viewer.rowsFailed', { reason: errorMessage(t, rowsError) })}</span>
          <button type="button" className="button button-small" onClick={() => (rowsGone ? useRejectedViewer.getState().reopen() : useRejectedViewer.getState().retryRows())}>
            {rowsGone ? t('rejectedUi.viewer.reopen') : t('rejectedUi.viewer.tryAgain')}
          </button>
        </div>
      )}
    </>
  );
}

function ViewerActions({ onDelete }: { onDelete(): void }) {
  const { t } = useTranslation();
  const mayChange = useMayChange();
  const view = useRejectedViewer((s) => s.view)!;
  const fixMode = useRejectedViewer((s) => s.fixMode);
  const errorTotal = useRejectedViewer((s) => s.errorTotal);
  const setFixMode = useRejectedViewer((s) => s.setFixMode);
  const gone = useRejectedViewer((s) => s.fileState === 'gone');
  if (gone) return null;
  return (
    <div className="page-header-side rejected-actions">
      <Download name={view.name} />
      {mayChange && (
        <>
          <button type="button" className={`button button-small${fixMode ? ' button-pressed' : ''}`} data-testid="rejected-fix" aria-pressed={fixMode} title={errorTotal === 0 ? t('rejectedUi.fix.nothingToFix') : undefined} onClick={() => setFixMode(!fixMode)}>
            <WrenchIcon />
            {t('rejectedUi.fix.button')}
          </button>
          <button type="button" className="button button-small button-danger-quiet" data-testid="rejected-delete" onClick={onDelete}>
            <TrashIcon />
            {t('rejectedUi.delete.button')}
          </button>
        </>
      )}
    </div>
  );
}

type DownloadState = { state: 'running' } | { state: 'saved'; result: RejectedDownloadResult } | { state: 'failed'; error: ClientError };

function Download({ name }: { name: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [task, setTask] = useState<DownloadState | null>(null);
  const run = async () => {
    setTask({ state: 'running' });
    const result = await api.rejected.download({ name });
    if (!result.ok) setTask({ state: 'failed', error: result.error });
    // Cancelled in the save dialog: nothing to say.
    else if (result.value.path === null) setTask(null);
    else setTask({ state: 'saved', result: result.value });
  };
  return (
    <>
      <button type="button" className="button button-small" data-testid="rejected-download" disabled={task?.state === 'running'} onClick={() => void run()}>
        <DownloadIcon />
        {t('rejectedUi.download.button')}
      </button>
      {task && (
        <div className={`rejected-toast transfer-status transfer-status-${task.state}`} role="status" data-testid="rejected-download-status" data-state={task.state}>
          <div className="transfer-status-body">
            {task.state === 'running' && (
              <>
                <p className="transfer-status-title">{t('rejectedUi.download.running')}</p>
                <progress aria-label={t('rejectedUi.download.running')} />
              </>
            )}
            {task.state === 'saved' && (
              <>
                <p className="transfer-status-title">{t('rejectedUi.download.saved', { size: formatBytes(task.result.bytes, language) })}</p>
                <p className="small">
                  {t('rejectedUi.download.savedTo')}
                  <code className="transfer-path" data-testid="rejected-download-path">
                    {task.result.path}
                  </code>
                </p>
              </>
            )}
            {task.state === 'failed' && (
              <>
                <p className="transfer-status-title">{t('rejectedUi.download.failed')}</p>
                <p className="small">{errorMessage(t, task.error)}</p>
              </>
            )}
          </div>
          {task.state !== 'running' && (
            <button type="button" className="icon-button" aria-label={t('common.close')} title={t('common.close')} data-testid="rejected-download-close" onClick={() => setTask(null)}>
              <CloseIcon />
            </button>
          )}
        </div>
      )}
    </>
  );
}

function ViewerToolbar() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const onlyErrors = useRejectedViewer((s) => s.onlyErrors);
  const errorTotal = useRejectedViewer((s) => s.errorTotal);
  const rows = useRejectedViewer((s) => s.status?.rows ?? 0);
  const panel = useRejectedViewer((s) => s.panel);
  const focusRow = useRejectedViewer((s) => s.focusRow);
  const setOnlyErrors = useRejectedViewer((s) => s.setOnlyErrors);
  const setPanel = useRejectedViewer((s) => s.setPanel);
  const [goTo, setGoTo] = useState('');
  const n = (v: number) => formatNumber(v, language);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const row = Number(goTo);
    if (!Number.isInteger(row) || row < 1) return;
    useRejectedViewer.getState().jumpToRow(row);
  };

  return (
    <div className="rejected-toolbar">
      <p className="rejected-count" aria-live="polite" data-testid="rejected-count" data-rows={rows} data-errors={errorTotal}>
        {onlyErrors ? t('rejectedUi.viewer.countErrors', { count: errorTotal, n: n(errorTotal), total: n(rows) }) : t('rejectedUi.viewer.countAll', { count: rows, n: n(rows), errors: n(errorTotal) })}
        {focusRow !== null && <span className="rejected-focus-pill" data-testid="rejected-focus-note">{t('rejectedUi.viewer.focusRow', { row: focusRow })}</span>}
      </p>
      <div className="rejected-toolbar-actions">
        <label className={`rejected-check-chip${onlyErrors ? ' is-on' : ''}`}>
          <input type="checkbox" data-testid="rejected-only-errors" checked={onlyErrors} onChange={(e) => setOnlyErrors(e.target.checked)} />
          <span>{t('rejectedUi.viewer.onlyErrors')}</span>
        </label>
        <form className="rejected-goto" onSubmit={submit}>
          <label htmlFor="rejected-goto-input" className="visually-hidden">
            {t('rejectedUi.viewer.goToLabel')}
          </label>
          <input id="rejected-goto-input" type="number" min={1} inputMode="numeric" placeholder={t('rejectedUi.viewer.goToPlaceholder')} data-testid="rejected-goto" value={goTo} onChange={(e) => setGoTo(e.target.value)} />
          <button type="submit" className="button button-small">
            {t('rejectedUi.viewer.goTo')}
          </button>
        </form>
        <button type="button" className="button button-small" data-testid="rejected-summary-toggle" aria-pressed={panel === 'summary'} onClick={() => setPanel(panel === 'summary' ? null : 'summary')}>
          <ListIcon />
          {t('rejectedUi.summary.button', { n: n(errorTotal) })}
        </button>
      </div>
    </div>
  );
}

function FixBar({ onReimport }: { onReimport(): void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const fixMode = useRejectedViewer((s) => s.fixMode);
  const book = useRejectedViewer((s) => s.book);
  const checking = useRejectedViewer((s) => s.checking);
  const checkError = useRejectedViewer((s) => s.checkError);
  const stillInError = useRejectedViewer((s) => s.stillInError);
  const checked = useRejectedViewer((s) => s.checked);
  const indexing = useRejectedViewer((s) => s.status?.state === 'indexing');

  // Undo and redo from anywhere on the page, except while typing in a field (it has its own).
  useEffect(() => {
    if (!fixMode) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key !== 'z' && key !== 'y') return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], dialog')) return;
      event.preventDefault();
      if (key === 'y' || event.shiftKey) useRejectedViewer.getState().redo();
      else useRejectedViewer.getState().undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fixMode]);

  if (!fixMode) return null;
  const s = useRejectedViewer.getState();
  const edits = editCount(book);
  const unchecked = Object.keys(book.edits).filter((row) => checked[Number(row)] === undefined).length;
  return (
    <div className="rejected-fixbar" role="region" aria-label={t('rejectedUi.fix.title')} data-testid="rejected-fixbar">
      <strong className="rejected-fixbar-title">{t('rejectedUi.fix.title')}</strong>
      <span className="rejected-fixbar-hint small">{t('rejectedUi.fix.hint')}</span>
      <div className="rejected-fixbar-actions">
        <span className="rejected-edit-count small" data-testid="rejected-edit-count" data-count={edits}>
          {edits ? t('rejectedUi.fix.edits', { count: edits, n: formatNumber(edits, language) }) : t('rejectedUi.fix.noEdits')}
        </span>
        <button type="button" className="button button-small" data-testid="rejected-undo" disabled={book.undo.length === 0} title={t('rejectedUi.fix.undoHint')} onClick={() => s.undo()}>
          <UndoIcon />
          {t('rejectedUi.fix.undo')}
        </button>
        <button type="button" className="button button-small" data-testid="rejected-redo" disabled={book.redo.length === 0} title={t('rejectedUi.fix.redoHint')} onClick={() => s.redo()}>
          <RedoIcon />
          {t('rejectedUi.fix.redo')}
        </button>
        <button type="button" className="button button-small" data-testid="rejected-check" disabled={checking || edits === 0 || indexing} aria-busy={checking} onClick={() => void s.check()}>
          <CheckIcon />
          {checking ? t('rejectedUi.fix.checking') : t('rejectedUi.fix.check')}
        </button>
        <button type="button" className="button button-small button-primary" data-testid="rejected-reimport" disabled={indexing} title={indexing ? t('rejectedUi.reimport.indexing') : undefined} onClick={onReimport}>
          <UploadIcon />
          {t('rejectedUi.reimport.button')}
        </button>
      </div>
      <p className="rejected-fixbar-status small" aria-live="polite" data-testid="rejected-check-result">
        {checkError ? <span className="field-error">{errorMessage(t, checkError)}</span> : stillInError !== null && unchecked === 0 ? (stillInError > 0 ? t('rejectedUi.fix.stillInError', { count: stillInError, n: formatNumber(stillInError, language) }) : t('rejectedUi.fix.allFixed')) : unchecked > 0 ? t('rejectedUi.fix.unchecked', { count: unchecked }) : ''}
      </p>
    </div>
  );
}
