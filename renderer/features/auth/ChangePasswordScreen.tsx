// Shown before anything else while the account must change its password (a temporary password
// issued by a Manager): the console opens once a new password is chosen.
import { useTranslation } from 'react-i18next';
import { ChangePasswordForm } from '../passwords/ChangePasswordForm';
import { replacePage } from '../shell/routes';
import { AuthLayout } from './AuthLayout';
import { useAuth } from './store';

export function ChangePasswordScreen() {
  const { t } = useTranslation();
  const account = useAuth((s) => s.account);
  const signOut = useAuth((s) => s.signOut);
  return (
    <AuthLayout title={t('mustChange.title')} intro={t('mustChange.intro')} wide testId="must-change-password">
      {account && <p className="muted">{t('mustChange.signedInAs', { username: account.username })}</p>}
      <ChangePasswordForm
        testId="change-password-form"
        currentLabel={t('mustChange.temporaryPassword')}
        submitLabel={t('mustChange.submit')}
        autoFocus
        onDone={() => replacePage('dashboard')}
      />
      <button type="button" className="button button-link" onClick={() => void signOut()}>
        {t('mustChange.signOut')}
      </button>
    </AuthLayout>
  );
}
