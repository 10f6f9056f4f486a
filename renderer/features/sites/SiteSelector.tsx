// The header's site selector: "All sites" (full administrators), "All my sites" (others) or one
// site. Every list (accounts, sign-ins) and every export follows it.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useAuth } from '../auth/store';
import { useSiteScope } from './store';

export function SiteSelector() {
  const { t } = useTranslation();
  const id = useId();
  const account = useAuth((s) => s.account);
  const siteId = useSiteScope((s) => s.siteId);
  const sites = useSiteScope((s) => s.sites);
  const setSiteId = useSiteScope((s) => s.setSiteId);
  if (!can(account, 'manager.accounts')) return null;
  const full = account?.adminLevel === 'full';
  return (
    <div className="site-selector">
      <label htmlFor={id}>{t('adminUi.siteScope.label')}</label>
      <select
        id={id}
        data-testid="site-selector"
        value={siteId ?? ''}
        title={t('adminUi.siteScope.hint')}
        onChange={(e) => setSiteId(e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">{full ? t('adminUi.siteScope.all') : t('adminUi.siteScope.allMine')}</option>
        {sites.map((site) => (
          <option key={site.id} value={site.id}>
            {site.name}
          </option>
        ))}
      </select>
    </div>
  );
}
