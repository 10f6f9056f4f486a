// "My profile": who I am and what I may do, my details and picture, my password, two-factor
// authentication, my last sign-ins, and signing out of every session.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { DetailsCard } from './DetailsCard';
import { IdentityCard } from './IdentityCard';
import { PasswordCard } from './PasswordCard';
import { SessionsCard } from './SessionsCard';
import { SignInsTable } from './SignInsTable';
import { useProfile } from './store';
import { TwoFactorCard } from './TwoFactorCard';

export function ProfilePage() {
  const { t } = useTranslation();
  const profile = useProfile((s) => s.profile);
  const error = useProfile((s) => s.error);
  const load = useProfile((s) => s.load);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page" data-testid="profile-page">
      <header className="page-header">
        <div>
          <h1>{t('profile.title')}</h1>
          <p className="page-intro">{t('profile.intro')}</p>
        </div>
      </header>
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      {!profile && !error && <p className="muted">{t('app.loading')}</p>}
      {profile && (
        <div className="profile-grid">
          <div className="profile-column">
            <IdentityCard profile={profile} />
            <DetailsCard profile={profile} />
          </div>
          <div className="profile-column">
            <PasswordCard />
            <TwoFactorCard profile={profile} />
            <SessionsCard />
          </div>
          <section className="card profile-wide" aria-labelledby="signins-title" data-testid="profile-signins">
            <h2 id="signins-title">{t('profile.signInsTitle')}</h2>
            <p className="card-intro">{t('profile.signInsIntro')}</p>
            <SignInsTable records={profile.recentSignIns} />
          </section>
        </div>
      )}
    </div>
  );
}
