// The Rejected imports settings, in a side panel: the watched rejected-imports folder, the import
// folder where corrected files are written, and polling for network shares. Managers with the
// Settings right change them (rejected.settings.update, audited); others see them.
import type { TFunction } from 'i18next';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RejectedFolderView } from '../../../shared/rejected';
import { api, type ClientError } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { can, useAuth } from '../auth/store';
import { problemText } from '../logs/Highlight';
import { AlertIcon } from '../logs/icons';
import { useRejectedList } from './listStore';

/** An absolute path on Linux, macOS or Windows (C:\…, \\server\share). */
const isAbsolute = (path: string) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');

export function RejectedSettingsPanel({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const folder = useRejectedList((s) => s.folder);
  const account = useAuth((s) => s.account);
  const mayEdit = can(account, 'manager.settings');
  return (
    <Dialog title={t('rejectedUi.settings.title')} description={t('rejectedUi.settings.intro')} onCancel={onClose} testId="rejected-settings" className="drawer rejected-settings">
      {!folder ? <p className="muted">{t('rejectedUi.list.loading')}</p> : mayEdit ? <SettingsForm folder={folder} /> : <SettingsView folder={folder} />}
      <div className="drawer-actions form-actions">
        <button type="button" className="button" data-testid="rejected-settings-close" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}

function FolderState({ path, problem }: { path: string; problem?: { code: string; message: string } }) {
  const { t } = useTranslation();
  return (
    <p className={`rejected-folder-state ${problem ? 'folder-bad' : 'folder-ok'}`} data-ok={!problem}>
      {problem ? <AlertIcon /> : <span className="folder-state-mark" aria-hidden="true">✓</span>}
      <code>{path}</code>
      <span>{problem ? problemText(t, problem, 'folder') : t('rejectedUi.settings.folderOk')}</span>
    </p>
  );
}

function SettingsView({ folder }: { folder: RejectedFolderView }) {
  const { t } = useTranslation();
  return (
    <section className="form-section" data-testid="rejected-settings-readonly">
      <dl className="facts-grid">
        <div>
          <dt>{t('rejectedUi.settings.rejectedFolder')}</dt>
          <dd>
            <code>{folder.rejectedFolder}</code>
          </dd>
        </div>
        <div>
          <dt>{t('rejectedUi.settings.importFolder')}</dt>
          <dd>
            <code>{folder.importFolder}</code>
          </dd>
        </div>
        <div>
          <dt>{t('rejectedUi.settings.polling')}</dt>
          <dd>{folder.polling ? t('rejectedUi.settings.yes') : t('rejectedUi.settings.no')}</dd>
        </div>
      </dl>
      <FolderState path={folder.rejectedFolder} problem={folder.problem} />
      <FolderState path={folder.importFolder} problem={folder.importFolderProblem} />
      <p className="field-hint">{t('rejectedUi.settings.readOnly')}</p>
    </section>
  );
}

type Key = 'rejectedFolder' | 'importFolder';

/** Main's refusal of a folder, in the admin's words when we know its code. */
function settingsFieldMessage(t: TFunction, code: string, message: string, folder: string): string {
  switch (code) {
    case 'not-absolute':
      return t('rejectedUi.settings.errors.absolute', { folder });
    case 'same-folder':
      return t('rejectedUi.settings.errors.same');
    case 'inside-rejected':
      return t('rejectedUi.settings.errors.insideRejected');
    case 'inside-import':
      return t('rejectedUi.settings.errors.insideImport');
    case 'unwritable':
      return t('rejectedUi.settings.errors.unwritable', { folder });
    case 'not-a-folder':
      return t('rejectedUi.settings.errors.notFolder', { folder });
    default:
      return message;
  }
}

function SettingsForm({ folder }: { folder: RejectedFolderView }) {
  const { t } = useTranslation();
  const id = useId();
  const setFolder = useRejectedList((s) => s.setFolder);
  const [rejectedFolder, setRejectedFolder] = useState(folder.rejectedFolder);
  const [importFolder, setImportFolder] = useState(folder.importFolder);
  const [polling, setPolling] = useState(folder.polling);
  const [problems, setProblems] = useState<Partial<Record<Key, string>>>({});
  const [error, setError] = useState<ClientError | null>(null);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);

  const edited = (key: Key) => {
    setSaved(false);
    setProblems(({ [key]: _gone, ...rest }) => rest);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Key, string>> = {};
    const values = { rejectedFolder: rejectedFolder.trim(), importFolder: importFolder.trim() };
    for (const key of ['rejectedFolder', 'importFolder'] as const) {
      if (!values[key]) found[key] = t('rejectedUi.settings.errors.required');
      else if (!isAbsolute(values[key])) found[key] = t('rejectedUi.settings.errors.absolute', { folder: values[key] });
    }
    if (!found.importFolder && values.importFolder === values.rejectedFolder) found.importFolder = t('rejectedUi.settings.errors.same');
    setProblems(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    const result = await api.call('rejected.settings.update', { ...values, polling });
    setPending(false);
    if (!result.ok) {
      const fields: Partial<Record<Key, string>> = {};
      for (const field of result.error.fields ?? []) {
        const key = field.path.split('.')[0] as Key;
        if (key === 'rejectedFolder' || key === 'importFolder') fields[key] ??= settingsFieldMessage(t, field.code, field.message, values[key]);
      }
      setProblems(fields);
      setError(result.error);
      return;
    }
    setFolder(result.value);
    setSaved(true);
  };

  const field = (key: Key) => ({ 'aria-invalid': problems[key] ? true : undefined, 'aria-describedby': `${id}-${key}-hint${problems[key] ? ` ${id}-${key}-error` : ''}` });
  const errorOf = (key: Key) =>
    problems[key] && (
      <p className="field-error" id={`${id}-${key}-error`} data-testid={`rejected-settings-error-${key}`}>
        {problems[key]}
      </p>
    );

  return (
    <form className="form log-settings-form" onSubmit={(e) => void submit(e)} noValidate data-testid="rejected-settings-form">
      <section className="form-section">
        <div className="field">
          <label htmlFor={`${id}-rejected`}>{t('rejectedUi.settings.rejectedFolder')}</label>
          <input id={`${id}-rejected`} name="rejectedFolder" className="mono" spellCheck={false} data-testid="rejected-settings-rejected-folder" value={rejectedFolder} onChange={(e) => (setRejectedFolder(e.target.value), edited('rejectedFolder'))} {...field('rejectedFolder')} />
          {errorOf('rejectedFolder')}
          <p className="field-hint" id={`${id}-rejectedFolder-hint`}>
            {t('rejectedUi.settings.rejectedFolderHint')}
          </p>
          <FolderState path={folder.rejectedFolder} problem={folder.problem} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-import`}>{t('rejectedUi.settings.importFolder')}</label>
          <input id={`${id}-import`} name="importFolder" className="mono" spellCheck={false} data-testid="rejected-settings-import-folder" value={importFolder} onChange={(e) => (setImportFolder(e.target.value), edited('importFolder'))} {...field('importFolder')} />
          {errorOf('importFolder')}
          <p className="field-hint" id={`${id}-importFolder-hint`}>
            {t('rejectedUi.settings.importFolderHint')}
          </p>
          <FolderState path={folder.importFolder} problem={folder.importFolderProblem} />
        </div>
        <div className="checkbox">
          <input id={`${id}-polling`} type="checkbox" data-testid="rejected-settings-polling" checked={polling} onChange={(e) => (setPolling(e.target.checked), setSaved(false))} />
          <label htmlFor={`${id}-polling`}>
            {t('rejectedUi.settings.polling')}
            <span className="field-hint checkbox-hint">{t('rejectedUi.settings.pollingHint')}</span>
          </label>
        </div>
        {error && !error.fields?.length && <FormError>{errorMessage(t, error)}</FormError>}
        <div className="log-settings-save">
          <button type="submit" className="button button-primary" data-testid="rejected-settings-save" disabled={pending}>
            {pending ? t('common.saving') : t('rejectedUi.settings.save')}
          </button>
          {saved && (
            <span className="form-success-inline" role="status" data-testid="rejected-settings-saved">
              {t('rejectedUi.settings.saved')}
            </span>
          )}
        </div>
      </section>
    </form>
  );
}
