// The header bar: product name, the site selector (for those who manage accounts), the gear menu
// (only when a configuration area is open to this session) and the profile button with the
// admin's picture or initials.
import { useTranslation } from 'react-i18next';
import { MODULES, PERMISSION_CATALOG, moduleOf, type Module } from '../../../shared/permissions';
import { currentLanguage } from '../../i18n';
import { fullName } from '../../i18n/format';
import { Avatar } from '../../ui/Avatar';
import { Brand } from '../../ui/Brand';
import { GearIcon, SignOutIcon, UserIcon } from '../../ui/icons';
import { LanguageSelect } from '../../ui/LanguageSelect';
import { Popover } from '../../ui/Popover';
import { useAuth } from '../auth/store';
import { SiteSelector } from '../sites/SiteSelector';
import { CONFIGURATION_PAGES, hrefOf, mayOpen } from './routes';

export function Header() {
  return (
    <header className="app-header" data-testid="app-header">
      <a href={hrefOf('dashboard')} className="brand-link">
        <Brand />
      </a>
      <div className="app-header-actions">
        <SiteSelector />
        <GearMenu />
        <ProfileMenu />
      </div>
    </header>
  );
}

function GearMenu() {
  const { t } = useTranslation();
  const account = useAuth((s) => s.account);
  const pages = CONFIGURATION_PAGES.filter((page) => mayOpen(account, page));
  if (pages.length === 0) return null;
  return (
    <Popover
      kind="menu"
      label={t('shell.gearButton')}
      buttonClassName="icon-button"
      buttonContent={<GearIcon />}
      buttonTestId="gear-menu-button"
      panelTestId="gear-menu"
      panelClassName="menu"
    >
      {(close) => (
        <>
          <p className="menu-heading" aria-hidden="true">
            {t('shell.gearMenu')}
          </p>
          {pages.map((page) => (
            <a key={page} role="menuitem" className="menu-item" href={hrefOf(page)} onClick={() => close()}>
              {t(`nav.${page}`)}
            </a>
          ))}
        </>
      )}
    </Popover>
  );
}

function ProfileMenu() {
  const { t } = useTranslation();
  const account = useAuth((s) => s.account);
  const signOut = useAuth((s) => s.signOut);
  if (!account) return null;
  const language = currentLanguage();
  const name = fullName(account, language);
  const held = new Set(account.permissions.map(moduleOf));
  const modules = MODULES.filter((m) => held.has(m));
  // "Manager" when the whole module is held, else "Monitoring · Logs, Statistics".
  const moduleRights = (module: Module) => {
    const all = PERMISSION_CATALOG.find((entry) => entry.module === module)?.permissions ?? [];
    const mine = account.permissions.filter((p) => moduleOf(p) === module);
    const name = t(`modules.${module}`);
    return mine.length === all.length ? name : `${name} · ${mine.map((p) => t(`permissions.${p}`)).join(', ')}`;
  };
  return (
    <Popover
      kind="dialog"
      label={t('shell.profileButton', { name })}
      buttonClassName="avatar-button"
      buttonContent={<Avatar person={account} />}
      buttonTestId="profile-menu-button"
      panelTestId="profile-menu"
      panelClassName="profile-panel"
    >
      {(close) => (
        <>
          <div className="profile-identity">
            <Avatar person={account} size="large" />
            <div>
              <p className="profile-name">{name}</p>
              <p className="profile-detail">{account.username}</p>
              <p className="profile-detail">{account.email}</p>
            </div>
          </div>
          <dl className="profile-facts">
            <dt>{t('shell.rights')}</dt>
            <dd>
              {account.adminLevel !== 'none' && <span className="tag">{t(`adminLevels.${account.adminLevel}`)}</span>}
              {modules.length ? (
                modules.map((m) => <span className="tag tag-quiet" key={m}>{moduleRights(m)}</span>)
              ) : (
                <span className="muted">{t('shell.noRights')}</span>
              )}
            </dd>
          </dl>
          <a className="button button-block profile-link" href={hrefOf('profile')} data-testid="my-profile" onClick={() => close()}>
            <UserIcon />
            {t('shell.myProfile')}
          </a>
          <LanguageSelect className="profile-language" />
          <button type="button" className="button button-block profile-sign-out" data-testid="sign-out" onClick={() => void signOut()}>
            <SignOutIcon />
            {t('shell.signOut')}
          </button>
        </>
      )}
    </Popover>
  );
}
