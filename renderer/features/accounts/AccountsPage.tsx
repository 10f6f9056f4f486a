// Accounts (Managers): the list (search, filters, sort, pages or the virtualized "all" view,
// selection for the permission report, exports and imports) at #/accounts, and one account's
// page at #/accounts/<id>. The create/edit form opens over either as a side panel.
import { useEffect, useId, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { Popover } from '../../ui/Popover';
import { useAuth } from '../auth/store';
import { currentHashParams } from '../shell/routes';
import { useSiteScope } from '../sites/store';
import { TemporaryPasswordDialog } from './AccountActions';
import { AccountDetailPage } from './AccountDetailPage';
import { AccountEditor } from './AccountForm';
import { AccountsFilters, FilterSummary } from './AccountsFilters';
import { AccountsTable } from './AccountsTable';
import { ColumnsIcon, PlusIcon } from './icons';
import { useAccountPanels } from './panels';
import { accountHref, reportHref, useAccountsView } from './route';
import { EMPTY_FILTERS, FIXED_COLUMNS, LIST_COLUMNS, PAGE_SIZES, useAccounts, type PageSize } from './store';
import { ToolbarTransfer } from './transferSlot';

export { temporarilyLocked } from './AccountActions';

export function AccountsPage() {
  const view = useAccountsView();
  const ownerId = useAuth((s) => s.account?.id ?? null);
  const adoptOwner = useAccounts((s) => s.adoptOwner);
  const issued = useAccountPanels((s) => s.issued);
  const setIssued = useAccountPanels((s) => s.setIssued);

  // Preferences (include inactive, columns, page size) are the signed-in admin's own; taken
  // before the list's first load (layout effects run before its effects).
  useLayoutEffect(() => adoptOwner(ownerId), [adoptOwner, ownerId]);

  // A notice belongs to the screen it was given on; "deleted" is given just before going back to the list.
  const viewKey = view.view === 'detail' ? view.accountId : 0;
  const previousView = useRef(viewKey);
  useEffect(() => {
    const { notice, setNotice } = useAccountPanels.getState();
    if (notice && notice.kind !== 'deleted') setNotice(null);
    if (previousView.current !== viewKey) window.scrollTo({ top: 0 });
  }, [viewKey]);
  // Back on the list from an account: focus its heading, so screen readers say where they are.
  const cameBack = previousView.current !== 0 && viewKey === 0;
  useEffect(() => {
    previousView.current = viewKey;
  }, [viewKey]);

  return (
    <>
      {view.view === 'detail' ? <AccountDetailPage key={view.accountId} accountId={view.accountId} /> : <ListView focusHeading={cameBack} />}
      <AccountEditor />
      {issued && <TemporaryPasswordDialog {...issued} onClose={() => setIssued(null)} />}
    </>
  );
}

function ListView({ focusHeading }: { focusHeading: boolean }) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusHeading) headingRef.current?.focus({ preventScroll: true });
    // Only when the list appears.
  }, []);
  const load = useAccounts((s) => s.load);
  const error = useAccounts((s) => s.error);
  const notice = useAccountPanels((s) => s.notice);
  const openCreate = useAccountPanels((s) => s.openCreate);

  useEffect(() => {
    // A dashboard count opens the list filtered to what it counts.
    const params = currentHashParams();
    const status = params.get('status');
    const adminLevel = params.get('adminLevel');
    if (status === 'active' || status === 'locked' || status === 'inactive') useAccounts.getState().setFilters({ ...EMPTY_FILTERS, statuses: [status] });
    else if (adminLevel === 'full' || adminLevel === 'limited') useAccounts.getState().setFilters({ ...EMPTY_FILTERS, adminLevel });
    else void load();
    // The header's site selector scopes the list.
    const unsubscribeSite = useSiteScope.subscribe((state, previous) => {
      if (state.siteId !== previous.siteId) useAccounts.getState().setFilters({});
    });
    // Changes made elsewhere (another window, sign-in failures changing the lock columns): follow them.
    const unsubscribeChanges = api.on('data.changed', ({ areas }) => {
      if (areas.includes('accounts') || areas.includes('auth')) void useAccounts.getState().load();
    });
    return () => {
      unsubscribeSite();
      unsubscribeChanges();
    };
  }, [load]);

  return (
    <div className="page accounts-page" data-testid="accounts-page">
      <header className="page-header">
        <div>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('accounts.title')}
          </h1>
          <p className="page-intro">{t('accounts.intro')}</p>
        </div>
        <div className="page-header-side">
          <button type="button" className="button button-primary" data-testid="accounts-new" onClick={openCreate}>
            <PlusIcon />
            {t('accountsUi.list.newAccount')}
          </button>
        </div>
      </header>
      <AccountsFilters />
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      {notice && (
        <p className="form-success" role="status" data-testid="accounts-notice">
          {t(`accounts.notices.${notice.kind}`, { username: notice.username })}
          {notice.accountId !== undefined && notice.kind === 'created' && (
            <>
              {' '}
              <a href={accountHref(notice.accountId)} data-testid="accounts-notice-open">
                {t('accountsUi.list.openCreated')}
              </a>
            </>
          )}
        </p>
      )}
      <div className="accounts-toolbar">
        <FilterSummary />
        <div className="accounts-toolbar-actions">
          <SelectionBar />
          <ToolbarTransfer />
          <ColumnsChooser />
        </div>
      </div>
      <AccountsTable />
      <Pager />
    </div>
  );
}

