// The Logs area's settings, in a side panel: the watched folders, file patterns, how many of
// the last entries to load, polling and the default time zone (Managers with the Settings
// right), and for each file its format and time zone (anyone who may read the logs).
import type { TFunction } from 'i18next';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LAST_ENTRIES, DEFAULT_LOG_FILE_PATTERNS, LOG_FORMATS, MAX_LAST_ENTRIES, type LogFileView, type LogFormat, type LogSettings } from '../../../shared/logs';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatShortDateTime } from '../../i18n/format';
import { Dialog } from '../../ui/Dialog';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { can, useAuth } from '../auth/store';
import { formatBytes, isTimeZone, timeZoneChoices } from './format';
import { problemText } from './Highlight';
import { AlertIcon } from './icons';
import { useLogs } from './store';

const MIN_LAST_ENTRIES = 100;

export function LogSettingsPanel({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const overview = useLogs((s) => s.overview);
  const account = useAuth((s) => s.account);
  const mayEdit = can(account, 'manager.settings');
  const zonesId = useId();
  const zones = useMemo(() => timeZoneChoices(), []);

  return (
    <Dialog title={t('logsUi.settings.title')} description={t('logsUi.settings.intro')} onCancel={onClose} testId="logs-settings" className="drawer logs-settings">
      <datalist id={zonesId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      {!overview ? (
        <p className="muted">{t('logsUi.empty.loading')}</p>
      ) : (
        <>
          {mayEdit ? <FolderSettingsForm settings={overview.settings} zonesId={zonesId} /> : <FolderSettingsView settings={overview.settings} />}
          <section className="form-section" aria-labelledby={`${zonesId}-files`}>
            <h3 className="form-section-title" id={`${zonesId}-files`}>
              {t('logsUi.settings.filesTitle')}
            </h3>
            <p className="field-hint">{t('logsUi.settings.filesIntro')}</p>
            {overview.files.length === 0 ? (
              <p className="muted">{t('logsUi.settings.noFiles', { patterns: overview.settings.patterns.join(', ') })}</p>
            ) : (
              <div className="log-file-settings" data-testid="logs-file-settings">
                {overview.files.map((file) => (
                  <FileSettingsRow key={file.key} file={file} zonesId={zonesId} defaultZone={overview.settings.defaultTimeZone} />
                ))}
              </div>
            )}
          </section>
        </>
      )}
      <div className="drawer-actions form-actions">
        <button type="button" className="button" data-testid="logs-settings-close" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}

function zoneLabel(t: TFunction, zone: string): string {
  return zone === 'local' ? String(t('logsUi.settings.zoneLocal', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })) : zone;
}

function FolderStates() {
  const { t } = useTranslation();
  const folders = useLogs((s) => s.overview?.folders ?? []);
  if (folders.length === 0) return null;
  return (
    <ul className="log-folder-states" data-testid="logs-folder-states" aria-label={t('logsUi.settings.folderStates')}>
      {folders.map((folder) => (
        <li key={folder.path} className={folder.ok ? 'folder-ok' : 'folder-bad'} data-ok={folder.ok}>
          {folder.ok ? <span className="folder-state-mark" aria-hidden="true">✓</span> : <AlertIcon />}
          <code>{folder.path}</code>
          <span>{folder.ok ? t('logsUi.settings.folderOk') : folder.problem ? problemText(t, folder.problem, 'folder') : t('logsUi.problems.folder.missing')}</span>
        </li>
      ))}
    </ul>
  );
}

function FolderSettingsView({ settings }: { settings: LogSettings }) {
  const { t } = useTranslation();
  return (
    <section className="form-section" data-testid="logs-settings-readonly">
      <h3 className="form-section-title">{t('logsUi.settings.foldersTitle')}</h3>
      <dl className="facts-grid">
        <div>
          <dt>{t('logsUi.settings.folders')}</dt>
          <dd>
            {settings.folders.map((f) => (
              <code key={f}>{f}</code>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t('logsUi.settings.patterns')}</dt>
          <dd>
            {settings.patterns.map((p) => (
              <code key={p}>{p}</code>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t('logsUi.settings.lastEntries')}</dt>
          <dd>{settings.lastEntries}</dd>
        </div>
        <div>
          <dt>{t('logsUi.settings.defaultTimeZone')}</dt>
          <dd>{zoneLabel(t, settings.defaultTimeZone)}</dd>
        </div>
      </dl>
      <FolderStates />
      <p className="field-hint">{t('logsUi.settings.readOnly')}</p>
    </section>
  );
}

type FolderKey = 'folders' | 'patterns' | 'lastEntries' | 'defaultTimeZone';
type Problems = Partial<Record<FolderKey, string>>;

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** An absolute path on Linux, macOS or Windows (C:\…, \\server\share). */
const isAbsolute = (path: string) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');

function FolderSettingsForm({ settings, zonesId }: { settings: LogSettings; zonesId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const setOverview = useLogs((s) => s.setOverview);
  const [folders, setFolders] = useState(settings.folders.join('\n'));
  const [patterns, setPatterns] = useState(settings.patterns.join('\n'));
  const [lastEntries, setLastEntries] = useState(String(settings.lastEntries));
  const [polling, setPolling] = useState(settings.polling);
  const [zone, setZone] = useState(settings.defaultTimeZone);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<ClientError | null>(null);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);

  const edited = (key: FolderKey) => {
    setSaved(false);
    setProblems(({ [key]: _gone, ...rest }) => rest);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Problems = {};
    const folderList = lines(folders);
    const patternList = lines(patterns);
    const count = Number(lastEntries);
    if (folderList.length === 0) found.folders = t('logsUi.settings.errors.foldersRequired');
    else if (folderList.some((f) => !isAbsolute(f))) found.folders = t('logsUi.settings.errors.absolute', { folder: folderList.find((f) => !isAbsolute(f)) });
    if (patternList.length === 0) found.patterns = t('logsUi.settings.errors.patternsRequired');
    if (!Number.isInteger(count) || count < MIN_LAST_ENTRIES || count > MAX_LAST_ENTRIES) found.lastEntries = t('logsUi.settings.errors.lastEntries', { min: MIN_LAST_ENTRIES, max: MAX_LAST_ENTRIES });
    if (!isTimeZone(zone.trim())) found.defaultTimeZone = t('logsUi.settings.errors.zone', { zone: zone.trim() });
    setProblems(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    const result = await api.call('logs.settings.update', { folders: folderList, patterns: patternList, lastEntries: count, polling, defaultTimeZone: zone.trim() });
    setPending(false);
    if (!result.ok) {
      // A field the main process refused (a folder, the zone…): under that field.
      const fields: Problems = {};
      for (const field of result.error.fields ?? []) {
        const key = field.path.split('.')[0] as FolderKey;
        if (['folders', 'patterns', 'lastEntries', 'defaultTimeZone'].includes(key)) fields[key] ??= field.message;
      }
      setProblems(fields);
      setError(result.error);
      return;
    }
    setOverview(result.value);
    setSaved(true);
    // Other folders, patterns or count: read the last entries again.
    void useLogs.getState().load();
  };

  const field = (key: FolderKey) => ({ 'aria-invalid': problems[key] ? true : undefined, 'aria-describedby': `${id}-${key}-hint${problems[key] ? ` ${id}-${key}-error` : ''}` });
  const errorOf = (key: FolderKey) =>
    problems[key] && (
      <p className="field-error" id={`${id}-${key}-error`} data-testid={`logs-settings-error-${key}`}>
        {problems[key]}
      </p>
    );

  return (
    <form className="form log-settings-form" onSubmit={(e) => void submit(e)} noValidate data-testid="logs-settings-form">
      <section className="form-section">
        <h3 className="form-section-title">{t('logsUi.settings.foldersTitle')}</h3>
        <div className="field">
          <label htmlFor={`${id}-folders`}>{t('logsUi.settings.folders')}</label>
          <textarea id={`${id}-folders`} name="folders" rows={3} spellCheck={false} className="mono" data-testid="logs-settings-folders" value={folders} onChange={(e) => (setFolders(e.target.value), edited('folders'))} {...field('folders')} />
          {errorOf('folders')}
          <p className="field-hint" id={`${id}-folders-hint`}>
            {t('logsUi.settings.foldersHint')}
          </p>
          <FolderStates />
        </div>
        <div className="field">
          <label htmlFor={`${id}-patterns`}>{t('logsUi.settings.patterns')}</label>
          <textarea id={`${id}-patterns`} name="patterns" rows={3} spellCheck={false} className="mono" data-testid="logs-settings-patterns" value={patterns} onChange={(e) => (setPatterns(e.target.value), edited('patterns'))} {...field('patterns')} />
          {errorOf('patterns')}
          <p className="field-hint" id={`${id}-patterns-hint`}>
            {t('logsUi.settings.patternsHint', { defaults: DEFAULT_LOG_FILE_PATTERNS.join(', ') })}
          </p>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-last`}>{t('logsUi.settings.lastEntries')}</label>
            <input id={`${id}-last`} name="lastEntries" type="number" inputMode="numeric" min={MIN_LAST_ENTRIES} max={MAX_LAST_ENTRIES} step={100} data-testid="logs-settings-last-entries" value={lastEntries} onChange={(e) => (setLastEntries(e.target.value), edited('lastEntries'))} {...field('lastEntries')} />
            {errorOf('lastEntries')}
            <p className="field-hint" id={`${id}-lastEntries-hint`}>
              {t('logsUi.settings.lastEntriesHint', { n: DEFAULT_LAST_ENTRIES })}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-zone`}>{t('logsUi.settings.defaultTimeZone')}</label>
            <input id={`${id}-zone`} name="defaultTimeZone" list={zonesId} spellCheck={false} autoComplete="off" data-testid="logs-settings-zone" value={zone} onChange={(e) => (setZone(e.target.value), edited('defaultTimeZone'))} {...field('defaultTimeZone')} />
            {errorOf('defaultTimeZone')}
            <p className="field-hint" id={`${id}-defaultTimeZone-hint`}>
              {t('logsUi.settings.defaultTimeZoneHint', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}
            </p>
          </div>
        </div>
        <div className="checkbox">
          <input id={`${id}-polling`} type="checkbox" data-testid="logs-settings-polling" checked={polling} onChange={(e) => (setPolling(e.target.checked), setSaved(false))} />
          <label htmlFor={`${id}-polling`}>
            {t('logsUi.settings.polling')}
            <span className="field-hint checkbox-hint">{t('logsUi.settings.pollingHint')}</span>
          </label>
        </div>
        {error && !error.fields?.length && <FormError>{errorMessage(t, error)}</FormError>}
        <div className="log-settings-save">
          <button type="submit" className="button button-primary" data-testid="logs-settings-save" disabled={pending}>
            {pending ? t('common.saving') : t('logsUi.settings.save')}
          </button>
          {saved && (
            <span className="form-success-inline" role="status" data-testid="logs-settings-saved">
              {t('logsUi.settings.saved')}
            </span>
          )}
        </div>
      </section>
    </form>
  );
}

function FileSettingsRow({ file, zonesId, defaultZone }: { file: LogFileView; zonesId: string; defaultZone: string }) {
  const { t } = useTranslation();
  const id = useId();
  const language = currentLanguage();
  const [format, setFormat] = useState<LogFormat | ''>(file.formatOverride ?? '');
  const [zone, setZone] = useState(file.timeZoneOverride ?? '');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const dirty = format !== (file.formatOverride ?? '') || zone.trim() !== (file.timeZoneOverride ?? '');

  const save = async () => {
    const timeZone = zone.trim();
    if (timeZone && !isTimeZone(timeZone)) {
      setError(t('logsUi.settings.errors.zone', { zone: timeZone }));
      return;
    }
    setPending(true);
    setError(null);
    const result = await api.call('logs.fileSettings.update', { file: file.key, format: format || null, timeZone: timeZone || null });
    setPending(false);
    if (!result.ok) {
      setError(result.error.fields?.[0]?.message ?? errorMessage(t, result.error));
      return;
    }
    const overview = useLogs.getState().overview;
    if (overview) useLogs.getState().setOverview({ ...overview, files: overview.files.map((f) => (f.key === file.key ? result.value : f)) });
    setSaved(true);
    // Entries are read again with the new format or zone.
    void useLogs.getState().load();
  };

  const detected = file.detectedFormat ? t(`logsUi.formats.${file.detectedFormat}`) : t('logsUi.settings.notDetected');
  return (
    <div className="log-file-setting" data-testid="logs-file-setting" data-file={file.key}>
      <div className="log-file-name">
        <strong className="mono">{file.name}</strong>
        {file.compressed && <span className="tag tag-quiet tag-inline">{t('logsUi.settings.compressed')}</span>}
        <span className="muted small">
          {formatBytes(file.size, language)} · {t('logsUi.settings.modified', { date: formatShortDateTime(file.modifiedAt, language) })}
          {file.encoding === 'latin1' && ` · ${t('logsUi.settings.latin1')}`}
        </span>
        {file.problem && (
          <span className="log-file-problem" data-testid="logs-file-setting-problem">
            <AlertIcon />
            {problemText(t, file.problem, 'file')}
          </span>
        )}
      </div>
      <div className="log-file-controls">
        <div className="field">
          <label htmlFor={`${id}-format`}>{t('logsUi.settings.format')}</label>
          <select id={`${id}-format`} data-testid="logs-file-format" value={format} onChange={(e) => (setFormat(e.target.value as LogFormat | ''), setSaved(false))}>
            <option value="">{t('logsUi.settings.formatAuto', { detected })}</option>
            {LOG_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`logsUi.formats.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-zone`}>{t('logsUi.settings.fileZone')}</label>
          <input
            id={`${id}-zone`}
            list={zonesId}
            spellCheck={false}
            autoComplete="off"
            data-testid="logs-file-zone"
            placeholder={t('logsUi.settings.fileZoneDefault', { zone: zoneLabel(t, defaultZone) })}
            value={zone}
            aria-invalid={error ? true : undefined}
            onChange={(e) => (setZone(e.target.value), setSaved(false), setError(null))}
          />
        </div>
        <button type="button" className="button button-small" data-testid="logs-file-save" disabled={!dirty || pending} onClick={() => void save()}>
          {pending ? t('common.saving') : t('common.save')}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p className="form-success-inline small" role="status">
          {t('logsUi.settings.fileSaved')}
        </p>
      )}
    </div>
  );
}
