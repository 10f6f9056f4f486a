// The files of the rejected-imports folder: name, size, modified, rows, rows in error,
// delimiter, encoding, import type, problems; sorted by any column, searched by name, live
// (a file dropped into the folder appears within a second). The folder's problems and an empty
// folder say which folder and what to do; the settings (folders, polling) behind the gear.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RejectedFileSummary } from '../../../shared/rejected';
import { api } from '../../api';
import type { rejectedUiFr } from '../../i18n/parts/rejectedUi';
import { currentLanguage } from '../../i18n';
import { formatNumber, formatShortDateTime } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { GearIcon } from '../../ui/icons';
import { SortIcon } from '../accounts/icons';
import { formatBytes } from '../logs/format';
import { problemText } from '../logs/Highlight';
import { AlertIcon, CloseIcon, SearchIcon } from '../logs/icons';
import { hrefOf } from '../shell/routes';
import { delimiterName, encodingName, fileStateText, importTypeName } from './format';
import { shownFiles, useRejectedList, type SortColumn } from './listStore';
import { RejectedSettingsPanel } from './RejectedSettings';

const COLUMNS: { key: keyof typeof rejectedUiFr.list.columns; sort?: SortColumn; num?: boolean }[] = [
  { key: 'name', sort: 'name' },
  { key: 'size', sort: 'size', num: true },
  { key: 'modified', sort: 'modifiedAt' },
  { key: 'rows', sort: 'rows', num: true },
  { key: 'errorRows', sort: 'errorRows', num: true },
  { key: 'delimiter' },
  { key: 'encoding' },
  { key: 'importType', sort: 'importType' },
];

export function RejectedList() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const loaded = useRejectedList((s) => s.loaded);
  const error = useRejectedList((s) => s.error);
  const folder = useRejectedList((s) => s.folder);
  const sort = useRejectedList((s) => s.sort);
  const search = useRejectedList((s) => s.search);
  const setSort = useRejectedList((s) => s.setSort);
  const setSearch = useRejectedList((s) => s.setSearch);
  const [settingsOpen, setSettingsOpen] = useState(false);

  useEffect(() => {
    void useRejectedList.getState().load();
    return api.on('rejected.changed', () => useRejectedList.getState().onChanged());
  }, []);

  const files = folder ? shownFiles(folder.files, sort, search) : [];
  const total = folder?.files.length ?? 0;
  const n = (v: number) => formatNumber(v, language);

  return (
    <div className="page rejected-page" data-testid="rejected-page">
      <header className="page-header">
        <div>
          <h1>{t('rejectedUi.list.title')}</h1>
          <p className="page-intro">{t('rejectedUi.list.intro')}</p>
        </div>
        <div className="page-header-side">
          <a className="button button-small" href={hrefOf('logs')}>
            {t('rejectedUi.list.logs')}
          </a>
          <button type="button" className="button button-small" data-testid="rejected-settings-button" onClick={() => setSettingsOpen(true)}>
            <GearIcon />
            {t('rejectedUi.settings.button')}
          </button>
        </div>
      </header>
      <Flash />
      {folder && <FolderLine onSettings={() => setSettingsOpen(true)} />}
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      {folder && total > 0 && (
        <div className="rejected-list-toolbar">
          <div className="search-input rejected-search">
            <SearchIcon />
            <input type="search" aria-label={t('rejectedUi.list.search')} placeholder={t('rejectedUi.list.searchPlaceholder')} data-testid="rejected-search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <p className="rejected-list-count" aria-live="polite" data-testid="rejected-list-count" data-shown={files.length} data-total={total}>
            {files.length === total ? t('rejectedUi.list.countAll', { count: total, n: n(total) }) : t('rejectedUi.list.count', { count: files.length, shown: n(files.length), total: n(total) })}
          </p>
        </div>
      )}
      {!loaded && <p className="muted">{t('rejectedUi.list.loading')}</p>}
      {folder && total > 0 && (
        <div className="table-wrap">
          <table className="table rejected-table" data-testid="rejected-list">
            <caption className="visually-hidden">{t('rejectedUi.list.title')}</caption>
            <thead>
              <tr>
                {COLUMNS.map((column) => {
                  const label = t(`rejectedUi.list.columns.${column.key}`);
                  if (!column.sort) {
                    return (
                      <th key={column.key} scope="col">
                        {label}
                      </th>
                    );
                  }
                  const active = sort.column === column.sort;
                  return (
                    <th key={column.key} scope="col" className={column.num ? 'num' : undefined} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                      <button type="button" className="sort-button" data-testid={`rejected-sort-${column.key}`} title={t('rejectedUi.list.sortBy', { column: label })} onClick={() => setSort(column.sort!)}>
                        <span>{label}</span>
                        <SortIcon direction={active ? sort.direction : null} />
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <FileRow key={file.name} file={file} />
              ))}
            </tbody>
          </table>
          {files.length === 0 && (
            <p className="table-empty" data-testid="rejected-no-match">
              {t('rejectedUi.list.noMatch', { search })}
            </p>
          )}
        </div>
      )}
      {folder && total === 0 && !folder.problem && (
        <div className="rejected-empty" data-testid="rejected-empty">
          <p className="rejected-empty-title">{t('rejectedUi.list.emptyTitle')}</p>
          <p>
            {t('rejectedUi.list.emptyIn')} <code>{folder.rejectedFolder}</code>
          </p>
          <p className="muted">{t('rejectedUi.list.emptyHint')}</p>
        </div>
      )}
      {settingsOpen && <RejectedSettingsPanel onClose={() => setSettingsOpen(false)} />}
    </div>
  );
}

