// The security actions on one account row. Resetting a password or two-factor is sensitive: the
// main process asks for a step-up confirmation, which api.ts turns into the "Confirm it's you"
// dialog before the action goes through.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, SignInRecord, TemporaryPassword } from '../../../shared/types';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatDateTime, fullName } from '../../i18n/format';
import { CopyButton } from '../../ui/CopyButton';
import { Dialog } from '../../ui/Dialog';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { SignInsTable } from '../profile/SignInsTable';
import { useAccounts } from './store';

export interface AccountNotice {
  kind: 'unlocked' | 'twoFactorReset';
  username: string;
}

type Open = null | 'resetPassword' | 'resetTwoFactor' | 'signIns';

export interface IssuedPassword {
  issued: TemporaryPassword;
  name: string;
}

interface Props {
  account: AccountSummary;
  isSelf: boolean;
  locked: boolean;
  onNotice(notice: AccountNotice): void;
  /** Shown by the page, so that a reload of the rows cannot take it away before it is read. */
  onIssued(password: IssuedPassword): void;
}

export function AccountActions({ account, isSelf, locked, onNotice, onIssued }: Props) {
  const { t } = useTranslation();
  const updated = useAccounts((s) => s.updated);
  const [open, setOpen] = useState<Open>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);

  async function unlock() {
    setPending(true);
    const result = await api.accounts.unlock({ accountId: account.id });
    setPending(false);
    if (result.ok) {
      setError(null);
      updated(result.value);
      onNotice({ kind: 'unlocked', username: account.username });
      // The "locked only" list no longer holds it.
      if (useAccounts.getState().filters.lockedOnly) void useAccounts.getState().load();
    } else setError(result.error);
  }

  return (
    <div className="row-actions">
      {locked && (
        <button type="button" className="button button-small button-primary" data-testid="account-unlock" disabled={pending} onClick={() => void unlock()}>
          {t('accounts.actions.unlock')}
        </button>
      )}
      {/* One's own password and two-factor are managed from the profile. */}
      {!isSelf && (
        <button type="button" className="button button-small" data-testid="account-reset-password" onClick={() => setOpen('resetPassword')}>
          {t('accounts.actions.resetPassword')}
        </button>
      )}
      {!isSelf && account.twoFactorEnabled && (
        <button type="button" className="button button-small" data-testid="account-reset-two-factor" onClick={() => setOpen('resetTwoFactor')}>
          {t('accounts.actions.resetTwoFactor')}
        </button>
      )}
      <button type="button" className="button button-small" data-testid="account-sign-ins" onClick={() => setOpen('signIns')}>
        {t('accounts.actions.signIns')}
      </button>
      {error && <p className="field-error">{errorMessage(t, error)}</p>}

      {open === 'resetPassword' && (
        <ResetPasswordDialog
          account={account}
          onClose={() => setOpen(null)}
          onIssued={(password) => {
            setOpen(null);
            onIssued(password);
          }}
        />
      )}
      {open === 'resetTwoFactor' && (
        <ResetTwoFactorDialog
          account={account}
          onClose={() => setOpen(null)}
          onDone={(next) => {
            setOpen(null);
            updated(next);
            onNotice({ kind: 'twoFactorReset', username: account.username });
          }}
        />
      )}
      {open === 'signIns' && <SignInsDialog account={account} onClose={() => setOpen(null)} />}
    </div>
  );
}

function ResetPasswordDialog({ account, onClose, onIssued }: { account: AccountSummary; onClose(): void; onIssued(password: IssuedPassword): void }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const name = fullName(account, currentLanguage());

  async function reset() {
    setPending(true);
    const result = await api.accounts.resetPassword({ accountId: account.id });
    setPending(false);
    if (result.ok) {
      onIssued({ issued: result.value, name });
      void useAccounts.getState().load();
    } else setError(result.error);
  }

  return (
    <Dialog title={t('accounts.resetPassword.title', { name })} description={t('accounts.resetPassword.text', { username: account.username })} onCancel={onClose} testId="reset-password-dialog" alert>
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button-danger" data-testid="reset-password-confirm" disabled={pending} aria-busy={pending} onClick={() => void reset()}>
          {t('accounts.resetPassword.confirm')}
        </button>
      </div>
    </Dialog>
  );
}

export function TemporaryPasswordDialog({ issued, name, onClose }: IssuedPassword & { onClose(): void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const hours = Math.round((Date.parse(issued.expiresAt) - Date.now()) / 3_600_000);
  return (
    <Dialog title={t('accounts.temporaryPassword.title')} description={t('accounts.temporaryPassword.intro', { name, username: issued.username })} onCancel={onClose} testId="temporary-password-dialog" alert>
      <div className="secret-box">
        <code className="secret secret-large" data-testid="temporary-password">
          {issued.temporaryPassword}
        </code>
        <CopyButton text={issued.temporaryPassword} testId="temporary-password-copy" />
      </div>
      <p>
        {t('accounts.temporaryPassword.expires', { date: formatDateTime(issued.expiresAt, language) })}{' '}
        {hours > 0 && <span className="muted">({t('accounts.temporaryPassword.hours', { count: hours })})</span>}
      </p>
      <p className="note">{t('accounts.temporaryPassword.warning')}</p>
      <div className="form-actions">
        <button type="button" className="button button-primary" data-testid="temporary-password-close" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}

function ResetTwoFactorDialog({ account, onClose, onDone }: { account: AccountSummary; onClose(): void; onDone(account: AccountSummary): void }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const name = fullName(account, currentLanguage());

  async function reset() {
    setPending(true);
    const result = await api.accounts.resetTwoFactor({ accountId: account.id });
    setPending(false);
    if (result.ok) onDone(result.value);
    else setError(result.error);
  }

  return (
    <Dialog title={t('accounts.resetTwoFactor.title', { name })} description={t('accounts.resetTwoFactor.text', { username: account.username })} onCancel={onClose} testId="reset-two-factor-dialog" alert>
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button-danger" data-testid="reset-two-factor-confirm" disabled={pending} aria-busy={pending} onClick={() => void reset()}>
          {t('accounts.resetTwoFactor.confirm')}
        </button>
      </div>
    </Dialog>
  );
}

function SignInsDialog({ account, onClose }: { account: AccountSummary; onClose(): void }) {
  const { t } = useTranslation();
  const [records, setRecords] = useState<SignInRecord[] | null>(null);
  const [error, setError] = useState<ClientError | null>(null);

  useEffect(() => {
    let current = true;
    void api.accounts.signIns({ accountId: account.id, limit: 20 }).then((result) => {
      if (!current) return;
      if (result.ok) setRecords(result.value);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [account.id]);

  return (
    <Dialog title={t('accounts.signInsTitle', { name: fullName(account, currentLanguage()) })} description={t('accounts.signInsIntro', { username: account.username })} onCancel={onClose} testId="account-sign-ins-dialog" wide>
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      {!records && !error && <p className="muted">{t('app.loading')}</p>}
      {records && <SignInsTable records={records} />}
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