/** "3 selected · Permission report · Clear selection". */
function SelectionBar() {
  const { t } = useTranslation();
  const selected = useAccounts((s) => s.selected);
  const clearSelection = useAccounts((s) => s.clearSelection);
  const ids = Object.keys(selected).map(Number);
  return (
    <div className="selection-bar" data-testid="accounts-selection">
      <span className={ids.length ? 'selection-count' : 'selection-count muted'} aria-live="polite">
        {t('accountsUi.list.selected', { count: ids.length })}
      </span>
      <a
        className={`button button-small${ids.length ? '' : ' button-disabled'}`}
        href={ids.length ? reportHref(ids) : undefined}
        aria-disabled={ids.length === 0}
        data-testid="accounts-report"
        title={ids.length ? undefined : t('accountsUi.list.reportHint')}
      >
        {t('accountsUi.list.report')}
      </a>
      {ids.length > 0 && (
        <button type="button" className="button-link small" data-testid="accounts-clear-selection" onClick={clearSelection}>
          {t('accountsUi.list.clearSelection')}
        </button>
      )}
    </div>
  );
}

function ColumnsChooser() {
  const { t } = useTranslation();
  const id = useId();
  const columns = useAccounts((s) => s.columns);
  const setColumns = useAccounts((s) => s.setColumns);
  return (
    <Popover
      kind="dialog"
      label={t('accountsUi.list.columnsTitle')}
      buttonClassName="button button-small"
      buttonContent={
        <>
          <ColumnsIcon />
          {t('accountsUi.list.columns')}
        </>
      }
      buttonTestId="accounts-columns"
      panelTestId="accounts-columns-panel"
      panelClassName="columns-panel"
    >
      {() => (
        <fieldset className="fieldset">
          <legend>{t('accountsUi.list.columnsTitle')}</legend>
          {LIST_COLUMNS.map((column) => (
            <div className="checkbox" key={column}>
              <input
                id={`${id}-${column}`}
                type="checkbox"
                data-testid={`accounts-column-${column}`}
                checked={columns.includes(column)}
                disabled={FIXED_COLUMNS.includes(column)}
                onChange={(e) => setColumns(e.target.checked ? [...columns, column] : columns.filter((c) => c !== column))}
              />
              <label htmlFor={`${id}-${column}`}>{t(`accountsUi.columns.${column}`)}</label>
            </div>
          ))}
          <p className="field-hint">{t('accountsUi.list.columnsHint')}</p>
        </fieldset>
      )}
    </Popover>
  );
}

function Pager() {
  const { t } = useTranslation();
  const id = useId();
  const total = useAccounts((s) => s.total);
  const pageSize = useAccounts((s) => s.pageSize);
  const offset = useAccounts((s) => s.offset);
  const shown = useAccounts((s) => s.rows.length);
  const setOffset = useAccounts((s) => s.setOffset);
  const setPageSize = useAccounts((s) => s.setPageSize);
  const language = currentLanguage();
  const n = (value: number) => formatNumber(value, language);
  const range =
    total === 0
      ? t('accounts.none')
      : pageSize === 'all'
        ? t('accountsUi.list.allRange', { total: n(total) })
        : t('accounts.range', { from: n(offset + 1), to: n(offset + shown), total: n(total) });
  const pages = pageSize === 'all' ? 1 : Math.max(1, Math.ceil(total / pageSize));
  const page = pageSize === 'all' ? 1 : Math.floor(offset / pageSize) + 1;
  return (
    <nav className="pagination" aria-label={t('accountsUi.list.pagination')}>
      <p className="pagination-range" aria-live="polite" data-testid="accounts-total">
        {range}
      </p>
      <div className="pagination-controls">
        <label htmlFor={`${id}-size`}>{t('accountsUi.list.perPage')}</label>
        <select id={`${id}-size`} data-testid="accounts-page-size" value={String(pageSize)} onChange={(e) => setPageSize((e.target.value === 'all' ? 'all' : Number(e.target.value)) as PageSize)}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={String(size)}>
              {size === 'all' ? t('accountsUi.list.all') : size}
            </option>
          ))}
        </select>
        {pageSize !== 'all' && (
          <>
            <span className="pagination-page" data-testid="accounts-page-number">
              {t('accountsUi.list.page', { page: n(page), pages: n(pages) })}
            </span>
            <button type="button" className="button button-small" data-testid="accounts-previous" disabled={offset === 0} onClick={() => setOffset(offset - pageSize)}>
              {t('audit.previous')}
            </button>
            <button type="button" className="button button-small" data-testid="accounts-next" disabled={offset + pageSize >= total} onClick={() => setOffset(offset + pageSize)}>
              {t('audit.next')}
            </button>
          </>
        )}
      </div>
    </nav>
  );
}