function FileRow({ file }: { file: RejectedFileSummary }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const n = (v: number) => formatNumber(v, language);
  const scan = file.scan;
  const pending = !scan && !file.problem;
  return (
    <tr data-testid="rejected-file" data-name={file.name} data-indexed={scan !== null} className={file.problem ? 'rejected-file-problem' : undefined}>
      <td className="rejected-file-name">
        <a href={hrefOf('rejected', { params: { file: file.name } })} className="mono" data-testid="rejected-file-link">
          {file.name}
        </a>
        {file.problem && (
          <span className="rejected-file-problem-text" data-testid="rejected-file-problem">
            <AlertIcon />
            {fileStateText(t, file.problem)}
          </span>
        )}
      </td>
      <td className="num nowrap">{formatBytes(file.size, language)}</td>
      <td className="nowrap">{formatShortDateTime(file.modifiedAt, language)}</td>
      <td className="num nowrap" data-testid="rejected-file-rows">
        {scan ? n(scan.rows) : pending ? <Indexing /> : '—'}
      </td>
      <td className={`num nowrap${scan && scan.errorRows > 0 ? ' rejected-errors-count' : ''}`} data-testid="rejected-file-errors">
        {scan ? n(scan.errorRows) : pending ? <Indexing /> : '—'}
      </td>
      <td className="nowrap">{scan ? delimiterName(t, scan.delimiter) : '—'}</td>
      <td className="nowrap">{scan ? encodingName(t, scan.encoding) : '—'}</td>
      <td className="nowrap">{scan ? importTypeName(t, scan.importType) : '—'}</td>
    </tr>
  );
}

function Indexing() {
  const { t } = useTranslation();
  return (
    <span className="rejected-indexing" data-testid="rejected-file-indexing">
      {t('rejectedUi.list.indexing')}
    </span>
  );
}

function FolderLine({ onSettings }: { onSettings(): void }) {
  const { t } = useTranslation();
  const folder = useRejectedList((s) => s.folder)!;
  return (
    <div className="rejected-folders" data-testid="rejected-folders">
      <p className="rejected-folders-line">
        <span>{t('rejectedUi.list.watching')}</span>
        <code className="logs-folder-path" data-testid="rejected-folder-path">
          {folder.rejectedFolder}
        </code>
        {folder.polling && <span className="tag tag-quiet">{t('rejectedUi.settings.pollingOn')}</span>}
        <span>{t('rejectedUi.list.importTo')}</span>
        <code className="logs-folder-path">{folder.importFolder}</code>
      </p>
      {(folder.problem || folder.importFolderProblem) && (
        <ul className="logs-problems" data-testid="rejected-folder-problems">
          {folder.problem && (
            <li data-testid="rejected-folder-problem">
              <AlertIcon />
              <span>
                {t('rejectedUi.list.folderProblem', { folder: folder.rejectedFolder })} <strong>{problemText(t, folder.problem, 'folder')}</strong>{' '}
                <button type="button" className="button-link" onClick={onSettings}>
                  {t('rejectedUi.list.openSettings')}
                </button>
              </span>
            </li>
          )}
          {folder.importFolderProblem && (
            <li data-testid="rejected-import-folder-problem">
              <AlertIcon />
              <span>
                {t('rejectedUi.list.importFolderProblem', { folder: folder.importFolder })} <strong>{problemText(t, folder.importFolderProblem, 'folder')}</strong>
              </span>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}

/** What was just done to a file in the viewer. */
function Flash() {
  const { t } = useTranslation();
  const flash = useRejectedList((s) => s.flash);
  const setFlash = useRejectedList((s) => s.setFlash);
  if (!flash) return null;
  return (
    <div className="rejected-flash form-success" role="status" data-testid="rejected-flash" data-kind={flash.kind}>
      <div>
        {flash.kind === 'deleted' ? (
          <p>
            {t('rejectedUi.flash.deleted')} <strong className="mono">{flash.name}</strong>
          </p>
        ) : (
          <>
            <p>{t('rejectedUi.flash.reimported', { count: flash.result.rows, n: formatNumber(flash.result.rows, currentLanguage()) })}</p>
            <p className="small">
              {t('rejectedUi.flash.importPath')} <code data-testid="rejected-flash-import-path">{flash.result.importPath}</code>
            </p>
            <p className="small">
              {t('rejectedUi.flash.archivedPath')} <code data-testid="rejected-flash-archived-path">{flash.result.archivedPath}</code>
            </p>
          </>
        )}
      </div>
      <button type="button" className="icon-button" aria-label={t('common.close')} title={t('common.close')} onClick={() => setFlash(null)}>
        <CloseIcon />
      </button>
    </div>
  );
}
