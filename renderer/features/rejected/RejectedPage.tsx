// Rejected imports (#/rejected): the files of the rejected-imports folder, and one file's rows
// (#/rejected?file=<name>&row=<n>) with the row an import error names highlighted and in sight.
// Cells are shown as text only. Issue 6 replaces this with the full viewer.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RejectedFileRows, RejectedFileSummary } from '../../../shared/rejected';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatNumber, formatShortDateTime } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { formatBytes } from '../logs/format';
import { hrefOf, useHashRoute } from '../shell/routes';

export function RejectedPage() {
  const { params } = useHashRoute();
  const file = params.get('file');
  const row = Number(params.get('row'));
  return file ? <RejectedFile key={`${file}:${row}`} name={file} row={Number.isInteger(row) && row > 0 ? row : null} /> : <RejectedList />;
}

function RejectedList() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [files, setFiles] = useState<RejectedFileSummary[] | null>(null);
  const [error, setError] = useState<ClientError | null>(null);

  useEffect(() => {
    let live = true;
    void api.rejected.list().then((result) => {
      if (!live) return;
      if (result.ok) setFiles(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className="page rejected-page" data-testid="rejected-page">
      <header className="page-header">
        <div>
          <h1>{t('logsUi.rejected.title')}</h1>
          <p className="page-intro">{t('logsUi.rejected.intro')}</p>
        </div>
        <div className="page-header-side">
          <a className="button button-small" href={hrefOf('logs')}>
            {t('logsUi.rejected.backToLogs')}
          </a>
        </div>
      </header>
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      {!files && !error && <p className="muted">{t('logsUi.rejected.loading')}</p>}
      {files && (
        <div className="table-wrap">
          <table className="table rejected-table" data-testid="rejected-list">
            <caption className="visually-hidden">{t('logsUi.rejected.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('logsUi.rejected.name')}</th>
                <th scope="col" className="num">
                  {t('logsUi.rejected.size')}
                </th>
                <th scope="col">{t('logsUi.rejected.modified')}</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.name} data-testid="rejected-file">
                  <td>
                    <a href={hrefOf('rejected', { params: { file: f.name } })} className="mono">
                      {f.name}
                    </a>
                  </td>
                  <td className="num nowrap">{formatBytes(f.size, language)}</td>
                  <td className="nowrap">{formatShortDateTime(f.modifiedAt, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {files.length === 0 && <p className="table-empty">{t('logsUi.rejected.empty')}</p>}
        </div>
      )}
    </div>
  );
}

const DELIMITERS: Record<string, 'comma' | 'semicolon' | 'tab' | 'pipe'> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

function RejectedFile({ name, row }: { name: string; row: number | null }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [file, setFile] = useState<RejectedFileRows | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const focusRef = useRef<HTMLTableRowElement>(null);

  useEffect(() => {
    let live = true;
    void api.rejected.show(row !== null ? { name, row } : { name }).then((result) => {
      if (!live) return;
      if (result.ok) setFile(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [name, row]);

  // The row the log names, in the middle of the screen.
  useLayoutEffect(() => {
    focusRef.current?.scrollIntoView({ block: 'center' });
  }, [file]);

  const delimiter = file ? DELIMITERS[file.delimiter] : undefined;
  const columns = file ? Math.max(file.header.length, ...file.rows.map((r) => r.cells.length)) : 0;
  return (
    <div className="page rejected-page" data-testid="rejected-file-page">
      <header className="page-header">
        <div>
          <h1 className="rejected-title">
            {t('logsUi.rejected.fileTitle')} <span className="mono">{name}</span>
          </h1>
          {file && (
            <p className="page-intro" data-testid="rejected-file-facts">
              {formatBytes(file.size, language)} · {t('logsUi.rejected.modifiedOn', { date: formatShortDateTime(file.modifiedAt, language) })} · {t('logsUi.rejected.delimiter', { name: delimiter ? t(`logsUi.rejected.delimiters.${delimiter}`) : JSON.stringify(file.delimiter) })} ·{' '}
              {t('logsUi.rejected.encoding', { name: file.encoding === 'latin1' ? 'Latin-1 (ISO 8859-1)' : 'UTF-8' })}
            </p>
          )}
        </div>
        <div className="page-header-side">
          <a className="button button-small" href={hrefOf('rejected')} data-testid="rejected-back">
            {t('logsUi.rejected.allFiles')}
          </a>
          <a className="button button-small" href={hrefOf('logs')}>
            {t('logsUi.rejected.backToLogs')}
          </a>
        </div>
      </header>
      {error && <FormError>{error.code === 'NOT_FOUND' ? t('logsUi.rejected.notFound', { name }) : errorMessage(t, error)}</FormError>}
      {!file && !error && <p className="muted">{t('logsUi.rejected.loading')}</p>}
      {file && (
        <>
          {row !== null && (
            <p className={file.focus !== null ? 'rejected-focus-note' : 'log-notice-warn'} data-testid="rejected-focus-note">
              {file.focus !== null ? t('logsUi.rejected.focusRow', { row }) : t('logsUi.rejected.noSuchRow', { row, count: file.rowsRead, n: formatNumber(file.rowsRead, language) })}
            </p>
          )}
          {file.partial && (
            <p className="muted small" data-testid="rejected-partial">
              {t('logsUi.rejected.partial', { count: file.rows.length, n: formatNumber(file.rows.length, language) })}
            </p>
          )}
          <div className="table-wrap rejected-rows-wrap">
            <table className="table rejected-rows" data-testid="rejected-rows">
              <caption className="visually-hidden">{name}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('logsUi.rejected.row')}
                  </th>
                  {Array.from({ length: columns }, (_, i) => (
                    <th scope="col" key={i}>
                      {file.header[i] ?? t('logsUi.rejected.column', { n: i + 1 })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {file.rows.map((r) => {
                  const focused = r.row === file.focus;
                  return (
                    <tr key={r.row} ref={focused ? focusRef : undefined} className={focused ? 'rejected-row-focus' : undefined} data-testid="rejected-row" data-row={r.row} aria-current={focused ? 'true' : undefined}>
                      <th scope="row" className="num">
                        {r.row}
                      </th>
                      {Array.from({ length: columns }, (_, i) => (
                        <td key={i}>{r.cells[i] ?? ''}</td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {file.rows.length === 0 && <p className="table-empty">{t('logsUi.rejected.noRows')}</p>}
          </div>
        </>
      )}
    </div>
  );
}
