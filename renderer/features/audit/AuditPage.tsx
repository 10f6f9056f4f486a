// The audit trail for Managers: filters, the records newest first, and pagination.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRecord } from '../../../shared/types';
import { api } from '../../api';
import { currentLanguage, translateKey } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { Pagination as SharedPagination } from '../../ui/Pagination';
import { KNOWN_AUDIT_ACTIONS } from './actions';
import { PAGE_SIZES, useAudit, type AuditFilters } from './store';
import { summaryGroups } from './summary';

const TYPING_DELAY_MS = 300;

export function actionLabel(action: string): string {
  return translateKey(`audit.actions.${action}`, action);
}

export function AuditPage() {
  const { t } = useTranslation();
  const load = useAudit((s) => s.load);
  const error = useAudit((s) => s.error);

  useEffect(() => {
    void load();
    // New records arrive at the top: follow them only while the first page is shown.
    return api.on('data.changed', ({ areas }) => {
      if (areas.includes('audit') && useAudit.getState().offset === 0) void load();
    });
  }, [load]);

  return (
    <div className="page" data-testid="audit-page">
      <header className="page-header">
        <div>
          <h1>{t('audit.title')}</h1>
          <p className="page-intro">{t('audit.intro')}</p>
        </div>
      </header>
      <Filters />
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      <Records />
      <Pagination />
    </div>
  );
}

