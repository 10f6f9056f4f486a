// The accounts table: sortable headers (aria-sort), a checkbox per row for the permission
// report, the chosen columns, and each row's actions in a menu. Pages of 10 to 100 rows, or
// every match in one virtualized view that fetches windows of rows as the admin scrolls and
// renders only the rows in sight.
import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PERMISSION_CATALOG, moduleOf } from '../../../shared/permissions';
import type { AccountSummary } from '../../../shared/types';
import { currentLanguage, type Language } from '../../i18n';
import { formatClockTime, formatDateTime, formatShortDateTime } from '../../i18n/format';
import { Popover } from '../../ui/Popover';
import { useNow } from '../../ui/useNow';
import { useAuth } from '../auth/store';
import { useAccountActions } from './AccountActions';
import { formatRelative, listName } from './format';
import { LockIcon, MoreIcon, SortIcon } from './icons';
import { useAccountPanels } from './panels';
import { accountHref } from './route';
import { SORT_OF_COLUMN, WINDOW_ROWS, useAccounts, type ListColumn } from './store';

/** Height of one row in the "all" view (its cells do not wrap there). */
export const ALL_VIEW_ROW_HEIGHT = 45;

export function AccountsTable() {
  const pageSize = useAccounts((s) => s.pageSize);
  return pageSize === 'all' ? <VirtualTable /> : <PagedTable />;
}

function PagedTable() {
  const { t } = useTranslation();
  const rows = useAccounts((s) => s.rows);
  const loaded = useAccounts((s) => s.loaded);
  const loading = useAccounts((s) => s.loading);
  const resultsFor = useAccounts((s) => s.resultsFor);
  const now = useNow();
  const self = useAuth((s) => s.account?.id ?? null);
  const language = currentLanguage();
  return (
    <div className="table-wrap accounts-wrap" aria-busy={loading} data-testid="accounts-table" data-results-for={loaded ? resultsFor : undefined}>
      <table className="table accounts-table">
        <caption className="visually-hidden">{t('accounts.title')}</caption>
        <Head rows={rows} />
        <tbody>
          {rows.map((account) => (
            <Row key={account.id} account={account} self={self} now={now} language={language} />
          ))}
        </tbody>
      </table>
      {loaded && rows.length === 0 && <p className="table-empty">{t('accounts.empty')}</p>}
      {!loaded && <p className="table-empty">{t('accounts.loading')}</p>}
    </div>
  );
}

function VirtualTable() {
  const { t } = useTranslation();
  const total = useAccounts((s) => s.total);
  const windows = useAccounts((s) => s.windows);
  const loaded = useAccounts((s) => s.loaded);
  const loading = useAccounts((s) => s.loading);
  const resultsFor = useAccounts((s) => s.resultsFor);
  const columns = useAccounts((s) => s.columns);
  const showRange = useAccounts((s) => s.showRange);
  const now = useNow();
  const self = useAuth((s) => s.account?.id ?? null);
  const language = currentLanguage();
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ALL_VIEW_ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  // New rows in sight (or the windows were dropped after a change): fetch what is missing.
  useEffect(() => {
    if (last >= 0) showRange(first, last);
  }, [first, last, windows, showRange]);

  // A new question starts at the top again.
  const questionVersion = useAccounts((s) => s.questionVersion);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [questionVersion]);

  const rowAt = (index: number): AccountSummary | undefined => windows[Math.floor(index / WINDOW_ROWS)]?.[index % WINDOW_ROWS];
  const loadedRows = Object.values(windows).flat();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = Math.max(0, virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0));
  const span = columns.length + 2;

  return (
    <div ref={scrollRef} className="table-wrap accounts-wrap accounts-scroll" aria-busy={loading} data-testid="accounts-table" data-results-for={loaded ? resultsFor : undefined} tabIndex={0} aria-label={t('accountsUi.list.allViewLabel')}>
      <table className="table accounts-table accounts-table-fixed" aria-rowcount={total + 1}>
        <caption className="visually-hidden">{t('accounts.title')}</caption>
        <Head rows={loadedRows} />
        <tbody>
          {paddingTop > 0 && (
            <tr className="spacer-row" aria-hidden="true">
              <td colSpan={span} style={{ height: paddingTop }} />
            </tr>
          )}
          {items.map((item) => {
            const account = rowAt(item.index);
            return account ? (
              <Row key={account.id} account={account} self={self} now={now} language={language} rowIndex={item.index + 2} />
            ) : (
              <tr key={`pending-${item.index}`} className="pending-row" aria-rowindex={item.index + 2} data-testid="account-row-pending">
                <td colSpan={span}>
                  <span className="pending-bar" />
                </td>
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr className="spacer-row" aria-hidden="true">
              <td colSpan={span} style={{ height: paddingBottom }} />
            </tr>
          )}
        </tbody>
      </table>
      {loaded && total === 0 && <p className="table-empty">{t('accounts.empty')}</p>}
      {!loaded && <p className="table-empty">{t('accounts.loading')}</p>}
    </div>
  );
}

function Head({ rows }: { rows: readonly AccountSummary[] }) {
  const { t } = useTranslation();
  const columns = useAccounts((s) => s.columns);
  const sort = useAccounts((s) => s.sort);
  const toggleSort = useAccounts((s) => s.toggleSort);
  const selected = useAccounts((s) => s.selected);
  const selectMany = useAccounts((s) => s.selectMany);
  const shownSelected = rows.filter((r) => selected[r.id] !== undefined).length;
  const allShown = rows.length > 0 && shownSelected === rows.length;
  const checkboxRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (checkboxRef.current) checkboxRef.current.indeterminate = shownSelected > 0 && !allShown;
  }, [shownSelected, allShown]);

  return (
    <thead>
      <tr aria-rowindex={1}>
        <th scope="col" className="col-select">
          <input
            ref={checkboxRef}
            type="checkbox"
            aria-label={t('accountsUi.list.selectShown')}
            title={t('accountsUi.list.selectShown')}
            data-testid="accounts-select-shown"
            checked={allShown}
            disabled={rows.length === 0}
            onChange={(e) => selectMany(rows, e.target.checked)}
          />
        </th>
        {columns.map((column) => {
          const sortColumn = SORT_OF_COLUMN[column];
          const label = t(`accountsUi.columns.${column}`);
          // A few names are too long for their narrow column: a short header, the full name for screen readers and in the title.
          const shortLabel = column === 'adminLevel' ? t('accountsUi.list.adminLevelHeader') : label;
          if (!sortColumn) {
            return (
              <th key={column} scope="col" className={`col-${column}`} title={shortLabel === label ? undefined : label}>
                {label}
              </th>
            );
          }
          const active = sort.column === sortColumn;
          return (
            <th key={column} scope="col" className={`col-${column}`} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
              <button type="button" className="sort-button" data-testid={`accounts-sort-${column}`} onClick={() => toggleSort(sortColumn)} title={t('accountsUi.list.sortBy', { column: label })} aria-label={label}>
                <span>{shortLabel}</span>
                <SortIcon direction={active ? sort.direction : null} />
              </button>
            </th>
          );
        })}
        <th scope="col" className="col-actions">
          <span className="visually-hidden">{t('accounts.columns.actions')}</span>
        </th>
      </tr>
    </thead>
  );
}

