// The detail of one entry, in a panel on the right that leaves the list usable (arrow keys move
// to the next entry and the panel follows): every field, the whole message with its stack
// trace, the lines around it in the file, copy, and the rejected file it names.
import { useId, useState, useEffect, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { matchRanges, type LogFileView } from '../../../shared/logs';
import { currentLanguage } from '../../i18n';
import { copyText } from '../../ui/CopyButton';
import type { HeldEntry } from './entries';
import { FileContext } from './FileContext';
import { fullTime, levelClass, nameOfKey } from './format';
import { Highlight } from './Highlight';
import { CloseIcon, ImportErrorIcon } from './icons';
import { rejectedHref } from './links';
import { useLogs, useSelectedEntry } from './store';

/** The entry as text, for the clipboard. */
export function entryText(entry: HeldEntry, file: LogFileView | undefined): string {
  const head = [entry.timestamp, entry.level, entry.pid, entry.logger].filter((v) => v !== null && v !== '').join(' ');
  const where = `${file ? `${file.folder}/${file.name}` : nameOfKey(entry.file)}${entry.line !== null ? `:${entry.line}` : ''}`;
  return `${head ? `${head}: ` : ''}${entry.message}\n(${where})\n`;
}

export function EntryDetail() {
  const entry = useSelectedEntry();
  if (!entry) return null;
  return <Panel entry={entry} />;
}

function Panel({ entry }: { entry: HeldEntry }) {
  const { t } = useTranslation();
  const titleId = useId();
  const language = currentLanguage();
  const select = useLogs((s) => s.select);
  const pattern = useLogs((s) => s.compiled.pattern);
  const file = useLogs((s) => s.overview?.files.find((f) => f.key === entry.file));
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => setCopy('idle'), [entry.id]);
  useEffect(() => {
    if (copy === 'idle') return;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);

  const close = () => {
    select(null);
    document.querySelector<HTMLElement>('[data-testid="logs-list"]')?.focus({ preventScroll: true });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  const fields = Object.entries(entry.fields ?? {});
  return (
    <aside className="log-detail" role="region" aria-labelledby={titleId} data-testid="log-detail" data-id={entry.id} onKeyDown={onKeyDown}>
      <header className="log-detail-header">
        <div className="log-detail-title">
          <h2 id={titleId}>{t('logsUi.detail.title')}</h2>
          {entry.level && <span className={levelClass(entry.level)}>{entry.level}</span>}
        </div>
        <div className="log-detail-actions">
          <button type="button" className="button button-small" data-testid="log-detail-copy" onClick={() => void copyText(entryText(entry, file)).then((ok) => setCopy(ok ? 'copied' : 'failed'))}>
            {copy === 'copied' ? t('common.copied') : t('logsUi.detail.copy')}
          </button>
          <button type="button" className="icon-button" aria-label={t('common.close')} title={t('common.close')} data-testid="log-detail-close" onClick={close}>
            <CloseIcon />
          </button>
        </div>
      </header>
      <span className="visually-hidden" role="status">
        {copy === 'copied' ? t('common.copied') : copy === 'failed' ? t('common.copyFailed') : ''}
      </span>
      {copy === 'failed' && <p className="small field-error">{t('common.copyFailed')}</p>}
      <div className="log-detail-body">
        {entry.importError && (
          <div className="log-detail-import" data-testid="log-detail-import">
            <ImportErrorIcon />
            <div>
              <p>{entry.importRef ? t('logsUi.import.detailRef', { name: entry.importRef.name }) : t('logsUi.import.detailNoRef')}</p>
              {entry.importRef && (
                <a className="button button-small" href={rejectedHref(entry.importRef)} data-testid="log-detail-open-rejected">
                  {entry.importRef.row !== null ? t('logsUi.import.openAtRow', { row: entry.importRef.row }) : t('logsUi.import.openRejected')}
                </a>
              )}
            </div>
          </div>
        )}
        <dl className="log-facts">
          <div>
            <dt>{t('logsUi.detail.time')}</dt>
            <dd data-testid="log-detail-time">
              {entry.timestamp ? (
                <>
                  {fullTime(entry.timestamp, language)}
                  <span className="muted small log-fact-raw">{t('logsUi.detail.asWritten', { value: entry.timestamp })}</span>
                </>
              ) : (
                <span className="muted">{t('logsUi.detail.noTime')}</span>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('logsUi.detail.level')}</dt>
            <dd>{entry.level ?? <span className="muted">{t('logsUi.detail.none')}</span>}</dd>
          </div>
          <div>
            <dt>{t('logsUi.detail.file')}</dt>
            <dd data-testid="log-detail-file">
              <span className="mono">{nameOfKey(entry.file)}</span>
              {entry.line !== null && <span className="mono">:{entry.line}</span>}
              {file && <span className="muted small log-fact-raw">{file.folder}</span>}
            </dd>
          </div>
          <div>
            <dt>{t('logsUi.detail.logger')}</dt>
            <dd className="mono">{entry.logger ?? <span className="muted">{t('logsUi.detail.none')}</span>}</dd>
          </div>
          <div>
            <dt>{t('logsUi.detail.pid')}</dt>
            <dd className="mono">{entry.pid ?? <span className="muted">{t('logsUi.detail.none')}</span>}</dd>
          </div>
          <div>
            <dt>{t('logsUi.detail.format')}</dt>
            <dd>{file?.format ? t(`logsUi.formats.${file.format}`) : <span className="muted">{t('logsUi.detail.none')}</span>}</dd>
          </div>
          {fields.map(([key, value]) => (
            <div key={key}>
              <dt className="mono">{key}</dt>
              <dd className="mono log-field-value">{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
            </div>
          ))}
        </dl>
        {entry.truncated && (
          <p className="log-notice-warn small" data-testid="log-detail-truncated">
            {t('logsUi.detail.truncated')}
          </p>
        )}
        <section className="panel-section">
          <h3>{t('logsUi.detail.message', { count: entry.lines })}</h3>
          <pre className="log-message" data-testid="log-detail-message">
            <Highlight text={entry.message} ranges={pattern ? matchRanges(entry.message, pattern) : []} />
          </pre>
        </section>
        <section className="panel-section">
          <h3>{t('logsUi.context.title')}</h3>
          {file?.compressed ? <p className="muted small">{t('logsUi.context.compressed')}</p> : <FileContext file={entry.file} offset={entry.offset} lines={entry.lines} pattern={pattern} testId="log-context" />}
        </section>
      </div>
    </aside>
  );
}