/** A text filter applied shortly after typing stops, or at once with Enter. */
function useTypedFilter(name: 'actor' | 'target') {
  const applied = useAudit((s) => s.filters[name]);
  const setFilters = useAudit((s) => s.setFilters);
  const [value, setValue] = useState(applied);
  useEffect(() => setValue(applied), [applied]);
  useEffect(() => {
    if (value === applied) return;
    const timer = setTimeout(() => setFilters({ [name]: value }), TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value, applied, name, setFilters]);
  return { value, setValue, applyNow: () => value !== applied && setFilters({ [name]: value }) };
}

function Filters() {
  const { t } = useTranslation();
  const id = useId();
  const filters = useAudit((s) => s.filters);
  const actions = useAudit((s) => s.actions);
  const setFilters = useAudit((s) => s.setFilters);
  const resetFilters = useAudit((s) => s.resetFilters);
  const actor = useTypedFilter('actor');
  const target = useTypedFilter('target');
  const choices = [...KNOWN_AUDIT_ACTIONS, ...actions.filter((a) => !(KNOWN_AUDIT_ACTIONS as readonly string[]).includes(a))];
  const active = Object.values(filters).some(Boolean) || actor.value !== '' || target.value !== '';

  const setDay = (name: keyof Pick<AuditFilters, 'from' | 'to'>) => (event: { target: { value: string } }) => setFilters({ [name]: event.target.value });

  return (
    <form
      className="filters"
      role="search"
      aria-label={t('audit.filters')}
      onSubmit={(event) => {
        event.preventDefault();
        actor.applyNow();
        target.applyNow();
      }}
    >
      <div className="filter">
        <label htmlFor={`${id}-actor`}>{t('audit.actor')}</label>
        <input
          id={`${id}-actor`}
          name="actor"
          type="search"
          data-testid="audit-filter-actor"
          placeholder={t('audit.actorPlaceholder')}
          autoComplete="off"
          value={actor.value}
          onChange={(e) => actor.setValue(e.target.value)}
          maxLength={100}
        />
      </div>
      <div className="filter">
        <label htmlFor={`${id}-action`}>{t('audit.action')}</label>
        <select id={`${id}-action`} name="action" data-testid="audit-filter-action" value={filters.action} onChange={(e) => setFilters({ action: e.target.value })}>
          <option value="">{t('audit.anyAction')}</option>
          {choices.map((action) => (
            <option key={action} value={action}>
              {actionLabel(action)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-target`}>{t('audit.target')}</label>
        <input
          id={`${id}-target`}
          name="target"
          type="search"
          data-testid="audit-filter-target"
          placeholder={t('audit.targetPlaceholder')}
          autoComplete="off"
          value={target.value}
          onChange={(e) => target.setValue(e.target.value)}
          maxLength={200}
        />
      </div>
      <fieldset className="filter filter-period">
        <legend>{t('audit.period')}</legend>
        <div className="filter-period-inputs">
          <label htmlFor={`${id}-from`} className="filter-period-label">
            {t('audit.from')}
          </label>
          <input id={`${id}-from`} name="from" type="date" data-testid="audit-filter-from" value={filters.from} max={filters.to || undefined} onChange={setDay('from')} />
          <label htmlFor={`${id}-to`} className="filter-period-label">
            {t('audit.to')}
          </label>
          <input id={`${id}-to`} name="to" type="date" data-testid="audit-filter-to" value={filters.to} min={filters.from || undefined} onChange={setDay('to')} />
        </div>
      </fieldset>
      <div className="filter filter-actions">
        {/* Enter in a text filter applies it at once. */}
        <button type="submit" hidden tabIndex={-1} />
        <button type="button" className="button button-small" disabled={!active} onClick={resetFilters}>
          {t('audit.resetFilters')}
        </button>
      </div>
    </form>
  );
}

function Records() {
  const { t } = useTranslation();
  const rows = useAudit((s) => s.rows);
  const loaded = useAudit((s) => s.loaded);
  const loading = useAudit((s) => s.loading);
  const language = currentLanguage();
  return (
    <div className="table-wrap" aria-busy={loading}>
      <table className="table audit-table">
        <caption className="visually-hidden">{t('audit.title')}</caption>
        <thead>
          <tr>
            <th scope="col" className="col-seq">{t('audit.columns.seq')}</th>
            <th scope="col" className="col-at">{t('audit.columns.at')}</th>
            <th scope="col">{t('audit.columns.actor')}</th>
            <th scope="col">{t('audit.columns.action')}</th>
            <th scope="col">{t('audit.columns.target')}</th>
            <th scope="col">{t('audit.columns.summary')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((record) => (
            <Row key={record.seq} record={record} language={language} />
          ))}
        </tbody>
      </table>
      {loaded && rows.length === 0 && <p className="table-empty">{t('audit.empty')}</p>}
      {!loaded && <p className="table-empty">{t('audit.loading')}</p>}
    </div>
  );
}

function Row({ record, language }: { record: AuditRecord; language: ReturnType<typeof currentLanguage> }) {
  return (
    <tr data-testid="audit-row" data-action={record.action}>
      <td className="col-seq num">{record.seq}</td>
      <td className="col-at">
        <time dateTime={record.at} title={record.at}>
          {formatDateTime(record.at, language)}
        </time>
      </td>
      <td className="col-actor">{record.actor}</td>
      <td className="col-action">
        <span className={`action-tag action-${record.action.replace(/\W+/g, '-')}`} title={record.action}>
          {actionLabel(record.action)}
        </span>
      </td>
      <td className="col-target">{record.target}</td>
      <td className="col-summary" title={JSON.stringify(record.summary)}>
        {summaryGroups(record.summary).map((group) => (
          <p className="kv" key={group.key ?? ''}>
            {group.label && <span className="kv-group">{group.label}</span>}
            {group.pairs.map((pair) => (
              <span className="kv-pair" key={pair.key}>
                <span className="kv-key">{pair.label}</span> <span className="kv-value">{pair.value}</span>
              </span>
            ))}
          </p>
        ))}
      </td>
    </tr>
  );
}

function Pagination() {
  const { t } = useTranslation();
  const { total, limit, offset, rows, setOffset, setLimit } = useAudit();
  return (
    <SharedPagination
      {...{ total, limit, offset, setOffset, setLimit }}
      shown={rows.length}
      pageSizes={PAGE_SIZES}
      noneText={t('audit.none')}
      rangeText={(range) => t('audit.range', range)}
      testId="audit-total"
    />
  );
}
