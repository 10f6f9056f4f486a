// Accounts (Managers): a paged list with search and filters, and the security actions on each
// account: unlock, reset password, reset two-factor, sign-in history. Creating and editing
// accounts come with issue 4 (they add columns, filters and actions here).
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../../shared/types';
import { api } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatClockTime, formatShortDateTime, fullName } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { Pagination as SharedPagination } from '../../ui/Pagination';
import { useNow } from '../../ui/useNow';
import { useAuth } from '../auth/store';
import { AccountActions, TemporaryPasswordDialog, type AccountNotice, type IssuedPassword } from './AccountActions';
import { PAGE_SIZES, useAccounts } from './store';

const TYPING_DELAY_MS = 300;

/** Locked now: by a Manager (status) or for a while after failed sign-ins. */
export function temporarilyLocked(account: AccountSummary, now: number): boolean {
  return account.lockedUntil !== null && Date.parse(account.lockedUntil) > now;
}

export function AccountsPage() {
  const { t } = useTranslation();
  const load = useAccounts((s) => s.load);
  const error = useAccounts((s) => s.error);
  const [notice, setNotice] = useState<AccountNotice | null>(null);
  const [issued, setIssued] = useState<IssuedPassword | null>(null);

  useEffect(() => {
    void load();
    // Sign-in failures elsewhere change the lock columns: follow them.
    return api.on('data.changed', ({ areas }) => {
      if (areas.includes('accounts') || areas.includes('auth')) void useAccounts.getState().load();
    });
  }, [load]);

  return (
    <div className="page" data-testid="accounts-page">
      <header className="page-header">
        <div>
          <h1>{t('accounts.title')}</h1>
          <p className="page-intro">{t('accounts.intro')}</p>
        </div>
      </header>
      <Filters />
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      {notice && (
        <p className="form-success" role="status" data-testid="accounts-notice">
          {t(`accounts.notices.${notice.kind}`, { username: notice.username })}
        </p>
      )}
      <Rows onNotice={setNotice} onIssued={setIssued} />
      <Pagination />
      {issued && <TemporaryPasswordDialog {...issued} onClose={() => setIssued(null)} />}
    </div>
  );
}

