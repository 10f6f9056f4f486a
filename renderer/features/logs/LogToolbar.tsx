// The line above the list: how many entries the filter shows, the live tail (live / paused,
// pause-resume, follow), the export of what is shown, and the notices of files that were
// rotated, truncated, removed or added.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_LAST_ENTRIES, type LogExportResult } from '../../../shared/logs';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatNumber, formatTime } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { ChevronIcon } from '../../ui/icons';
import { Popover } from '../../ui/Popover';
import { EMPTY_FILTER, isFiltering, toLogFilter } from './filters';
import { nameOfKey } from './format';
import { CloseIcon, FollowIcon, PauseIcon, PlayIcon } from './icons';
import { useLogs } from './store';

export function LogToolbar() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const shown = useLogs((s) => s.shown.length);
  const total = useLogs((s) => s.entries.length);
  const paused = useLogs((s) => s.paused);
  const waiting = useLogs((s) => s.waiting);
  const follow = useLogs((s) => s.follow);
  const tailError = useLogs((s) => s.tailError);
  const setPaused = useLogs((s) => s.setPaused);
  const setFollow = useLogs((s) => s.setFollow);
  const filtering = useLogs((s) => isFiltering(s.filter));
  const replaceFilter = useLogs((s) => s.replaceFilter);
  const n = (v: number) => formatNumber(v, language);

  return (
    <div className="logs-toolbar">
      <p className="logs-count" aria-live="polite" data-testid="logs-count" data-shown={shown} data-total={total}>
        {shown === total ? t('logsUi.toolbar.countAll', { count: total, n: n(total) }) : t('logsUi.toolbar.count', { shown: n(shown), total: n(total), count: shown })}
        {filtering && (
          <button type="button" className="button-link small logs-clear" data-testid="logs-clear-filters" onClick={() => replaceFilter(EMPTY_FILTER)}>
            {t('logsUi.filters.clear')}
          </button>
        )}
      </p>
      <div className="logs-toolbar-actions">
        <span className={`live-state${paused ? ' live-state-paused' : tailError ? ' live-state-error' : ''}`} data-testid="logs-live-state" data-state={paused ? 'paused' : 'live'} title={tailError ? errorMessage(t, tailError) : undefined}>
          <span className="live-dot" aria-hidden="true" />
          {paused ? (waiting ? t('logsUi.toolbar.pausedWaiting') : t('logsUi.toolbar.paused')) : tailError ? t('logsUi.toolbar.liveError') : t('logsUi.toolbar.live')}
        </span>
        <button type="button" className="button button-small" data-testid="logs-pause" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? <PlayIcon /> : <PauseIcon />}
          {paused ? t('logsUi.toolbar.resume') : t('logsUi.toolbar.pause')}
        </button>
        <button type="button" className="button button-small" data-testid="logs-follow" aria-pressed={follow} title={t('logsUi.toolbar.followHint')} onClick={() => setFollow(!follow)}>
          <FollowIcon />
          {t('logsUi.toolbar.follow')}
        </button>
        <LogExport />
      </div>
    </div>
  );
}

type ExportState = { state: 'running' } | { state: 'saved'; result: LogExportResult } | { state: 'failed'; error: ClientError };

function LogExport() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [task, setTask] = useState<ExportState | null>(null);
  const running = task?.state === 'running';

  async function run(format: LogExportResult['format']) {
    const { filter, entries, overview } = useLogs.getState();
    setTask({ state: 'running' });
    // What the viewer shows: the same number of last entries (with what the tail added), the same filter.
    const limit = Math.min(MAX_LAST_ENTRIES, Math.max(overview?.settings.lastEntries ?? 1, entries.length));
    const result = await api.logs.export({ format, limit, filter: toLogFilter(filter) });
    if (!result.ok) setTask({ state: 'failed', error: result.error });
    // Cancelled in the save dialog: nothing to say.
    else if (result.value.path === null) setTask(null);
    else setTask({ state: 'saved', result: result.value });
  }

  return (
    <>
      <Popover
        kind="menu"
        label={t('logsUi.export.menuLabel')}
        buttonClassName="button button-small"
        buttonContent={
          <>
            {t('logsUi.export.button')}
            <ChevronIcon />
          </>
        }
        buttonTestId="logs-export"
        panelTestId="logs-export-menu"
        panelClassName="menu export-menu"
      >
        {(close) => (
          <>
            <p className="menu-heading" aria-hidden="true">
              {t('logsUi.export.menuHeading')}
            </p>
            {(['csv', 'jsonl'] as const).map((format) => (
              <button
                key={format}
                type="button"
                role="menuitem"
                className="menu-item"
                data-testid={`logs-export-${format}`}
                disabled={running}
                onClick={() => {
                  close(true);
                  void run(format);
                }}
              >
                <span className="format-badge">{format === 'csv' ? 'CSV' : 'JSONL'}</span>
                <span>{t(`logsUi.export.formats.${format}`)}</span>
              </button>
            ))}
          </>
        )}
      </Popover>
      {task && (
        <div className={`logs-toast transfer-status transfer-status-${task.state}`} role="status" data-testid="logs-export-status" data-state={task.state}>
          <div className="transfer-status-body">
            {task.state === 'running' && (
              <>
                <p className="transfer-status-title">{t('logsUi.export.running')}</p>
                <progress aria-label={t('logsUi.export.running')} />
              </>
            )}
            {task.state === 'saved' && (
              <>
                <p className="transfer-status-title">{t('logsUi.export.saved', { count: task.result.rows, n: formatNumber(task.result.rows, language) })}</p>
                <p className="small">
                  {t('logsUi.export.savedTo')}
                  <code className="transfer-path" data-testid="logs-export-path">
                    {task.result.path}
                  </code>
                </p>
              </>
            )}
            {task.state === 'failed' && (
              <>
                <p className="transfer-status-title">{t('logsUi.export.failed')}</p>
                <p className="small">{errorMessage(t, task.error)}</p>
              </>
            )}
          </div>
          {task.state !== 'running' && (
            <button type="button" className="icon-button" aria-label={t('common.close')} title={t('common.close')} data-testid="logs-export-close" onClick={() => setTask(null)}>
              <CloseIcon />
            </button>
          )}
        </div>
      )}
    </>
  );
}

/** "odoo.log was rotated (10:42:03)": discreet, dismissable, gone after a minute. */
export function FileNotices() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const notices = useLogs((s) => s.notices);
  const dismiss = useLogs((s) => s.dismissNotice);
  const [, tick] = useState(0);

  useEffect(() => {
    if (notices.length === 0) return;
    const oldest = Math.min(...notices.map((n) => n.at));
    const timer = setTimeout(() => {
      for (const n of useLogs.getState().notices) if (Date.now() - n.at >= 60_000) dismiss(n.id);
      tick((x) => x + 1);
    }, Math.max(1000, oldest + 60_000 - Date.now()));
    return () => clearTimeout(timer);
  }, [notices, dismiss]);

  if (notices.length === 0) return null;
  return (
    <ul className="logs-notices" aria-live="polite" data-testid="logs-notices">
      {notices.map((notice) => (
        <li key={notice.id} className="logs-notice" data-change={notice.change}>
          <span>
            {t(`logsUi.changes.${notice.change}`, { file: nameOfKey(notice.file) })}
            <span className="muted"> · {formatTime(new Date(notice.at), language)}</span>
          </span>
          <button type="button" className="icon-button icon-button-small" aria-label={t('common.close')} title={t('common.close')} onClick={() => dismiss(notice.id)}>
            <CloseIcon />
          </button>
        </li>
      ))}
    </ul>
  );
}
