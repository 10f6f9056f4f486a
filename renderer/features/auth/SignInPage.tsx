// Sign-in. Wrong username and wrong password get the same message (the main process makes
// sure of it); inactive and locked accounts are told what to do. With two-factor on, a second
// step asks for the authenticator's code (or a recovery code) and sends everything again: the
// password stays in this component's state only, and is cleared as soon as it is not needed.
import { useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { ClientError } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { errorMessage } from '../../ui/errors';
import { Field, PasswordField } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { useServerErrors } from '../../ui/useServerErrors';
import { AuthLayout } from './AuthLayout';
import { RecoveryCodeField, TotpField } from './SecondFactorField';
import { useAuth } from './store';

type Step = { kind: 'password' } | { kind: 'second-factor'; with: 'code' | 'recoveryCode' };

/** Answers that mean the second step cannot go on: back to the password. */
const BACK_TO_PASSWORD: readonly ClientError['code'][] = ['BAD_CREDENTIALS', 'ACCOUNT_LOCKED', 'ACCOUNT_INACTIVE', 'TEMPORARY_PASSWORD_EXPIRED', 'API_ONLY_ACCOUNT', 'SETUP_REQUIRED'];

export function SignInPage() {
  const { t } = useTranslation();
  const signIn = useAuth((s) => s.signIn);
  const notice = useAuth((s) => s.notice);
  const info = useAuth((s) => s.info);
  const demo = useAuth((s) => s.health?.demo);
  const [values, setValues] = useState({ username: '', password: '' });
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [secondFactor, setSecondFactor] = useState('');
  const [pending, setPending] = useState(false);
  const [forgotOpen, setForgotOpen] = useState(false);
  const errors = useServerErrors();
  const passwordRef = useRef<HTMLInputElement>(null);

  const change = (name: 'username' | 'password') => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: event.target.value }));
    errors.edited(name);
  };

  function backToPassword() {
    setStep({ kind: 'password' });
    setSecondFactor('');
    setValues((v) => ({ ...v, password: '' }));
    // After the re-render, the password field exists again.
    setTimeout(() => passwordRef.current?.focus(), 0);
  }

  async function submitPassword(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    const result = await signIn(values);
    setPending(false);
    if (result.ok) return;
    if (result.error.code === 'TWO_FACTOR_REQUIRED') {
      errors.clear();
      setSecondFactor('');
      setStep({ kind: 'second-factor', with: 'code' });
      return;
    }
    errors.fail(result.error, values);
    // Keep the username, clear the password and put the cursor back into it — unless it was
    // already retyped while the (deliberately slow) answer was on its way.
    const sent = values;
    setValues((v) => (v.username === sent.username && v.password === sent.password ? { ...v, password: '' } : v));
    if (passwordRef.current?.value === sent.password) passwordRef.current.focus();
  }

  async function submitSecondFactor(event: FormEvent) {
    event.preventDefault();
    if (pending || step.kind !== 'second-factor') return;
    setPending(true);
    const input = { ...values, [step.with]: secondFactor.trim() };
    const result = await signIn(input);
    setPending(false);
    if (result.ok) return;
    errors.fail(result.error, { [step.with]: secondFactor });
    if (BACK_TO_PASSWORD.includes(result.error.code)) backToPassword();
    else setSecondFactor('');
  }

  const message = errors.formMessage ?? (notice ? errorMessage(t, notice) : null);
  const infoMessage = !errors.formMessage && !notice && info ? t(`signIn.info.${info}`) : null;

  if (step.kind === 'second-factor') {
    const withCode = step.with === 'code';
    return (
      <AuthLayout title={t('signIn.twoFactorTitle')} intro={withCode ? t('signIn.twoFactorIntro') : t('signIn.recoveryIntro')}>
        <form className="form" data-testid="two-factor-form" onSubmit={submitSecondFactor} noValidate>
          <FormError>{message}</FormError>
          <p className="muted">{t('signIn.signingInAs', { username: values.username })}</p>
          {withCode ? (
            <TotpField key="code" value={secondFactor} onChange={setSecondFactor} error={errors.fields.code} autoFocus />
          ) : (
            <RecoveryCodeField key="recoveryCode" value={secondFactor} onChange={setSecondFactor} error={errors.fields.recoveryCode ?? errors.fields.code} autoFocus />
          )}
          <div className="form-actions">
            <button type="submit" className="button button-primary button-block" disabled={pending || secondFactor.trim() === ''} aria-busy={pending}>
              {pending ? t('signIn.submitting') : t('signIn.verify')}
            </button>
          </div>
          <div className="auth-links">
            <button
              type="button"
              className="button-link"
              data-testid="toggle-recovery-code"
              onClick={() => {
                errors.clear();
                setSecondFactor('');
                setStep({ kind: 'second-factor', with: withCode ? 'recoveryCode' : 'code' });
              }}
            >
              {withCode ? t('signIn.useRecoveryCode') : t('signIn.useAuthenticatorCode')}
            </button>
            <button
              type="button"
              className="button-link"
              data-testid="two-factor-back"
              onClick={() => {
                errors.clear();
                backToPassword();
              }}
            >
              {t('signIn.back')}
            </button>
          </div>
        </form>
      </AuthLayout>
    );
  }

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
      <form className="form" data-testid="signin-form" onSubmit={submitPassword} noValidate>
        {infoMessage && (
          <p className="form-info" role="status" data-testid="signin-info">
            {infoMessage}
          </p>
        )}
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
        <div className="auth-links">
          <button type="button" className="button-link" data-testid="forgot-password" onClick={() => setForgotOpen(true)}>
            {t('signIn.forgotPassword')}
          </button>
        </div>
      </form>
      {forgotOpen && <ForgotPasswordDialog onClose={() => setForgotOpen(false)} />}
    </AuthLayout>
  );
}

/** There is no e-mail reset (the console is offline): what each admin can do instead. */
function ForgotPasswordDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('forgot.title')} description={t('forgot.intro')} onCancel={onClose} testId="forgot-password-help" wide>
      <ol className="steps forgot-options">
        <li>
          <strong>{t('forgot.managerTitle')}</strong>
          <p>{t('forgot.managerText')}</p>
        </li>
        <li>
          <strong>{t('forgot.recoveryTitle')}</strong>
          <p>{t('forgot.recoveryText')}</p>
        </li>
        <li>
          <strong>{t('forgot.operatorTitle')}</strong>
          <p>{t('forgot.operatorText')}</p>
          <pre className="command">
            <code>vigie accounts reset-password &lt;{t('forgot.usernamePlaceholder')}&gt;</code>
          </pre>
        </li>
      </ol>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