function Filters() {
  const { t } = useTranslation();
  const id = useId();
  const filters = useAccounts((s) => s.filters);
  const setFilters = useAccounts((s) => s.setFilters);
  const [query, setQuery] = useState(filters.query);

  useEffect(() => {
    if (query === filters.query) return;
    const timer = setTimeout(() => setFilters({ query }), TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, filters.query, setFilters]);

  return (
    <form
      className="filters"
      role="search"
      aria-label={t('accounts.filters')}
      onSubmit={(event) => {
        event.preventDefault();
        if (query !== filters.query) setFilters({ query });
      }}
    >
      <div className="filter">
        <label htmlFor={`${id}-query`}>{t('accounts.search')}</label>
        <input
          id={`${id}-query`}
          name="query"
          type="search"
          className="filter-wide"
          data-testid="accounts-search"
          placeholder={t('accounts.searchPlaceholder')}
          autoComplete="off"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          maxLength={200}
        />
      </div>
      <div className="filter filter-checks">
        <div className="checkbox">
          <input id={`${id}-inactive`} type="checkbox" name="includeInactive" data-testid="accounts-include-inactive" checked={filters.includeInactive} onChange={(e) => setFilters({ includeInactive: e.target.checked })} />
          <label htmlFor={`${id}-inactive`}>{t('accounts.includeInactive')}</label>
        </div>
        <div className="checkbox">
          <input id={`${id}-locked`} type="checkbox" name="lockedOnly" data-testid="accounts-locked-only" checked={filters.lockedOnly} onChange={(e) => setFilters({ lockedOnly: e.target.checked })} />
          <label htmlFor={`${id}-locked`}>{t('accounts.lockedOnly')}</label>
        </div>
      </div>
      <button type="submit" hidden tabIndex={-1} />
    </form>
  );
}

function Rows({ onNotice, onIssued }: { onNotice(notice: AccountNotice): void; onIssued(password: IssuedPassword): void }) {
  const { t } = useTranslation();
  const rows = useAccounts((s) => s.rows);
  const loaded = useAccounts((s) => s.loaded);
  const loading = useAccounts((s) => s.loading);
  const self = useAuth((s) => s.account?.id ?? null);
  const now = useNow();
  const language = currentLanguage();
  return (
    <div className="table-wrap" aria-busy={loading}>
      <table className="table accounts-table">
        <caption className="visually-hidden">{t('accounts.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('accounts.columns.username')}</th>
            <th scope="col" className="col-name">
              {t('accounts.columns.name')}
            </th>
            <th scope="col">{t('accounts.columns.status')}</th>
            <th scope="col">{t('accounts.columns.twoFactor')}</th>
            <th scope="col">{t('accounts.columns.mustChangePassword')}</th>
            <th scope="col">{t('accounts.columns.lastSignIn')}</th>
            <th scope="col" className="col-actions">
              {t('accounts.columns.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((account) => {
            const lockedForAWhile = temporarilyLocked(account, now);
            return (
              <tr key={account.id} data-testid="account-row" data-username={account.username}>
                <td className="col-username">
                  <code>{account.username}</code>
                  {account.id === self && <span className="tag tag-quiet tag-inline">{t('accounts.you')}</span>}
                </td>
                <td className="col-name">
                  {fullName(account, language)}
                  <span className="account-email" data-testid="account-email">
                    {account.email}
                  </span>
                </td>
                <td className="col-status">
                  <div className="status-lines">
                    <span className={`badge badge-status-${account.status}`} data-testid="account-status">
                      {t(`accountStatus.${account.status}`)}
                    </span>
                    {lockedForAWhile && (
                      <span className="badge badge-warn" data-testid="account-locked-until">
                        {t('accounts.lockedUntil', { time: formatClockTime(account.lockedUntil!, language, new Date(now)) })}
                      </span>
                    )}
                    {account.failedAttempts > 0 && (
                      <span className="small muted nowrap" data-testid="account-failed-attempts">
                        {t('accounts.failedAttempts', { count: account.failedAttempts })}
                      </span>
                    )}
                  </div>
                </td>
                <td>
                  <span className={`badge ${account.twoFactorEnabled ? 'badge-good' : 'badge-quiet'}`}>{account.twoFactorEnabled ? t('accounts.twoFactorOn') : t('accounts.twoFactorOff')}</span>
                </td>
                <td data-testid="account-must-change">{account.mustChangePassword ? <span className="badge badge-warn">{t('accounts.mustChangeYes')}</span> : <span className="muted">{t('accounts.mustChangeNo')}</span>}</td>
                <td className="col-last-sign-in">
                  {account.lastSignInAt ? (
                    <time dateTime={account.lastSignInAt} title={account.lastSignInAt}>
                      {formatShortDateTime(account.lastSignInAt, language)}
                    </time>
                  ) : (
                    <span className="muted">{t('accounts.never')}</span>
                  )}
                </td>
                <td className="col-actions">
                  <AccountActions account={account} isSelf={account.id === self} locked={account.status === 'locked' || lockedForAWhile} onNotice={onNotice} onIssued={onIssued} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {loaded && rows.length === 0 && <p className="table-empty">{t('accounts.empty')}</p>}
      {!loaded && <p className="table-empty">{t('accounts.loading')}</p>}
    </div>
  );
}

function Pagination() {
  const { t } = useTranslation();
  const { total, limit, offset, rows, setOffset, setLimit } = useAccounts();
  return (
    <SharedPagination
      {...{ total, limit, offset, setOffset, setLimit }}
      shown={rows.length}
      pageSizes={PAGE_SIZES}
      noneText={t('accounts.none')}
      rangeText={(range) => t('accounts.range', range)}
      testId="accounts-total"
    />
  );
}
