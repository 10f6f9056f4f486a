// Recent sign-ins of every account in the admin's scope: who, when, succeeded or not, why and
// from where, newest first; filtered by username, outcome, period and the header's site.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignInListRow } from '../../../shared/types';
import { api } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { Pagination } from '../../ui/Pagination';
import { signInReason } from '../profile/SignInsTable';
import { hrefOf, currentHashParams } from '../shell/routes';
import { useSiteScope } from '../sites/store';
import { EMPTY_FILTERS, OUTCOMES, PAGE_SIZES, useSignIns, type Outcome, type SignInFilters } from './store';

const TYPING_DELAY_MS = 300;

export function SignInsPage() {
  const { t } = useTranslation();
  const load = useSignIns((s) => s.load);
  const error = useSignIns((s) => s.error);
  const siteId = useSiteScope((s) => s.siteId);
  const site = useSiteScope((s) => s.sites.find((x) => x.id === s.siteId) ?? null);

  useEffect(() => {
    // A link from the dashboard names what it counted (#/sign-ins?outcome=failed&from=2026-11-22).
    const params = currentHashParams();
    const outcome = params.get('outcome');
    const from = params.get('from');
    const patch: Partial<SignInFilters> = {};
    if (outcome && (OUTCOMES as readonly string[]).includes(outcome)) patch.outcome = outcome as Outcome;
    if (from && /^\d{4}-\d{2}-\d{2}$/.test(from)) patch.from = from;
    if (Object.keys(patch).length > 0) useSignIns.getState().setFilters({ ...EMPTY_FILTERS, ...patch });
    else void load();
    return api.on('data.changed', ({ areas }) => {
      if (areas.includes('auth') && useSignIns.getState().offset === 0) void load();
    });
  }, [load]);

  // The header's site changed: back to the first page of that site's attempts.
  const [shownSite, setShownSite] = useState(siteId);
  useEffect(() => {
    if (siteId === shownSite) return;
    setShownSite(siteId);
    useSignIns.getState().setOffset(0);
  }, [siteId, shownSite]);

  return (
    <div className="page" data-testid="sign-ins-page">
      <header className="page-header">
        <div>
          <h1>{t('adminUi.signIns.title')}</h1>
          <p className="page-intro">{t('adminUi.signIns.intro')}</p>
        </div>
        {site && (
          <p className="scope-note" data-testid="sign-ins-site">
            {t('adminUi.signIns.siteScoped', { site: site.name })}
          </p>
        )}
      </header>
      <Filters />
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      <Attempts />
      <Pager />
    </div>
  );
}

