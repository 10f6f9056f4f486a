// The signed-in frame: header bar, main menu on the left, the current page on the right.
import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AccountsIcon, AuditIcon, DashboardIcon } from '../../ui/icons';
import { AccountsPage } from '../accounts/AccountsPage';
import { resetAccounts } from '../accounts/store';
import { AuditPage } from '../audit/AuditPage';
import { resetAudit } from '../audit/store';
import { resetDashboard } from '../dashboard/store';
import { useAuth } from '../auth/store';
import { DashboardPage } from '../dashboard/DashboardPage';
import { LogsPage } from '../logs/LogsPage';
import { resetLogSearch } from '../logs/searchStore';
import { resetLogs } from '../logs/store';
import { ProfilePage } from '../profile/ProfilePage';
import { resetProfile } from '../profile/store';
import { PermissionReportPage } from '../report/PermissionReportPage';
import { resetRejectedList } from '../rejected/listStore';
import { RejectedPage } from '../rejected/RejectedPage';
import { resetRejectedViewer } from '../rejected/viewerStore';
import { SecuritySettingsPage } from '../settings/SecuritySettingsPage';
import { SignInsPage } from '../signIns/SignInsPage';
import { resetSignIns } from '../signIns/store';
import { SitesPage } from '../sites/SitesPage';
import { resetSiteScope, useSiteScope } from '../sites/store';
import { Header } from './Header';
import { LogsIcon, RejectedIcon, SignInsIcon, SitesIcon } from './navIcons';
import { DEFAULT_PAGE, MAIN_MENU_PAGES, hrefOf, mayOpen, replacePage, useHashPage, type Page } from './routes';

const NAV_ICONS: Partial<Record<Page, ReactNode>> = {
  dashboard: <DashboardIcon />,
  accounts: <AccountsIcon />,
  sites: <SitesIcon />,
  'sign-ins': <SignInsIcon />,
  logs: <LogsIcon />,
  rejected: <RejectedIcon />,
  audit: <AuditIcon />,
};

function PageView({ page }: { page: Page }) {
  switch (page) {
    case 'dashboard':
      return <DashboardPage />;
    case 'accounts':
      return <AccountsPage />;
    case 'sites':
      return <SitesPage />;
    case 'sign-ins':
      return <SignInsPage />;
    case 'report':
      return <PermissionReportPage />;
    case 'audit':
      return <AuditPage />;
    case 'profile':
      return <ProfilePage />;
    case 'security':
      return <SecuritySettingsPage />;
    case 'logs':
      return <LogsPage />;
    case 'rejected':
      return <RejectedPage />;
  }
}

export function AppShell() {
  const { t } = useTranslation();
  const account = useAuth((s) => s.account);
  const requested = useHashPage();
  const page: Page = requested && mayOpen(account, requested) ? requested : DEFAULT_PAGE;
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // What one admin saw is not shown to the next one who signs in on this window.
  useEffect(
    () => () => {
      resetAudit();
      resetDashboard();
      resetAccounts();
      resetLogs();
      resetRejectedList();
      resetRejectedViewer();
      resetLogSearch();
      resetProfile();
      resetSignIns();
      resetSiteScope();
    },
    [],
  );

  // The admin's remembered site is known before any page loads its list (layout effects run
  // before the pages' effects), so the first list is already scoped.
  const accountId = account?.id ?? null;
  useLayoutEffect(() => {
    if (accountId !== null) useSiteScope.getState().start(accountId);
  }, [accountId]);

  useEffect(() => {
    // An unknown or forbidden address falls back to the dashboard, and says so in the bar.
    if (requested !== page) replacePage(page);
  }, [requested, page]);

  useEffect(() => {
    // After a navigation, move focus to the new page so screen readers announce it.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [page]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main-content" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>
        {t('app.skipToContent')}
      </a>
      <Header />
      <div className="shell-body">
        <nav className="main-nav" aria-label={t('shell.mainNav')} data-testid="main-nav">
          <ul>
            {MAIN_MENU_PAGES.filter((item) => mayOpen(account, item)).map((item) => (
              <li key={item}>
                <a href={hrefOf(item)} data-testid={`nav-${item}`} aria-current={item === page ? 'page' : undefined}>
                  {NAV_ICONS[item]}
                  <span>{t(`nav.${item}`)}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main className="content" id="main-content" ref={mainRef} tabIndex={-1}>
          <PageView page={page} />
        </main>
      </div>
    </div>
  );
}
