// The search box and the filters of the accounts list, and the line that says which filters
// narrow it (with "clear filters") and how many accounts match.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_STATUSES, ADMIN_LEVELS, USER_TYPES } from '../../../shared/accounts';
import { PERMISSION_CATALOG, moduleOf } from '../../../shared/permissions';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { activeFilterKeys, useAccounts, type AccountFilters } from './store';

/**
 * A single letter matches most accounts and is the costliest question: it waits for a pause
 * in the typing. Anything longer is asked at once at each keystroke; the store keeps only the
 * latest question while one is being answered.
 */
const SINGLE_LETTER_DELAY_MS = 250;

/** The search box. */
function SearchBox() {
  const { t } = useTranslation();
  const id = useId();
  const applied = useAccounts((s) => s.filters.query);
  const setFilters = useAccounts((s) => s.setFilters);
  const [value, setValue] = useState(applied);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Cleared elsewhere (a reset of the session): follow.
  useEffect(() => setValue((v) => (v.trim() === applied.trim() ? v : applied)), [applied]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const ask = (text: string) => {
    clearTimeout(timer.current);
    if (text.trim() === applied.trim()) return;
    if ([...text.trim()].length === 1) timer.current = setTimeout(() => setFilters({ query: text }), SINGLE_LETTER_DELAY_MS);
    else setFilters({ query: text });
  };

  return (
    <div className="filter filter-search">
      <label htmlFor={`${id}-query`}>{t('accounts.search')}</label>
      <input
        id={`${id}-query`}
        name="query"
        type="search"
        data-testid="accounts-search"
        placeholder={t('accountsUi.filters.searchPlaceholder')}
        autoComplete="off"
        spellCheck={false}
        value={value}
        maxLength={200}
        onChange={(event) => {
          setValue(event.target.value);
          ask(event.target.value);
        }}
      />
    </div>
  );
}

export function AccountsFilters() {
  const { t } = useTranslation();
  const id = useId();
  const filters = useAccounts((s) => s.filters);
  const includeInactive = useAccounts((s) => s.includeInactive);
  const setFilters = useAccounts((s) => s.setFilters);
  const setIncludeInactive = useAccounts((s) => s.setIncludeInactive);

  const toggleStatus = (status: AccountFilters['statuses'][number], on: boolean) => {
    const statuses = on ? [...filters.statuses, status] : filters.statuses.filter((s) => s !== status);
    setFilters({ statuses: ACCOUNT_STATUSES.filter((s) => statuses.includes(s)) });
  };

  return (
    <form className="filters accounts-filters" role="search" aria-label={t('accounts.filters')} onSubmit={(event) => event.preventDefault()}>
      <div className="accounts-filters-row">
        <SearchBox />
        <fieldset className="filter filter-group" data-testid="accounts-filter-status">
          <legend>{t('accountsUi.filters.status')}</legend>
          <div className="toggle-chips">
            {ACCOUNT_STATUSES.map((status) => (
              <label key={status} className="toggle-chip">
                <input type="checkbox" name="statuses" value={status} data-testid={`accounts-filter-status-${status}`} checked={filters.statuses.includes(status)} onChange={(e) => toggleStatus(status, e.target.checked)} />
                <span>{t(`accountStatus.${status}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="filter">
          <label htmlFor={`${id}-type`}>{t('accountsUi.filters.userType')}</label>
          <select id={`${id}-type`} name="userType" data-testid="accounts-filter-user-type" value={filters.userType} onChange={(e) => setFilters({ userType: e.target.value as AccountFilters['userType'] })}>
            <option value="">{t('accountsUi.filters.anyUserType')}</option>
            {USER_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`userTypes.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor={`${id}-level`}>{t('accountsUi.filters.adminLevel')}</label>
          <select id={`${id}-level`} name="adminLevel" data-testid="accounts-filter-admin-level" value={filters.adminLevel} onChange={(e) => setFilters({ adminLevel: e.target.value as AccountFilters['adminLevel'] })}>
            <option value="">{t('accountsUi.filters.anyAdminLevel')}</option>
            {ADMIN_LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`accountsUi.adminLevels.${level}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="accounts-filters-row">
        <div className="filter">
          <label htmlFor={`${id}-permission`}>{t('accountsUi.filters.permission')}</label>
          <select id={`${id}-permission`} name="permission" data-testid="accounts-filter-permission" value={filters.permission} onChange={(e) => setFilters({ permission: e.target.value as AccountFilters['permission'] })}>
            <option value="">{t('accountsUi.filters.anyPermission')}</option>
            {PERMISSION_CATALOG.map((entry) => (
              <optgroup key={entry.module} label={t(`modules.${entry.module}`)}>
                {entry.permissions.map((permission) => (
                  <option key={permission} value={permission}>
                    {t(`modules.${entry.module}`)} · {t(`permissions.${permission}`)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor={`${id}-2fa`}>{t('accountsUi.filters.twoFactor')}</label>
          <select id={`${id}-2fa`} name="twoFactor" data-testid="accounts-filter-two-factor" value={filters.twoFactor} onChange={(e) => setFilters({ twoFactor: e.target.value as AccountFilters['twoFactor'] })}>
            <option value="">{t('accountsUi.filters.twoFactorAny')}</option>
            <option value="on">{t('accountsUi.filters.twoFactorOn')}</option>
            <option value="off">{t('accountsUi.filters.twoFactorOff')}</option>
          </select>
        </div>
        <fieldset className="filter filter-period">
          <legend>{t('accountsUi.filters.lastSignIn')}</legend>
          <div className="filter-period-inputs">
            <label htmlFor={`${id}-after`} className="filter-period-label">
              {t('accountsUi.filters.after')}
            </label>
            <input
              id={`${id}-after`}
              name="lastSignInAfter"
              type="date"
              data-testid="accounts-filter-after"
              value={filters.lastSignInAfter}
              max={filters.lastSignInBefore || undefined}
              disabled={filters.neverSignedIn}
              onChange={(e) => setFilters({ lastSignInAfter: e.target.value })}
            />
            <label htmlFor={`${id}-before`} className="filter-period-label">
              {t('accountsUi.filters.before')}
            </label>
            <input
              id={`${id}-before`}
              name="lastSignInBefore"
              type="date"
              data-testid="accounts-filter-before"
              value={filters.lastSignInBefore}
              min={filters.lastSignInAfter || undefined}
              disabled={filters.neverSignedIn}
              onChange={(e) => setFilters({ lastSignInBefore: e.target.value })}
            />
          </div>
        </fieldset>
      </div>
      <div className="accounts-filters-row accounts-filters-checks">
        <div className="filter filter-checks">
          <div className="checkbox">
            <input id={`${id}-never`} type="checkbox" name="neverSignedIn" data-testid="accounts-filter-never" checked={filters.neverSignedIn} onChange={(e) => setFilters({ neverSignedIn: e.target.checked })} />
            <label htmlFor={`${id}-never`}>{t('accountsUi.filters.neverSignedIn')}</label>
          </div>
          <div className="checkbox">
            <input id={`${id}-locked`} type="checkbox" name="lockedOnly" data-testid="accounts-locked-only" checked={filters.lockedOnly} onChange={(e) => setFilters({ lockedOnly: e.target.checked })} />
            <label htmlFor={`${id}-locked`}>{t('accountsUi.filters.lockedOnly')}</label>
          </div>
          <div className="checkbox" title={t('accountsUi.filters.includeInactiveHint')}>
            <input id={`${id}-inactive`} type="checkbox" name="includeInactive" data-testid="accounts-include-inactive" checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} />
            <label htmlFor={`${id}-inactive`}>{t('accounts.includeInactive')}</label>
          </div>
        </div>
      </div>
    </form>
  );
}

/** "3 filters: Status: Locked · Type: Employee … — Clear filters", and the count of matches. */
export function FilterSummary() {
  const { t } = useTranslation();
  const filters = useAccounts((s) => s.filters);
  const total = useAccounts((s) => s.total);
  const loaded = useAccounts((s) => s.loaded);
  const clearFilters = useAccounts((s) => s.clearFilters);
  const language = currentLanguage();
  const active = activeFilterKeys(filters);

  const pair = (label: string, value: string) => t('accountsUi.filters.pair', { label, value });
  const day = (value: string) => {
    const [y, m, d] = value.split('-').map(Number);
    return y && m && d ? new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(y, m - 1, d)) : value;
  };
  const describe = (key: keyof AccountFilters): string => {
    switch (key) {
      case 'statuses':
        return pair(t('accountsUi.filters.status'), new Intl.ListFormat(language, { type: 'disjunction' }).format(filters.statuses.map((s) => t(`accountStatus.${s}`))));
      case 'userType':
        return filters.userType ? pair(t('accountsUi.filters.userType'), t(`userTypes.${filters.userType}`)) : '';
      case 'adminLevel':
        return filters.adminLevel ? pair(t('accountsUi.filters.adminLevel'), t(`accountsUi.adminLevels.${filters.adminLevel}`)) : '';
      case 'permission':
        return filters.permission ? pair(t('accountsUi.filters.permission'), `${t(`modules.${moduleOf(filters.permission)}`)} · ${t(`permissions.${filters.permission}`)}`) : '';
      case 'twoFactor':
        return pair(t('accountsUi.filters.twoFactor'), filters.twoFactor === 'on' ? t('accountsUi.filters.twoFactorOn') : t('accountsUi.filters.twoFactorOff'));
      case 'lastSignInAfter':
        return filters.neverSignedIn ? '' : t('accountsUi.filters.chipAfter', { date: day(filters.lastSignInAfter) });
      case 'lastSignInBefore':
        return filters.neverSignedIn ? '' : t('accountsUi.filters.chipBefore', { date: day(filters.lastSignInBefore) });
      case 'neverSignedIn':
        return t('accountsUi.filters.neverSignedIn');
      case 'lockedOnly':
        return t('accountsUi.filters.lockedOnly');
      default:
        return '';
    }
  };

  return (
    <div className="filter-summary" data-testid="accounts-filter-summary">
      <p className="filter-count" aria-live="polite" data-testid="accounts-count">
        {loaded ? t('accountsUi.list.count', { count: total, n: formatNumber(total, language) }) : t('accounts.loading')}
      </p>
      {active.length > 0 && (
        <div className="filter-active" data-testid="accounts-filters-active">
          <span className="filter-active-title">{t('accountsUi.filters.active', { count: active.length })}</span>
          <ul className="filter-active-list">
            {active.map((key) => (
              <li key={key} className="chip chip-quiet">
                {describe(key)}
              </li>
            ))}
          </ul>
          <button type="button" className="button button-small" data-testid="accounts-clear-filters" onClick={clearFilters}>
            {t('accountsUi.filters.clear')}
          </button>
        </div>
      )}
    </div>
  );
}
