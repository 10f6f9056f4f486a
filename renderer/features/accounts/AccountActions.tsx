// The actions on one account, shared by the rows of the list (a menu) and the detail page
// (buttons): unlock, temporary password, reset two-factor, sign-in history, deactivate and
// reactivate. Resetting a password or two-factor is sensitive: the main process asks for a
// step-up confirmation, which api.ts turns into the "Confirm it's you" dialog before the action
// goes through. Each hook owner renders `dialogs`.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, SignInRecord, TemporaryPassword } from '../../../shared/types';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatDateTime, fullName } from '../../i18n/format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CopyButton } from '../../ui/CopyButton';
import { Dialog } from '../../ui/Dialog';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { SignInsTable } from '../profile/SignInsTable';
import { useAccounts } from './store';

export interface AccountNotice {
  kind: 'unlocked' | 'twoFactorReset' | 'deactivated' | 'activated' | 'deleted' | 'created' | 'updated';
  username: string;
  /** The account's page, offered as a link (after creating it). */
  accountId?: number;
}

export interface IssuedPassword {
  issued: TemporaryPassword;
  name: string;
}

/** Locked now: by a Manager (status) or for a while after failed sign-ins. */
export function temporarilyLocked(account: Pick<AccountSummary, 'lockedUntil'>, now: number): boolean {
  return account.lockedUntil !== null && Date.parse(account.lockedUntil) > now;
}

type Open = null | 'resetPassword' | 'resetTwoFactor' | 'signIns' | 'deactivate' | 'activate';

export interface AccountAction {
  key: 'unlock' | 'resetPassword' | 'resetTwoFactor' | 'signIns' | 'deactivate' | 'activate';
  label: string;
  testId: string;
  run(): void;
  /** Locks someone out or removes something: shown apart, in red in menus. */
  danger?: boolean;
}

interface Options {
  isSelf: boolean;
  now: number;
  onNotice(notice: AccountNotice): void;
  /** Shown by the page, so that a reload of the rows cannot take it away before it is read. */
  onIssued(password: IssuedPassword): void;
  /** The account changed (the detail page reloads it). */
  onChanged?(account: AccountSummary): void;
}

