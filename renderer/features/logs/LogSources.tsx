// What the viewer reads and what is wrong with it: the watched folders (one line), the folders
// and files that cannot be read (each with its reason), and what the list says when it is
// empty — with what the admin can do about it.
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { EMPTY_FILTER } from './filters';
import { nameOfKey } from './format';
import { problemText } from './Highlight';
import { AlertIcon, FolderIcon } from './icons';
import { useLogs } from './store';

export function LogSources({ onSettings }: { onSettings(): void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const overview = useLogs((s) => s.overview);
  const readFiles = useLogs((s) => s.readFiles);
  if (!overview) return null;
  const folderProblems = overview.folders.filter((f) => !f.ok);
  // A problem seen by the overview (deleted, unreadable) or by the last read (binary…), once per file.
  const fileProblems = new Map<string, { code: string; message: string }>();
  for (const file of overview.files) if (file.problem) fileProblems.set(file.key, file.problem);
  for (const read of readFiles) if (read.problem && !fileProblems.has(read.key)) fileProblems.set(read.key, read.problem);
  const readable = overview.files.filter((f) => !f.compressed).length;
  const compressed = overview.files.length - readable;

  return (
    <div className="logs-sources">
      <p className="logs-sources-line" data-testid="logs-sources">
        <FolderIcon />
        <span className="logs-sources-folders">
          {overview.settings.folders.map((folder, i) => (
            <code key={i} className="logs-folder-path">
              {folder}
            </code>
          ))}
        </span>
        <span className="muted">
          {t('logsUi.sources.files', { count: readable, n: formatNumber(readable, language) })}
          {compressed > 0 && ` · ${t('logsUi.sources.compressed', { count: compressed, n: formatNumber(compressed, language) })}`}
        </span>
        <button type="button" className="button-link small" data-testid="logs-sources-settings" onClick={onSettings}>
          {t('logsUi.sources.change')}
        </button>
      </p>
      {(folderProblems.length > 0 || fileProblems.size > 0) && (
        <ul className="logs-problems" data-testid="logs-problems">
          {folderProblems.map((folder) => (
            <li key={`folder:${folder.path}`} data-testid="logs-folder-problem">
              <AlertIcon />
              <span>
                {t('logsUi.sources.folderProblem', { folder: folder.path })} <strong>{folder.problem ? problemText(t, folder.problem, 'folder') : t('logsUi.problems.folder.missing')}</strong>
              </span>
            </li>
          ))}
          {[...fileProblems].map(([key, problem]) => (
            <li key={`file:${key}`} data-testid="logs-file-problem" data-file={key}>
              <AlertIcon />
              <span>
                {t('logsUi.sources.fileProblem', { file: nameOfKey(key) })} <strong>{problemText(t, problem, 'file')}</strong>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What the empty list says, and what to do. */
export function EmptyList({ onSettings }: { onSettings(): void }) {
  const { t } = useTranslation();
  const loaded = useLogs((s) => s.loaded);
  const error = useLogs((s) => s.error);
  const overview = useLogs((s) => s.overview);
  const total = useLogs((s) => s.entries.length);
  const replaceFilter = useLogs((s) => s.replaceFilter);
  if (!loaded) return <p data-testid="logs-loading">{t('logsUi.empty.loading')}</p>;
  if (error || !overview) return null;
  const patterns = overview.settings.patterns.join(', ');
  if (overview.files.filter((f) => !f.compressed).length === 0) {
    const folders = overview.settings.folders;
    return (
      <div className="log-empty-state" data-testid="logs-empty-no-files">
        <p className="log-empty-title">{folders.length === 1 ? t('logsUi.empty.noFilesIn', { folder: folders[0] }) : t('logsUi.empty.noFilesInAny')}</p>
        <p>{t('logsUi.empty.patterns', { patterns })}</p>
        <p>{t('logsUi.empty.whatToDo')}</p>
        <button type="button" className="button button-small" onClick={onSettings}>
          {t('logsUi.empty.openSettings')}
        </button>
      </div>
    );
  }
  if (total === 0) {
    return (
      <div className="log-empty-state" data-testid="logs-empty-no-entries">
        <p className="log-empty-title">{t('logsUi.empty.noEntries')}</p>
        <p>{t('logsUi.empty.noEntriesHint')}</p>
      </div>
    );
  }
  return (
    <div className="log-empty-state" data-testid="logs-empty-filtered">
      <p className="log-empty-title">{t('logsUi.empty.noMatch')}</p>
      <button type="button" className="button button-small" onClick={() => replaceFilter(EMPTY_FILTER)}>
        {t('logsUi.filters.clear')}
      </button>
    </div>
  );
}
