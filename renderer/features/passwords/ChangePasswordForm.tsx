// Current password, new password (with the rules and the live hint) and its confirmation;
// sends auth.changePassword. Used by the profile page and by the screen that a temporary
// password leads to.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionAccount } from '../../../shared/types';
import { PasswordField } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { useServerErrors } from '../../ui/useServerErrors';
import { useAuth } from '../auth/store';
import { PasswordRules, StrengthHint } from './StrengthHint';

const EMPTY = { currentPassword: '', newPassword: '', newPasswordConfirmation: '' };
type Values = typeof EMPTY;

interface Props {
  /** The temporary password screen names the current password "temporary password". */
  currentLabel: string;
  submitLabel: string;
  testId: string;
  onDone(account: SessionAccount): void;
  autoFocus?: boolean;
}

export function ChangePasswordForm({ currentLabel, submitLabel, testId, onDone, autoFocus = false }: Props) {
  const { t } = useTranslation();
  const account = useAuth((s) => s.account);
  const changePassword = useAuth((s) => s.changePassword);
  const [values, setValues] = useState<Values>(EMPTY);
  const [pending, setPending] = useState(false);
  const errors = useServerErrors();

  const change = (name: keyof Values) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: event.target.value }));
    errors.edited(name);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    if (values.newPassword !== values.newPasswordConfirmation) {
      errors.failLocally({ newPasswordConfirmation: 'fieldErrors.passwordConfirmation.mismatch' });
      return;
    }
    setPending(true);
    const input = { currentPassword: values.currentPassword, newPassword: values.newPassword };
    const result = await changePassword(input);
    setPending(false);
    if (!result.ok) {
      errors.fail(result.error, input);
      return;
    }
    // Nothing typed stays in memory longer than needed.
    setValues(EMPTY);
    errors.clear();
    onDone(result.value);
  }

  const confirmationMatches = values.newPasswordConfirmation !== '' && values.newPassword === values.newPasswordConfirmation;
  const userInputs = account ? [account.username, account.email, account.email.split('@')[0] ?? '', account.firstName, account.lastName] : [];

  return (
    <form className="form" data-testid={testId} onSubmit={submit} noValidate>
      <FormError>{errors.formMessage}</FormError>
      <PasswordField
        name="currentPassword"
        label={currentLabel}
        autoComplete="current-password"
        value={values.currentPassword}
        onChange={change('currentPassword')}
        error={errors.fields.currentPassword}
        autoFocus={autoFocus}
      />
      <PasswordRules />
      <PasswordField
        name="newPassword"
        label={t('passwords.newPassword')}
        autoComplete="new-password"
        value={values.newPassword}
        onChange={change('newPassword')}
        error={errors.fields.newPassword}
        hint={<StrengthHint password={values.newPassword} userInputs={userInputs} />}
      />
      <PasswordField
        name="newPasswordConfirmation"
        label={t('passwords.newPasswordConfirmation')}
        autoComplete="new-password"
        value={values.newPasswordConfirmation}
        onChange={change('newPasswordConfirmation')}
        error={errors.fields.newPasswordConfirmation}
        hint={confirmationMatches ? <span className="live-hint live-hint-good">{t('passwords.confirmationMatches')}</span> : undefined}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending} aria-busy={pending}>
          {pending ? t('common.saving') : submitLabel}
        </button>
      </div>
    </form>
  );
}
