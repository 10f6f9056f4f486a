// Deleting a rejected file: irreversible, so the dialog says so, names the file, and asks for its
// name typed again (main compares it too). Recorded in the audit trail with its size and
// SHA-256; afterwards a file of the same name may be imported again.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { errorMessage } from '../../ui/errors';
import { TypeToConfirm } from '../../ui/TypeToConfirm';
import { formatBytes } from '../logs/format';
import { editCount } from './edits';
import { useRejectedViewer } from './viewerStore';

interface Props {
  name: string;
  size: number;
  rows: number | null;
  onClose(): void;
  onDeleted(): void;
}

export function DeleteDialog({ name, size, rows, onClose, onDeleted }: Props) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [typed, setTyped] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  // Exactly the name: two files may differ only by case.
  const matches = typed === name;
  const edits = useRejectedViewer((s) => editCount(s.book));

  async function remove() {
    setPending(true);
    const result = await api.rejected.delete({ name, confirmName: typed });
    setPending(false);
    if (result.ok) onDeleted();
    else setError(result.error);
  }

  const message = (problem: ClientError): string => {
    if (problem.fields?.some((f) => f.path === 'confirmName')) return t('rejectedUi.delete.mismatch');
    if (problem.code === 'NOT_FOUND') return t('rejectedUi.delete.gone', { name });
    return errorMessage(t, problem);
  };

  return (
    <ConfirmDialog
      title={t('rejectedUi.delete.title')}
      description={
        <>
          {t('rejectedUi.delete.text')} <strong className="mono rejected-name-inline">{name}</strong>
        </>
      }
      confirmLabel={t('rejectedUi.delete.confirm')}
      tone="danger"
      pending={pending}
      confirmDisabled={!matches}
      error={error && message(error)}
      onConfirm={() => void remove()}
      onCancel={onClose}
      testId="rejected-delete-dialog"
      confirmTestId="rejected-delete-confirm"
      wide
    >
      <p className="form-warning rejected-irreversible" data-testid="rejected-delete-irreversible">
        {t('rejectedUi.delete.irreversible')}
      </p>
      <ul className="lifecycle-facts">
        <li>{rows !== null ? t('rejectedUi.delete.factRows', { size: formatBytes(size, language), count: rows, n: new Intl.NumberFormat(language).format(rows) }) : t('rejectedUi.delete.factSize', { size: formatBytes(size, language) })}</li>
        <li>{t('rejectedUi.delete.factSidecars')}</li>
        <li>{t('rejectedUi.delete.factAudit')}</li>
        <li>{t('rejectedUi.delete.factSameName')}</li>
        <li>{t('rejectedUi.delete.factDownload')}</li>
        {edits > 0 && <li className="text-warn">{t('rejectedUi.delete.factEdits', { count: edits })}</li>}
      </ul>
      <TypeToConfirm
        label={t('rejectedUi.delete.typeLabel')}
        hint={t('rejectedUi.delete.typeHint')}
        matchedHint={t('rejectedUi.delete.typedOk')}
        value={typed}
        matches={matches}
        onChange={(value) => {
          setTyped(value);
          setError(null);
        }}
        name="confirmName"
        testId="rejected-delete-name"
        placeholder={name}
        className="mono"
      />
    </ConfirmDialog>
  );
}
