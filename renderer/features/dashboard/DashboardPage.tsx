// Live counts of what exists so far. Each count opens the list it counts, filtered to it, when
// the admin may open that list. Later issues add their own cards.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardCounts } from '../../../shared/types';
import { api } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatNumber, formatTime } from '../../i18n/format';
import type { Catalog } from '../../i18n/types';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { can, useAuth } from '../auth/store';
import { hrefOf, mayOpen, type HashParams, type Page } from '../shell/routes';
import { LogErrorsCard } from './LogErrorsCard';
import { RejectedImportsCard } from './RejectedImportsCard';
import { useDashboard } from './store';

type Tone = 'good' | 'warn' | 'bad' | 'neutral';
type DashboardKey = `dashboard.${keyof Catalog['dashboard']}`;

/** Where a count leads: a page, with the filters that select what it counts. */
interface Target {
  page: Page;
  /** Computed when the link is drawn (a period that ends now). */
  params?: HashParams | (() => HashParams);
}

/** Yesterday as YYYY-MM-DD in the admin's time zone: a day filter that covers the last 24 hours. */
function yesterday(): string {
  const d = new Date();
  d.setDate(d.getDate() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface Count {
  /** data-testid count-<key> */
  key: string;
  labelKey: DashboardKey;
  value: (c: DashboardCounts) => number;
  tone: (n: number) => Tone;
  target?: Target;
}

interface Card {
  titleKey: DashboardKey;
  counts: Count[];
  link?: { target: Target; labelKey: DashboardKey };
}

const neutral = (): Tone => 'neutral';

// The accounts list reads these parameters (#/accounts?status=locked, ?adminLevel=full);
// the sign-ins page reads ?outcome= and ?from=; the sites page ?retired=1.
const CARDS: Card[] = [
  {
    titleKey: 'dashboard.accounts',
    counts: [
      { key: 'accounts-active', labelKey: 'dashboard.accountsActive', value: (c) => c.accountsByStatus.active, tone: (n) => (n > 0 ? 'good' : 'neutral'), target: { page: 'accounts', params: { status: 'active' } } },
      { key: 'accounts-locked', labelKey: 'dashboard.accountsLocked', value: (c) => c.accountsByStatus.locked, tone: (n) => (n > 0 ? 'warn' : 'neutral'), target: { page: 'accounts', params: { status: 'locked' } } },
      { key: 'accounts-inactive', labelKey: 'dashboard.accountsInactive', value: (c) => c.accountsByStatus.inactive, tone: neutral, target: { page: 'accounts', params: { status: 'inactive' } } },
    ],
    link: { target: { page: 'accounts' }, labelKey: 'dashboard.openAccounts' },
  },
  {
    titleKey: 'dashboard.administrators',
    counts: [
      { key: 'admins-full', labelKey: 'dashboard.adminsFull', value: (c) => c.administratorsByLevel.full, tone: neutral, target: { page: 'accounts', params: { adminLevel: 'full' } } },
      { key: 'admins-limited', labelKey: 'dashboard.adminsLimited', value: (c) => c.administratorsByLevel.limited, tone: neutral, target: { page: 'accounts', params: { adminLevel: 'limited' } } },
    ],
  },
  {
    titleKey: 'dashboard.sites',
    counts: [
      { key: 'sites-active', labelKey: 'dashboard.sitesActive', value: (c) => c.sites.active, tone: neutral, target: { page: 'sites' } },
      { key: 'sites-retired', labelKey: 'dashboard.sitesRetired', value: (c) => c.sites.retired, tone: neutral, target: { page: 'sites', params: { retired: 1 } } },
    ],
    link: { target: { page: 'sites' }, labelKey: 'dashboard.openSites' },
  },
  {
    titleKey: 'dashboard.signIns',
    counts: [
      { key: 'signins-succeeded', labelKey: 'dashboard.signInsSucceeded', value: (c) => c.signInsLast24h.succeeded, tone: neutral, target: { page: 'sign-ins', params: () => ({ outcome: 'succeeded', from: yesterday() }) } },
      { key: 'signins-failed', labelKey: 'dashboard.signInsFailed', value: (c) => c.signInsLast24h.failed, tone: (n) => (n > 0 ? 'bad' : 'neutral'), target: { page: 'sign-ins', params: () => ({ outcome: 'failed', from: yesterday() }) } },
    ],
    link: { target: { page: 'sign-ins' }, labelKey: 'dashboard.openSignIns' },
  },
  {
    titleKey: 'dashboard.audit',
    counts: [{ key: 'audit', labelKey: 'dashboard.auditRecords', value: (c) => c.auditRecords, tone: neutral, target: { page: 'audit' } }],
    link: { target: { page: 'audit' }, labelKey: 'dashboard.openAudit' },
  },
];

export function DashboardPage() {
  const { t } = useTranslation();
  const { counts, loadedAt, error, load } = useDashboard();
  const account = useAuth((s) => s.account);
  const language = currentLanguage();

  useEffect(() => {
    void load();
    // Any change anywhere may change a count: reload on every data.changed event.
    return api.on('data.changed', () => void load());
  }, [load]);

  const hrefFor = (target: Target | undefined) => {
    if (!target || !mayOpen(account, target.page)) return null;
    const params = typeof target.params === 'function' ? target.params() : (target.params ?? {});
    return hrefOf(target.page, { params });
  };

  return (
    <div className="page" data-testid="dashboard">
      <header className="page-header">
        <div>
          <h1>{t('dashboard.title')}</h1>
          <p className="page-intro">{t('dashboard.intro')}</p>
        </div>
        <div className="page-header-side">
          {loadedAt && <span className="muted small">{t('dashboard.updatedAt', { time: formatTime(loadedAt, language) })}</span>}
          <button type="button" className="button button-small" onClick={() => void load()}>
            {t('dashboard.refresh')}
          </button>
        </div>
      </header>
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      <div className="cards">
        {CARDS.map((card) => {
          const cardLink = card.link && hrefFor(card.link.target);
          return (
            <section className="card" key={card.titleKey} aria-labelledby={`card-${card.titleKey}`}>
              <h2 id={`card-${card.titleKey}`}>{t(card.titleKey)}</h2>
              <dl className="counts">
                {card.counts.map((count) => {
                  const value = counts ? count.value(counts) : null;
                  const text = value === null ? '—' : formatNumber(value, language);
                  const href = value === null ? null : hrefFor(count.target);
                  return (
                    <div className={`count count-${value === null ? 'neutral' : count.tone(value)}`} key={count.key} data-testid={`count-${count.key}`}>
                      <dt>{t(count.labelKey)}</dt>
                      <dd>
                        {href ? (
                          <a className="count-link" href={href} aria-label={t('dashboard.countLink', { label: t(count.labelKey), title: t(card.titleKey), n: text })}>
                            {text}
                          </a>
                        ) : (
                          text
                        )}
                      </dd>
                    </div>
                  );
                })}
              </dl>
              {cardLink && card.link && (
                <a className="card-link" href={cardLink}>
                  {t(card.link.labelKey)}
                </a>
              )}
            </section>
          );
        })}
        {can(account, 'monitoring.logs') && <LogErrorsCard />}
        {can(account, 'monitoring.logs') && <RejectedImportsCard />}
      </div>
    </div>
  );
}
