// Deleting an account for good: irreversible, so deactivation is offered first, the username
// must be typed again, and the main process asks for a step-up confirmation (api.ts opens the
// "Confirm it's you" dialog over this one). The audit trail keeps the account's history.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountDetail } from '../../../shared/types';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { errorMessage } from '../../ui/errors';
import { TypeToConfirm } from '../../ui/TypeToConfirm';
import { displayName } from './format';

interface Props {
  account: AccountDetail;
  onClose(): void;
  onDeleted(): void;
  /** The safer way out: deactivate instead (only offered while the account is not inactive). */
  onDeactivateInstead(): void;
}

export function DeleteAccountDialog({ account, onClose, onDeleted, onDeactivateInstead }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  // As the main process compares: trimmed, whatever the case.
  const matches = typed.trim().toLowerCase() === account.username.toLowerCase();
  const name = displayName(account, currentLanguage());

  async function remove() {
    setPending(true);
    const result = await api.accounts.delete({ accountId: account.id, confirmUsername: typed.trim() });
    setPending(false);
    if (result.ok) onDeleted();
    else setError(result.error);
  }

  const message = (problem: ClientError): string => {
    if (problem.code === 'LAST_FULL_MANAGER') return t('accountsUi.lifecycle.lastFullManager');
    if (problem.fields?.some((f) => f.code === 'own-account' || f.code === 'own_account')) return t('accountsUi.lifecycle.deleteSelf');
    if (problem.fields?.some((f) => f.path === 'confirmUsername')) return t('accountsUi.lifecycle.deleteMismatch');
    return errorMessage(t, problem);
  };

  return (
    <ConfirmDialog
      title={t('accountsUi.lifecycle.deleteTitle', { username: account.username })}
      description={t('accountsUi.lifecycle.deleteText', { name })}
      confirmLabel={t('accountsUi.lifecycle.deleteConfirm')}
      tone="danger"
      pending={pending}
      confirmDisabled={!matches}
      error={error && message(error)}
      onConfirm={() => void remove()}
      onCancel={onClose}
      testId="account-delete-dialog"
      confirmTestId="account-delete-confirm"
      extraActions={
        account.status !== 'inactive' ? (
          <button type="button" className="button" data-testid="account-delete-deactivate-instead" onClick={onDeactivateInstead}>
            {t('accountsUi.lifecycle.deactivateInstead')}
          </button>
        ) : undefined
      }
      wide
    >
      {account.status !== 'inactive' && (
        <p className="form-info" data-testid="account-delete-recommendation">
          {t('accountsUi.lifecycle.deleteRecommendation')}
        </p>
      )}
      <ul className="lifecycle-facts">
        <li>{t('accountsUi.lifecycle.deleteFactSignIn')}</li>
        {account.children.length > 0 && (
          <li>
            {account.parent
              ? t('accountsUi.lifecycle.deleteFactChildren', { count: account.children.length, parent: account.parent.username })
              : t('accountsUi.lifecycle.deleteFactChildrenNoParent', { count: account.children.length })}
          </li>
        )}
        <li>{t('accountsUi.lifecycle.deleteFactAudit')}</li>
        <li>{t('accountsUi.lifecycle.deleteFactStepUp')}</li>
      </ul>
      <TypeToConfirm
        label={t('accountsUi.lifecycle.deleteTypeLabel', { username: account.username })}
        hint={t('accountsUi.lifecycle.deleteTypeHint')}
        matchedHint={t('accountsUi.lifecycle.deleteTypedOk')}
        value={typed}
        matches={matches}
        onChange={(value) => {
          setTyped(value);
          setError(null);
        }}
        name="confirmUsername"
        testId="account-delete-username"
      />
    </ConfirmDialog>
  );
}