function Filters() {
  const { t } = useTranslation();
  const id = useId();
  const filters = useSignIns((s) => s.filters);
  const setFilters = useSignIns((s) => s.setFilters);
  const resetFilters = useSignIns((s) => s.resetFilters);
  const [username, setUsername] = useState(filters.username);
  useEffect(() => setUsername(filters.username), [filters.username]);
  useEffect(() => {
    if (username === filters.username) return;
    const timer = setTimeout(() => setFilters({ username }), TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [username, filters.username, setFilters]);
  const active = filters.outcome !== 'all' || filters.from !== '' || filters.to !== '' || filters.username !== '' || username !== '';
  const setDay = (name: keyof Pick<SignInFilters, 'from' | 'to'>) => (event: { target: { value: string } }) => setFilters({ [name]: event.target.value });

  return (
    <form
      className="filters"
      role="search"
      aria-label={t('adminUi.signIns.filters')}
      onSubmit={(event) => {
        event.preventDefault();
        if (username !== filters.username) setFilters({ username });
      }}
    >
      <div className="filter">
        <label htmlFor={`${id}-username`}>{t('adminUi.signIns.username')}</label>
        <input
          id={`${id}-username`}
          name="username"
          type="search"
          data-testid="sign-ins-filter-username"
          placeholder={t('adminUi.signIns.usernamePlaceholder')}
          autoComplete="off"
          value={username}
          maxLength={100}
          onChange={(e) => setUsername(e.target.value)}
        />
      </div>
      <div className="filter">
        <label htmlFor={`${id}-outcome`}>{t('adminUi.signIns.outcome')}</label>
        <select id={`${id}-outcome`} name="outcome" data-testid="sign-ins-filter-outcome" value={filters.outcome} onChange={(e) => setFilters({ outcome: e.target.value as Outcome })}>
          {OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {t(`adminUi.signIns.outcomes.${outcome}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="filter filter-period">
        <legend>{t('adminUi.signIns.period')}</legend>
        <div className="filter-period-inputs">
          <label htmlFor={`${id}-from`} className="filter-period-label">
            {t('adminUi.signIns.from')}
          </label>
          <input id={`${id}-from`} name="from" type="date" data-testid="sign-ins-filter-from" value={filters.from} max={filters.to || undefined} onChange={setDay('from')} />
          <label htmlFor={`${id}-to`} className="filter-period-label">
            {t('adminUi.signIns.to')}
          </label>
          <input id={`${id}-to`} name="to" type="date" data-testid="sign-ins-filter-to" value={filters.to} min={filters.from || undefined} onChange={setDay('to')} />
        </div>
      </fieldset>
      <div className="filter filter-actions">
        <button type="submit" hidden tabIndex={-1} />
        <button
          type="button"
          className="button button-small"
          disabled={!active}
          onClick={() => {
            setUsername('');
            resetFilters();
          }}
        >
          {t('adminUi.signIns.resetFilters')}
        </button>
      </div>
    </form>
  );
}

function Attempts() {
  const { t } = useTranslation();
  const rows = useSignIns((s) => s.rows);
  const loaded = useSignIns((s) => s.loaded);
  const loading = useSignIns((s) => s.loading);
  const language = currentLanguage();
  return (
    <div className="table-wrap" aria-busy={loading}>
      <table className="table sign-ins-table">
        <caption className="visually-hidden">{t('adminUi.signIns.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('adminUi.signIns.columns.at')}</th>
            <th scope="col">{t('adminUi.signIns.columns.account')}</th>
            <th scope="col">{t('adminUi.signIns.columns.result')}</th>
            <th scope="col">{t('adminUi.signIns.columns.reason')}</th>
            <th scope="col">{t('adminUi.signIns.columns.origin')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Attempt key={row.id} row={row} language={language} />
          ))}
        </tbody>
      </table>
      {loaded && rows.length === 0 && <p className="table-empty">{t('adminUi.signIns.empty')}</p>}
      {!loaded && <p className="table-empty">{t('adminUi.signIns.loading')}</p>}
    </div>
  );
}

function Attempt({ row, language }: { row: SignInListRow; language: ReturnType<typeof currentLanguage> }) {
  const { t } = useTranslation();
  return (
    <tr data-testid="sign-in-row" data-success={row.success} data-username={row.username}>
      <td className="nowrap col-at">
        <time dateTime={row.at} title={row.at}>
          {formatDateTime(row.at, language)}
        </time>
      </td>
      <td className="nowrap">
        {row.accountId !== null ? (
          <a href={hrefOf('accounts', { path: row.accountId })} data-testid="sign-in-account">
            {row.username}
          </a>
        ) : (
          // An unknown username, or an account deleted since.
          <span title={t('adminUi.signIns.noAccount')}>
            {row.username} <span className="muted small">({t('adminUi.signIns.noAccountShort')})</span>
          </span>
        )}
      </td>
      <td>
        <span className={`badge ${row.success ? 'badge-good' : 'badge-bad'}`}>{row.success ? t('adminUi.signIns.succeeded') : t('adminUi.signIns.failed')}</span>
      </td>
      <td title={row.reason}>{signInReason(row.reason)}</td>
      <td className="signin-origin">
        <code>{row.origin}</code>
      </td>
    </tr>
  );
}

function Pager() {
  const { t } = useTranslation();
  const { total, limit, offset, rows, setOffset, setLimit } = useSignIns();
  return (
    <Pagination
      {...{ total, limit, offset, setOffset, setLimit }}
      shown={rows.length}
      pageSizes={PAGE_SIZES}
      noneText={t('adminUi.signIns.none')}
      rangeText={(range) => t('adminUi.signIns.range', range)}
      testId="sign-ins-total"
    />
  );
}
