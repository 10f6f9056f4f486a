// "Confirm it's you": the acting admin's own password (and code when two-factor is on) before a
// sensitive action; valid for STEP_UP_WINDOW_MS, so a series of actions asks once.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { STEP_UP_WINDOW_MS } from '../../../shared/contract';
import { api } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { useServerErrors } from '../../ui/useServerErrors';
import { OwnCredentialFields } from './SecondFactorField';
import { useStepUp } from './stepUp';
import { useAuth } from './store';

export function StepUpDialog() {
  const open = useStepUp((s) => s.open);
  // Signed out (or the session ended) while a confirmation was pending: the call gets its
  // refusal back, and the next admin does not find the dialog open.
  useEffect(() => () => useStepUp.getState().finish(false), []);
  // A fresh form (nothing typed kept) each time the dialog opens.
  return open ? <StepUpForm /> : null;
}

function StepUpForm() {
  const { t } = useTranslation();
  const finish = useStepUp((s) => s.finish);
  const twoFactor = useAuth((s) => s.account?.twoFactorEnabled ?? false);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  const errors = useServerErrors();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    const input = twoFactor ? { password, code } : { password };
    const result = await api.auth.confirm(input);
    setPending(false);
    if (result.ok) {
      finish(true);
      return;
    }
    errors.fail(result.error, input);
    setPassword('');
    setCode('');
  }

  return (
    <Dialog
      title={t('stepUp.title')}
      description={twoFactor ? t('stepUp.introWithCode', { count: STEP_UP_WINDOW_MS / 60_000 }) : t('stepUp.intro', { count: STEP_UP_WINDOW_MS / 60_000 })}
      onCancel={() => finish(false)}
      testId="step-up-dialog"
    >
      <form className="form" onSubmit={submit} noValidate>
        <FormError>{errors.formMessage}</FormError>
        <OwnCredentialFields passwordLabel={t('stepUp.password')} {...{ password, setPassword, twoFactor, code, setCode, errors }} />
        <div className="form-actions">
          <button type="button" className="button" onClick={() => finish(false)}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={pending || !password} aria-busy={pending}>
            {pending ? t('stepUp.confirming') : t('stepUp.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
