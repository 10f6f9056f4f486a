// The idle lock: a modal layer over the page, which stays mounted underneath (what was typed
// survives) but is hidden and inert until the password (and code) is given again.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { fullName } from '../../i18n/format';
import { Avatar } from '../../ui/Avatar';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { useServerErrors } from '../../ui/useServerErrors';
import { OwnCredentialFields } from './SecondFactorField';
import { useAuth } from './store';

export function LockScreen() {
  const locked = useAuth((s) => s.phase === 'signed-in' && s.idleLocked);
  return locked ? <LockForm /> : null;
}

function LockForm() {
  const { t } = useTranslation();
  const account = useAuth((s) => s.account);
  const minutes = useAuth((s) => s.idleLockMinutes);
  const unlock = useAuth((s) => s.unlock);
  const signOut = useAuth((s) => s.signOut);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  const errors = useServerErrors();
  const twoFactor = account?.twoFactorEnabled ?? false;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    const input = twoFactor ? { password, code } : { password };
    const result = await unlock(input);
    setPending(false);
    if (!result.ok) {
      errors.fail(result.error, input);
      setPassword('');
      setCode('');
    }
  }

  return (
    <Dialog title={t('lock.title')} description={t('lock.intro', { count: minutes })} onCancel={() => undefined} dismissible={false} testId="lock-screen" className="lock-screen">
      {account && (
        <div className="lock-identity">
          <Avatar person={account} size="large" />
          <div>
            <p className="profile-name">{fullName(account, currentLanguage())}</p>
            <p className="profile-detail">{account.username}</p>
          </div>
        </div>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <FormError>{errors.formMessage}</FormError>
        {/* The username lets password managers fill the right entry. */}
        <input type="text" name="username" autoComplete="username" value={account?.username ?? ''} readOnly hidden />
        <OwnCredentialFields passwordLabel={t('fields.password')} {...{ password, setPassword, twoFactor, code, setCode, errors }} />
        <div className="form-actions form-actions-split">
          <button type="button" className="button" data-testid="lock-sign-out" onClick={() => void signOut()}>
            {t('shell.signOut')}
          </button>
          <button type="submit" className="button button-primary" disabled={pending || !password} aria-busy={pending}>
            {pending ? t('lock.unlocking') : t('lock.unlock')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
