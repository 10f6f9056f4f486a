// Who I am and what I may do (read-only here: a Manager changes rights), and my picture.
import { useTranslation } from 'react-i18next';
import { PERMISSION_CATALOG } from '../../../shared/permissions';
import type { Profile } from '../../../shared/types';
import { currentLanguage } from '../../i18n';
import { formatDateTime, fullName } from '../../i18n/format';
import { AvatarEditor } from './AvatarEditor';

export function IdentityCard({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const held = new Set(profile.permissions);
  const modules = PERMISSION_CATALOG.map((entry) => ({ module: entry.module, permissions: entry.permissions.filter((p) => held.has(p)) })).filter((entry) => entry.permissions.length > 0);

  return (
    <section className="card" aria-labelledby="identity-title" data-testid="profile-identity">
      <h2 id="identity-title">{t('profile.identityTitle')}</h2>
      <AvatarEditor profile={profile}>
        <div className="identity-text">
          <p className="identity-name">{fullName(profile, language)}</p>
          <p className="muted">{profile.email}</p>
        </div>
      </AvatarEditor>
      <dl className="facts-list">
        <dt>{t('fields.username')}</dt>
        <dd>
          <code data-testid="profile-username">{profile.username}</code> <span className="muted small">{t('profile.usernameFixed')}</span>
        </dd>
        <dt>{t('profile.adminLevel')}</dt>
        <dd>
          <span className={profile.adminLevel === 'none' ? 'muted' : 'tag'}>{t(`adminLevels.${profile.adminLevel}`)}</span>
        </dd>
        <dt>{t('shell.rights')}</dt>
        <dd data-testid="profile-permissions">
          {modules.length === 0 && <span className="muted">{t('shell.noRights')}</span>}
          {modules.map(({ module, permissions }) => (
            <div className="chip-group" key={module}>
              <span className="chip-group-name">{t(`modules.${module}`)}</span>
              {permissions.map((permission) => (
                <span className="chip" key={permission} data-permission={permission}>
                  {t(`permissions.${permission}`)}
                </span>
              ))}
            </div>
          ))}
        </dd>
        <dt>{t('profile.memberSince')}</dt>
        <dd>{formatDateTime(profile.createdAt, language)}</dd>
        <dt>{t('profile.passwordChangedAt')}</dt>
        <dd>{profile.passwordChangedAt ? formatDateTime(profile.passwordChangedAt, language) : <span className="muted">{t('profile.never')}</span>}</dd>
      </dl>
    </section>
  );
}
