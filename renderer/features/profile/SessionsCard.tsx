// Signing out of every window and computer where this account is signed in, this one included.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { useAuth } from '../auth/store';
import type { ClientError } from '../../api';

export function SessionsCard() {
  const { t } = useTranslation();
  const signOutEverywhere = useAuth((s) => s.signOutEverywhere);
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);

  async function confirm() {
    setPending(true);
    const result = await signOutEverywhere();
    setPending(false);
    // On success this page is gone already (back to the sign-in screen).
    if (!result.ok) {
      setError(result.error);
      setConfirming(false);
    }
  }

  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('profile.sessionsTitle')}</h2>
      <p className="card-intro">{t('profile.sessionsIntro')}</p>
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      <div>
        <button type="button" className="button button-danger" data-testid="sign-out-everywhere" onClick={() => setConfirming(true)}>
          {t('profile.signOutEverywhere')}
        </button>
      </div>
      {confirming && (
        <Dialog title={t('profile.signOutEverywhereTitle')} description={t('profile.signOutEverywhereText')} onCancel={() => setConfirming(false)} testId="sign-out-everywhere-dialog" alert>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button button-danger" data-testid="sign-out-everywhere-confirm" disabled={pending} aria-busy={pending} onClick={() => void confirm()}>
              {t('profile.signOutEverywhere')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
