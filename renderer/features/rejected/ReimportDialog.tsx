// "Re-import": the corrected rows written as a new CSV into the import folder (same name, same
// delimiter and line end; the file's encoding or UTF-8; the error column left out), then the
// rejected file moved into archive/. The edits are checked again first, so the dialog says how
// many rows still have errors. A file of the same name already waiting in the import folder is
// never replaced without a second, explicit choice.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RejectedReimportResult } from '../../../shared/rejected';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { errorMessage } from '../../ui/errors';
import { editCount, editList } from './edits';
import { encodingName } from './format';
import { useRejectedViewer } from './viewerStore';

interface Props {
  importFolder: string | null;
  rejectedFolder: string | null;
  onClose(): void;
  onDone(result: RejectedReimportResult): void;
}

/** The folder joined with the name the way the folder is written (\ on Windows). */
function joinPath(folder: string, name: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

export function ReimportDialog({ importFolder, rejectedFolder, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const language = currentLanguage();
  const view = useRejectedViewer((s) => s.view)!;
  const book = useRejectedViewer((s) => s.book);
  const checking = useRejectedViewer((s) => s.checking);
  const stillInError = useRejectedViewer((s) => s.stillInError);
  const rows = useRejectedViewer((s) => s.status?.rows ?? 0);
  const indexing = useRejectedViewer((s) => s.status?.state === 'indexing');
  const [encoding, setEncoding] = useState<'same' | 'utf-8'>('same');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const [conflict, setConflict] = useState(false);
  const edits = editCount(book);

  // What is about to be written, checked with the edits as they are now.
  useEffect(() => {
    void useRejectedViewer.getState().check();
  }, []);

  async function reimport(overwrite: boolean) {
    setPending(true);
    setError(null);
    const result = await api.rejected.reimport({ viewId: view.viewId, edits: editList(useRejectedViewer.getState().book), encoding, overwrite });
    setPending(false);
    if (result.ok) {
      onDone(result.value);
      return;
    }
    if (result.error.code === 'CONFLICT') setConflict(true);
    else setError(result.error);
  }

  const target = importFolder ? joinPath(importFolder, view.name) : view.name;
  const archive = rejectedFolder ? joinPath(joinPath(rejectedFolder, 'archive'), view.name) : `archive/${view.name}`;
  const sameName = encodingName(t, view.encoding, view.bom);

  return (
    <ConfirmDialog
      title={t('rejectedUi.reimport.title')}
      description={t('rejectedUi.reimport.text', { count: rows, n: formatNumber(rows, language) })}
      confirmLabel={conflict ? t('rejectedUi.reimport.overwrite') : t('rejectedUi.reimport.confirm')}
      tone={conflict ? 'danger' : 'primary'}
      pending={pending || checking}
      confirmDisabled={indexing}
      error={error && <ReimportError error={error} encodingName={sameName} />}
      onConfirm={() => void reimport(conflict)}
      onCancel={onClose}
      testId="rejected-reimport-dialog"
      confirmTestId={conflict ? 'rejected-reimport-overwrite' : 'rejected-reimport-confirm'}
      wide
    >
      <dl className="facts-grid">
        <div>
          <dt>{t('rejectedUi.reimport.target')}</dt>
          <dd>
            <code data-testid="rejected-reimport-target">{target}</code>
          </dd>
        </div>
        <div>
          <dt>{t('rejectedUi.reimport.archive')}</dt>
          <dd>
            <code>{archive}</code>
          </dd>
        </div>
        <div>
          <dt>{t('rejectedUi.reimport.edits')}</dt>
          <dd data-testid="rejected-reimport-edits">{edits ? t('rejectedUi.fix.edits', { count: edits, n: formatNumber(edits, language) }) : t('rejectedUi.reimport.noEdits')}</dd>
        </div>
      </dl>
      {indexing && <p className="form-warning">{t('rejectedUi.reimport.indexing')}</p>}
      <p className={stillInError ? 'form-warning' : 'form-info'} data-testid="rejected-reimport-check" aria-live="polite">
        {checking || stillInError === null ? t('rejectedUi.reimport.checking') : stillInError > 0 ? t('rejectedUi.reimport.stillInError', { count: stillInError, n: formatNumber(stillInError, language) }) : t('rejectedUi.reimport.allFixed')}
      </p>
      <fieldset className="rejected-choice">
        <legend>{t('rejectedUi.reimport.encoding')}</legend>
        <label className="rejected-radio">
          <input type="radio" name={`${id}-encoding`} value="same" checked={encoding === 'same'} data-testid="rejected-reimport-encoding-same" onChange={() => setEncoding('same')} />
          <span>{t('rejectedUi.reimport.encodingSame', { name: sameName })}</span>
        </label>
        <label className="rejected-radio">
          <input type="radio" name={`${id}-encoding`} value="utf-8" checked={encoding === 'utf-8'} data-testid="rejected-reimport-encoding-utf8" onChange={() => setEncoding('utf-8')} />
          <span>{t('rejectedUi.reimport.encodingUtf8')}</span>
        </label>
        <p className="field-hint">{t('rejectedUi.reimport.formatHint', { delimiter: view.delimiter === '\t' ? 'Tab' : view.delimiter })}</p>
      </fieldset>
      {conflict && (
        <p className="form-warning" role="alert" data-testid="rejected-reimport-conflict">
          {t('rejectedUi.reimport.conflict', { name: view.name })}
        </p>
      )}
    </ConfirmDialog>
  );
}

/** Why main refused: rows that cannot be written as they are (listed as main names them), an encoding that cannot hold a value, a file changed since it was opened. */
function ReimportError({ error, encodingName: name }: { error: ClientError; encodingName: string }) {
  const { t } = useTranslation();
  const fields = error.fields ?? [];
  if (fields.some((f) => f.code === 'unrepresentable')) return <>{t('rejectedUi.reimport.unrepresentable', { name })}</>;
  if (fields.some((f) => f.code === 'changed')) return <>{t('rejectedUi.reimport.changed')}</>;
  const refused = fields.filter((f) => f.code === 'rows-in-error');
  if (refused.length) {
    return (
      <span className="rejected-refused-wrap" data-testid="rejected-reimport-refused">
        <span>{t('rejectedUi.reimport.refused')}</span>
        <ul className="rejected-refused">
          {refused.map((f, i) => (
            <li key={i}>{f.message}</li>
          ))}
        </ul>
      </span>
    );
  }
  return <>{errorMessage(t, error)}</>;
}
