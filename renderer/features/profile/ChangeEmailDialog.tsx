// A new e-mail address, confirmed with the current password. The address must be one the admin
// reads: it is where the platform's notices and a Manager's messages go.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Profile } from '../../../shared/types';
import { api } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { Field, PasswordField } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { useServerErrors } from '../../ui/useServerErrors';

export function ChangeEmailDialog({ currentEmail, onClose, onChanged }: { currentEmail: string; onClose(): void; onChanged(profile: Profile): void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState({ email: '', currentPassword: '' });
  const [pending, setPending] = useState(false);
  const errors = useServerErrors();

  const change = (name: 'email' | 'currentPassword') => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: event.target.value }));
    errors.edited(name);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    const result = await api.profile.changeEmail(values);
    setPending(false);
    if (result.ok) onChanged(result.value);
    else {
      errors.fail(result.error, values);
      setValues((v) => ({ ...v, currentPassword: '' }));
    }
  }

  return (
    <Dialog title={t('profile.changeEmailTitle')} description={t('profile.changeEmailCurrent', { email: currentEmail })} onCancel={onClose} testId="change-email-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <FormError>{errors.formMessage}</FormError>
        <Field name="email" type="email" label={t('profile.newEmail')} autoComplete="email" value={values.email} onChange={change('email')} error={errors.fields.email} maxLength={254} autoFocus />
        <p className="note">{t('profile.changeEmailWarning')}</p>
        <PasswordField name="currentPassword" label={t('passwords.currentPassword')} autoComplete="current-password" value={values.currentPassword} onChange={change('currentPassword')} error={errors.fields.currentPassword} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={pending || !values.email || !values.currentPassword} aria-busy={pending}>
            {pending ? t('common.saving') : t('profile.changeEmailSubmit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
