// Changing one's own password. The main process signs out the account's other sessions.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangePasswordForm } from '../passwords/ChangePasswordForm';

export function PasswordCard() {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t('profile.passwordTitle')}</h2>
      {done && (
        <p className="form-success" role="status" data-testid="password-changed">
          {t('profile.passwordChanged')}
        </p>
      )}
      <ChangePasswordForm testId="profile-password-form" currentLabel={t('passwords.currentPassword')} submitLabel={t('profile.passwordSubmit')} onDone={() => setDone(true)} />
    </section>
  );
}
