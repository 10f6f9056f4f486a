// First run: creates the first Manager account, which is then signed in.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { Field, PasswordField } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { useServerErrors } from '../../ui/useServerErrors';
import { StrengthHint } from '../passwords/StrengthHint';
import { AuthLayout } from './AuthLayout';
import { useAuth } from './store';

const EMPTY = { username: '', firstName: '', lastName: '', email: '', password: '', passwordConfirmation: '' };
type Values = typeof EMPTY;

export function SetupPage() {
  const { t } = useTranslation();
  const setUp = useAuth((s) => s.setUp);
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
    // The confirmation never leaves the window: it is checked here only.
    if (values.password !== values.passwordConfirmation) {
      errors.failLocally({ passwordConfirmation: 'fieldErrors.passwordConfirmation.mismatch' });
      return;
    }
    setPending(true);
    const { passwordConfirmation: _confirmation, ...input } = values;
    const result = await setUp(input);
    setPending(false);
    if (!result.ok) errors.fail(result.error, input);
  }

  const confirmationMatches = values.passwordConfirmation !== '' && values.password === values.passwordConfirmation;

  const firstName = (
    <Field key="firstName" name="firstName" label={t('fields.firstName')} autoComplete="given-name" value={values.firstName} onChange={change('firstName')} error={errors.fields.firstName} maxLength={100} />
  );
  const lastName = (
    <Field key="lastName" name="lastName" label={t('fields.lastName')} autoComplete="family-name" value={values.lastName} onChange={change('lastName')} error={errors.fields.lastName} maxLength={100} />
  );

  return (
    <AuthLayout title={t('setup.title')} intro={t('setup.intro')} wide>
      <form className="form" data-testid="setup-form" onSubmit={submit} noValidate>
        <FormError>{errors.formMessage}</FormError>
        <Field
          name="username"
          label={t('fields.username')}
          autoComplete="username"
          autoCapitalize="off"
          spellCheck={false}
          value={values.username}
          onChange={change('username')}
          error={errors.fields.username}
          hint={t('setup.usernameHint')}
          autoFocus
        />
        <div className="field-row">{currentLanguage() === 'ja' ? [lastName, firstName] : [firstName, lastName]}</div>
        <Field name="email" type="email" label={t('fields.email')} autoComplete="email" value={values.email} onChange={change('email')} error={errors.fields.email} />

        <section className="password-rules" aria-labelledby="password-rules-title">
          <h2 id="password-rules-title">{t('setup.rulesTitle')}</h2>
          <ul>
            <li>{t('setup.ruleLength')}</li>
            <li>{t('setup.ruleAnyCharacter')}</li>
            <li>{t('setup.ruleNoComposition')}</li>
          </ul>
        </section>

        <PasswordField
          name="password"
          label={t('fields.password')}
          autoComplete="new-password"
          value={values.password}
          onChange={change('password')}
          error={errors.fields.password}
          hint={<StrengthHint password={values.password} userInputs={[values.username, values.email, values.email.split('@')[0] ?? '', values.firstName, values.lastName]} />}
        />
        <PasswordField
          name="passwordConfirmation"
          label={t('fields.passwordConfirmation')}
          autoComplete="new-password"
          value={values.passwordConfirmation}
          onChange={change('passwordConfirmation')}
          error={errors.fields.passwordConfirmation}
          hint={confirmationMatches ? <span className="live-hint live-hint-good">{t('setup.confirmationMatches')}</span> : undefined}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending} aria-busy={pending}>
            {pending ? t('setup.submitting') : t('setup.submit')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
