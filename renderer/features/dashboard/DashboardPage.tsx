// Live counts of what exists so far. Later issues add their own cards.
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
import { hrefOf } from '../shell/routes';
import { useDashboard } from './store';

type Tone = 'good' | 'warn' | 'bad' | 'neutral';

interface Card {
  titleKey: 'dashboard.accounts' | 'dashboard.administrators' | 'dashboard.signIns' | 'dashboard.audit';
  counts: { /** data-testid count-<key> */
    key: string; labelKey: `dashboard.${keyof Catalog['dashboard']}`; value: (c: DashboardCounts) => number; tone: (n: number) => Tone }[];
  link?: 'audit';
}

const neutral = (): Tone => 'neutral';

const CARDS: Card[] = [
  {
    titleKey: 'dashboard.accounts',
    counts: [
      { key: 'accounts-active', labelKey: 'dashboard.accountsActive', value: (c) => c.accountsByStatus.active, tone: (n) => (n > 0 ? 'good' : 'neutral') },
      { key: 'accounts-locked', labelKey: 'dashboard.accountsLocked', value: (c) => c.accountsByStatus.locked, tone: (n) => (n > 0 ? 'warn' : 'neutral') },
      { key: 'accounts-inactive', labelKey: 'dashboard.accountsInactive', value: (c) => c.accountsByStatus.inactive, tone: neutral },
    ],
  },
  {
    titleKey: 'dashboard.administrators',
    counts: [
      { key: 'admins-full', labelKey: 'dashboard.adminsFull', value: (c) => c.administratorsByLevel.full, tone: neutral },
      { key: 'admins-limited', labelKey: 'dashboard.adminsLimited', value: (c) => c.administratorsByLevel.limited, tone: neutral },
    ],
  },
  {
    titleKey: 'dashboard.signIns',
    counts: [
      { key: 'signins-succeeded', labelKey: 'dashboard.signInsSucceeded', value: (c) => c.signInsLast24h.succeeded, tone: neutral },
      { key: 'signins-failed', labelKey: 'dashboard.signInsFailed', value: (c) => c.signInsLast24h.failed, tone: (n) => (n > 0 ? 'bad' : 'neutral') },
    ],
  },
  {
    titleKey: 'dashboard.audit',
    counts: [{ key: 'audit', labelKey: 'dashboard.auditRecords', value: (c) => c.auditRecords, tone: neutral }],
    link: 'audit',
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
        {CARDS.map((card) => (
          <section className="card" key={card.titleKey} aria-labelledby={`card-${card.titleKey}`}>
            <h2 id={`card-${card.titleKey}`}>{t(card.titleKey)}</h2>
            <dl className="counts">
              {card.counts.map((count) => {
                const value = counts ? count.value(counts) : null;
                return (
                  <div className={`count count-${value === null ? 'neutral' : count.tone(value)}`} key={count.key} data-testid={`count-${count.key}`}>
                    <dt>{t(count.labelKey)}</dt>
                    <dd>{value === null ? '—' : formatNumber(value, language)}</dd>
                  </div>
                );
              })}
            </dl>
            {card.link && can(account, 'manager.rights') && (
              <a className="card-link" href={hrefOf(card.link)}>
                {t('dashboard.openAudit')}
              </a>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