export function useAccountActions(account: AccountSummary, { isSelf, now, onNotice, onIssued, onChanged }: Options) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Open>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const locked = account.status === 'locked' || temporarilyLocked(account, now);
  // One's own account is changed from the profile; a more powerful one or one outside one's sites not at all.
  const mayChange = account.manageable && !isSelf;

  const changed = (next: AccountSummary) => {
    useAccounts.getState().updated(next);
    onChanged?.(next);
  };

  async function unlock() {
    setPending(true);
    const result = await api.accounts.unlock({ accountId: account.id });
    setPending(false);
    if (result.ok) {
      setError(null);
      changed(result.value);
      onNotice({ kind: 'unlocked', username: account.username });
      // The "locked only" list no longer holds it.
      if (useAccounts.getState().filters.lockedOnly) void useAccounts.getState().load();
    } else setError(result.error);
  }

  const items: AccountAction[] = [];
  if (locked && mayChange) items.push({ key: 'unlock', label: t('accounts.actions.unlock'), testId: 'account-unlock', run: () => void unlock() });
  if (mayChange) items.push({ key: 'resetPassword', label: t('accounts.actions.resetPassword'), testId: 'account-reset-password', run: () => setOpen('resetPassword') });
  if (mayChange && account.twoFactorEnabled) items.push({ key: 'resetTwoFactor', label: t('accounts.actions.resetTwoFactor'), testId: 'account-reset-two-factor', run: () => setOpen('resetTwoFactor') });
  items.push({ key: 'signIns', label: t('accounts.actions.signIns'), testId: 'account-sign-ins', run: () => setOpen('signIns') });
  if (mayChange && account.status !== 'inactive') items.push({ key: 'deactivate', label: t('accountsUi.lifecycle.deactivate'), testId: 'account-deactivate', run: () => setOpen('deactivate'), danger: true });
  if (mayChange && account.status === 'inactive') items.push({ key: 'activate', label: t('accountsUi.lifecycle.activate'), testId: 'account-activate', run: () => setOpen('activate') });

  const close = () => setOpen(null);
  const dialogs: ReactNode = (
    <>
      {open === 'resetPassword' && (
        <ResetPasswordDialog
          account={account}
          onClose={close}
          onIssued={(password) => {
            close();
            onIssued(password);
          }}
        />
      )}
      {open === 'resetTwoFactor' && (
        <ResetTwoFactorDialog
          account={account}
          onClose={close}
          onDone={(next) => {
            close();
            changed(next);
            onNotice({ kind: 'twoFactorReset', username: account.username });
          }}
        />
      )}
      {open === 'signIns' && <SignInsDialog account={account} onClose={close} />}
      {(open === 'deactivate' || open === 'activate') && (
        <StatusDialog
          account={account}
          target={open}
          onClose={close}
          onDone={(next) => {
            close();
            changed(next);
            onNotice({ kind: open === 'deactivate' ? 'deactivated' : 'activated', username: account.username });
            // The list may no longer show it (inactive accounts hidden), or show it now.
            void useAccounts.getState().load();
          }}
        />
      )}
    </>
  );

  return { items, dialogs, locked, mayChange, pending, error, errorText: error ? errorMessage(t, error) : null, unlock: () => void unlock() };
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
    <ConfirmDialog
      title={t('accounts.resetPassword.title', { name })}
      description={t('accounts.resetPassword.text', { username: account.username })}
      confirmLabel={t('accounts.resetPassword.confirm')}
      tone="danger"
      pending={pending}
      error={error && errorMessage(t, error)}
      onConfirm={() => void reset()}
      onCancel={onClose}
      testId="reset-password-dialog"
      confirmTestId="reset-password-confirm"
    />
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
    <ConfirmDialog
      title={t('accounts.resetTwoFactor.title', { name })}
      description={t('accounts.resetTwoFactor.text', { username: account.username })}
      confirmLabel={t('accounts.resetTwoFactor.confirm')}
      tone="danger"
      pending={pending}
      error={error && errorMessage(t, error)}
      onConfirm={() => void reset()}
      onCancel={onClose}
      testId="reset-two-factor-dialog"
      confirmTestId="reset-two-factor-confirm"
    />
  );
}

/** Deactivate (the recommended way to take an account out of use) or reactivate. */
function StatusDialog({ account, target, onClose, onDone }: { account: AccountSummary; target: 'deactivate' | 'activate'; onClose(): void; onDone(account: AccountSummary): void }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const name = fullName(account, currentLanguage());

  async function run() {
    setPending(true);
    const result = target === 'deactivate' ? await api.accounts.deactivate({ accountId: account.id }) : await api.accounts.activate({ accountId: account.id });
    setPending(false);
    if (result.ok) onDone(result.value);
    else setError(result.error);
  }

  return (
    <ConfirmDialog
      title={t(`accountsUi.lifecycle.${target}Title`, { name })}
      description={t(`accountsUi.lifecycle.${target}Text`, { username: account.username })}
      confirmLabel={t(`accountsUi.lifecycle.${target}Confirm`)}
      tone={target === 'deactivate' ? 'danger' : 'primary'}
      pending={pending}
      error={error && (error.code === 'LAST_FULL_MANAGER' ? t('accountsUi.lifecycle.lastFullManager') : errorMessage(t, error))}
      onConfirm={() => void run()}
      onCancel={onClose}
      testId={`account-${target}-dialog`}
      confirmTestId={`account-${target}-confirm`}
    >
      {target === 'deactivate' && (
        <ul className="lifecycle-facts">
          <li>{t('accountsUi.lifecycle.deactivateKeeps')}</li>
          <li>{t('accountsUi.lifecycle.deactivateSessions')}</li>
          <li>{t('accountsUi.lifecycle.deactivateUndo')}</li>
        </ul>
      )}
    </ConfirmDialog>
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