interface RowProps {
  account: AccountSummary;
  self: number | null;
  now: number;
  language: Language;
  /** Position among all matches (the all view), for screen readers. */
  rowIndex?: number;
}

function Row({ account, self, now, language, rowIndex }: RowProps) {
  const { t } = useTranslation();
  const columns = useAccounts((s) => s.columns);
  const checked = useAccounts((s) => s.selected[account.id] !== undefined);
  const toggleSelected = useAccounts((s) => s.toggleSelected);
  const { setNotice, setIssued, openEdit } = useAccountPanels.getState();
  const isSelf = account.id === self;
  const actions = useAccountActions(account, { isSelf, now, onNotice: setNotice, onIssued: setIssued });
  const lockedForAWhile = account.lockedUntil !== null && Date.parse(account.lockedUntil) > now;

  const cell = (column: ListColumn): ReactNode => {
    switch (column) {
      case 'username':
        return (
          <>
            <a href={accountHref(account.id)} className="account-link" data-testid="account-link" title={account.username}>
              {breakable(account.username)}
            </a>
            {isSelf && <span className="tag tag-quiet tag-inline">{t('accounts.you')}</span>}
          </>
        );
      case 'name':
        return <span title={listName(account, language)}>{listName(account, language)}</span>;
      case 'email':
        return (
          <span className="account-email-cell" data-testid="account-email" title={account.email}>
            {account.email}
          </span>
        );
      case 'userType':
        return t(`userTypes.${account.userType}`);
      case 'adminLevel':
        return account.adminLevel === 'none' ? <span className="muted">{t('accountsUi.list.noAdmin')}</span> : <span className={`level level-${account.adminLevel}`}>{t(`accountsUi.adminLevels.${account.adminLevel}`)}</span>;
      case 'status':
        return (
          <div className="status-lines">
            <span className={`badge badge-status-${account.status}`} data-testid="account-status">
              {t(`accountStatus.${account.status}`)}
            </span>
            {lockedForAWhile && (
              <span className="badge badge-warn badge-lock" data-testid="account-locked-until" title={formatDateTime(account.lockedUntil!, language)}>
                <LockIcon />
                {t('accounts.lockedUntil', { time: formatClockTime(account.lockedUntil!, language, new Date(now)) })}
              </span>
            )}
            {!columns.includes('twoFactor') && account.twoFactorEnabled && (
              <span className="badge badge-good badge-small" title={t('accountsUi.filters.twoFactor')} data-testid="account-two-factor-tag">
                {t('accountsUi.list.twoFactorTag')}
              </span>
            )}
            {account.failedAttempts > 0 && (
              <span className="small muted nowrap" data-testid="account-failed-attempts">
                {t('accounts.failedAttempts', { count: account.failedAttempts })}
              </span>
            )}
            {account.mustChangePassword && (
              <span className="small text-warn nowrap" data-testid="account-must-change">
                {t('accountsUi.list.mustChangePassword')}
              </span>
            )}
            {actions.locked && actions.mayChange && (
              <button type="button" className="button button-small" data-testid="account-unlock" disabled={actions.pending} onClick={actions.unlock}>
                {t('accounts.actions.unlock')}
              </button>
            )}
            {actions.errorText && <span className="field-error">{actions.errorText}</span>}
          </div>
        );
      case 'permissions': {
        const modules = PERMISSION_CATALOG.filter((m) => account.permissions.some((p) => moduleOf(p) === m.module));
        const all = account.permissions.map((p) => `${t(`modules.${moduleOf(p)}`)} · ${t(`permissions.${p}`)}`).join('\n');
        return account.permissions.length === 0 ? (
          <span className="muted">{t('accountsUi.list.noPermissions')}</span>
        ) : (
          <span title={all}>{modules.map((m) => t(`modules.${m.module}`)).join(', ')}</span>
        );
      }
      case 'sites':
        return <SiteChips account={account} />;
      case 'twoFactor':
        return account.twoFactorEnabled ? (
          <span className="badge badge-good">{t('accountsUi.list.twoFactorOn')}</span>
        ) : (
          <span className="muted" aria-label={t('accountsUi.list.twoFactorOffLabel')}>
            {t('accountsUi.list.twoFactorOff')}
          </span>
        );
      case 'parent':
        return account.parent ? <a href={accountHref(account.parent.id)}>{account.parent.username}</a> : <span className="muted">{t('accountsUi.list.noParent')}</span>;
      case 'lastSignInAt':
        return account.lastSignInAt ? (
          <time dateTime={account.lastSignInAt} title={formatDateTime(account.lastSignInAt, language)} data-testid="account-last-sign-in">
            {formatRelative(account.lastSignInAt, language, now, 'short')}
          </time>
        ) : (
          <span className="muted">{t('accounts.never')}</span>
        );
      case 'createdAt':
        return (
          <time dateTime={account.createdAt} title={formatDateTime(account.createdAt, language)}>
            {formatShortDateTime(account.createdAt, language)}
          </time>
        );
    }
  };

  return (
    <tr data-testid="account-row" data-username={account.username} data-id={account.id} aria-rowindex={rowIndex} aria-selected={checked} className={checked ? 'row-selected' : undefined}>
      <td className="col-select">
        <input type="checkbox" aria-label={t('accountsUi.list.selectRow', { username: account.username })} data-testid="account-select" checked={checked} onChange={(e) => toggleSelected(account, e.target.checked)} />
      </td>
      {columns.map((column) => (
        <td key={column} className={`col-${column}`}>
          {cell(column)}
        </td>
      ))}
      <td className="col-actions">
        <Popover
          kind="menu"
          fixed
          label={t('accountsUi.list.rowMenu', { username: account.username })}
          buttonClassName="icon-button row-menu-button"
          buttonContent={<MoreIcon />}
          buttonTestId="account-menu"
          panelTestId="account-menu-panel"
          panelClassName="menu row-menu"
        >
          {(close) => (
            <>
              <a role="menuitem" className="menu-item" href={accountHref(account.id)} data-testid="account-open" onClick={() => close()}>
                {t('accountsUi.list.open')}
              </a>
              {account.manageable && !isSelf && (
                <button
                  type="button"
                  role="menuitem"
                  className="menu-item"
                  data-testid="account-edit"
                  onClick={() => {
                    close();
                    openEdit(account.id);
                  }}
                >
                  {t('accountsUi.list.edit')}
                </button>
              )}
              {actions.items
                .filter((item) => item.key !== 'unlock')
                .map((item) => (
                  <button
                    key={item.key}
                    type="button"
                    role="menuitem"
                    className={`menu-item${item.danger ? ' menu-item-danger' : ''}`}
                    data-testid={item.testId}
                    onClick={() => {
                      close();
                      item.run();
                    }}
                  >
                    {item.label}
                  </button>
                ))}
            </>
          )}
        </Popover>
        {actions.dialogs}
      </td>
    </tr>
  );
}

/** A username that may wrap after its dots, @ and dashes, never in the middle of a word. */
function breakable(username: string): ReactNode {
  const parts = username.split(/(?<=[.@_-])/);
  return parts.length === 1 ? username : parts.map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

function SiteChips({ account }: { account: AccountSummary }) {
  const { t } = useTranslation();
  if (account.sites.length === 0) return <span className="muted">{t('accountsUi.list.noSites')}</span>;
  // One chip and "+n": rows keep one height; the title names them all.
  const shown = account.sites.slice(0, 1);
  const more = account.sites.length - shown.length;
  const all = account.sites.map((s) => (s.retired ? `${s.name} (${t('accountsUi.list.retired')})` : s.name)).join(', ');
  return (
    <span className="chip-line" title={all}>
      {shown.map((site) => (
        <span key={site.id} className={`chip${site.retired ? ' chip-retired' : ''}`}>
          {site.name}
        </span>
      ))}
      {more > 0 && <span className="chip chip-quiet chip-more">+{more}</span>}
    </span>
  );
}
