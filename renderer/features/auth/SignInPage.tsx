// Sign-in. Wrong username and wrong password get the same message (the main process makes
// sure of it); inactive and locked accounts are told what to do.
import { useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { errorMessage } from '../../ui/errors';
import { Field, PasswordField } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { useServerErrors } from '../../ui/useServerErrors';
import { AuthLayout } from './AuthLayout';
import { useAuth } from './store';

export function SignInPage() {
  const { t } = useTranslation();
  const signIn = useAuth((s) => s.signIn);
  const notice = useAuth((s) => s.notice);
  const demo = useAuth((s) => s.health?.demo);
  const [values, setValues] = useState({ username: '', password: '' });
  const [pending, setPending] = useState(false);
  const errors = useServerErrors();
  const passwordRef = useRef<HTMLInputElement>(null);

  const change = (name: 'username' | 'password') => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: event.target.value }));
    errors.edited(name);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    const result = await signIn(values);
    setPending(false);
    if (!result.ok) {
      errors.fail(result.error, values);
      // Keep the username, clear the password and put the cursor back into it.
      setValues((v) => ({ ...v, password: '' }));
      passwordRef.current?.focus();
    }
  }

  const message = errors.formMessage ?? (notice ? errorMessage(t, notice) : null);

  return (
    <AuthLayout title={t('signIn.title')} intro={t('signIn.intro')}>
      {demo && (
        <aside className="demo-credentials" data-testid="demo-credentials" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('signIn.demoTitle')}</h2>
          <p>
            <Trans i18nKey="signIn.demoText" components={{ code: <code className="nowrap" /> }} />
          </p>
          <dl>
            <dt>{t('fields.username')}</dt>
            <dd>
              <code>{demo.username}</code>
            </dd>
            <dt>{t('fields.password')}</dt>
            <dd>
              <code>{demo.password}</code>
            </dd>
          </dl>
          <button type="button" className="button button-small" onClick={() => setValues({ username: demo.username, password: demo.password })}>
            {t('signIn.demoFill')}
          </button>
        </aside>
      )}
      <form className="form" data-testid="signin-form" onSubmit={submit} noValidate>
        <FormError>{message}</FormError>
        <Field
          name="username"
          label={t('fields.username')}
          autoComplete="username"
          autoCapitalize="off"
          spellCheck={false}
          value={values.username}
          onChange={change('username')}
          error={errors.fields.username}
          autoFocus
        />
        <PasswordField
          ref={passwordRef}
          name="password"
          label={t('fields.password')}
          autoComplete="current-password"
          value={values.password}
          onChange={change('password')}
          error={errors.fields.password}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary button-block" disabled={pending} aria-busy={pending}>
            {pending ? t('signIn.submitting') : t('signIn.submit')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
