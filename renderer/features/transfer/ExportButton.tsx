// "Export" in the accounts list's toolbar: a menu of formats (CSV, Excel, Word, PDF). The main
// process writes what the list shows (same filter, sort and columns) to a file chosen in a
// native save dialog; its progress comes back as 'task.progress' events carrying our taskId,
// shown in a small status panel that then says where the file went.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, type AccountColumn, type AccountFilterInput, type AccountSort, type ExportFormat } from '../../../shared/accounts';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { ChevronIcon } from '../../ui/icons';
import { Popover } from '../../ui/Popover';
import { useSiteScope } from '../sites/store';
import { newTaskId } from './taskId';

interface Props {
  filter: AccountFilterInput;
  sort: AccountSort;
  columns: AccountColumn[];
}

type ExportState =
  | { state: 'running'; format: ExportFormat; taskId: string; done: number; total: number }
  | { state: 'saved'; format: ExportFormat; path: string; rows: number }
  | { state: 'cancelled'; format: ExportFormat }
  | { state: 'failed'; format: ExportFormat; error: ClientError };

export function ExportButton({ filter, sort, columns }: Props) {
  const { t } = useTranslation();
  const siteId = useSiteScope((s) => s.siteId);
  const [task, setTask] = useState<ExportState | null>(null);
  const stopListening = useRef<(() => void) | null>(null);
  const running = task?.state === 'running';

  useEffect(() => () => stopListening.current?.(), []);

  async function run(format: ExportFormat) {
    if (running) return;
    const taskId = newTaskId();
    setTask({ state: 'running', format, taskId, done: 0, total: 0 });
    stopListening.current?.();
    stopListening.current = api.on('task.progress', (progress) => {
      if (progress.taskId !== taskId) return;
      setTask((current) => (current?.state === 'running' && current.taskId === taskId ? { ...current, done: progress.done, total: progress.total } : current));
    });
    // What the list shows: its filters within the header's site.
    const scoped: AccountFilterInput = filter.siteId === undefined && siteId !== null ? { ...filter, siteId } : filter;
    const result = await api.accounts.export({
      format,
      filter: scoped,
      sort,
      columns,
      taskId,
      // Column titles in the admin's language (French and English ones import back as they are).
      headers: columns.map((column) => t(`adminUi.columns.${column}`)),
      // The heading of a Word or PDF document; the main process puts the count in place of {count}.
      title: t('adminUi.export.documentTitle'),
      subtitle: t('adminUi.export.documentSubtitle', { date: formatDateTime(new Date().toISOString(), currentLanguage()) }),
    });
    stopListening.current?.();
    stopListening.current = null;
    if (!result.ok) setTask({ state: 'failed', format, error: result.error });
    else if (result.value.path === null) setTask({ state: 'cancelled', format });
    else setTask({ state: 'saved', format, path: result.value.path, rows: result.value.rows });
  }

  return (
    <div className="transfer-control">
      <Popover
        kind="menu"
        label={t('adminUi.export.menuLabel')}
        buttonClassName="button"
        buttonContent={
          <>
            {t('adminUi.export.button')}
            <ChevronIcon />
          </>
        }
        buttonTestId="export-button"
        panelTestId="export-menu"
        panelClassName="menu export-menu"
      >
        {(close) => (
          <>
            <p className="menu-heading" aria-hidden="true">
              {t('adminUi.export.menuHeading')}
            </p>
            {EXPORT_FORMATS.map((format) => (
              <button
                key={format}
                type="button"
                role="menuitem"
                className="menu-item"
                data-testid={`export-${format}`}
                disabled={running}
                onClick={() => {
                  close(true);
                  void run(format);
                }}
              >
                <span className="format-badge">{format.toUpperCase()}</span>
                <span>{t(`adminUi.export.formats.${format}`)}</span>
              </button>
            ))}
          </>
        )}
      </Popover>
      {task && <ExportStatus task={task} onClose={() => setTask(null)} />}
    </div>
  );
}

function ExportStatus({ task, onClose }: { task: ExportState; onClose(): void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const format = t(`adminUi.export.formatNames.${task.format}`);
  return (
    <div className={`transfer-status transfer-status-${task.state}`} role="status" data-testid="export-status" data-state={task.state}>
      <div className="transfer-status-body">
        {task.state === 'running' && (
          <>
            <p className="transfer-status-title">{t('adminUi.export.running', { format })}</p>
            {task.total > 0 ? (
              <>
                <progress value={task.done} max={task.total} aria-label={t('adminUi.export.progressLabel')} />
                <p className="muted small">{t('adminUi.export.progress', { done: formatNumber(task.done, language), total: formatNumber(task.total, language) })}</p>
              </>
            ) : (
              <>
                <progress aria-label={t('adminUi.export.progressLabel')} />
                <p className="muted small">{t('adminUi.export.preparing')}</p>
              </>
            )}
          </>
        )}
        {task.state === 'saved' && (
          <>
            <p className="transfer-status-title">{t('adminUi.export.saved', { n: formatNumber(task.rows, language), format })}</p>
            <p className="small">
              {t('adminUi.export.savedTo')}
              <code className="transfer-path" data-testid="export-path">
                {task.path}
              </code>
            </p>
          </>
        )}
        {task.state === 'cancelled' && <p className="transfer-status-title">{t('adminUi.export.cancelled')}</p>}
        {task.state === 'failed' && (
          <>
            <p className="transfer-status-title">{t('adminUi.export.failed', { format })}</p>
            <p className="small">{errorMessage(t, task.error)}</p>
          </>
        )}
      </div>
      {task.state !== 'running' && (
        <button type="button" className="button button-small" data-testid="export-status-close" onClick={onClose}>
          {t('common.close')}
        </button>
      )}
    </div>
  );
}
