// The signed-in frame: header bar, main menu on the left, the current page on the right.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditIcon, DashboardIcon } from '../../ui/icons';
import { AuditPage } from '../audit/AuditPage';
import { resetAudit } from '../audit/store';
import { resetDashboard } from '../dashboard/store';
import { useAuth } from '../auth/store';
import { DashboardPage } from '../dashboard/DashboardPage';
import { Header } from './Header';
import { DEFAULT_PAGE, hrefOf, mayOpen, replacePage, useHashPage, type Page } from './routes';

const NAV: { page: Page; icon: ReactNode }[] = [
  { page: 'dashboard', icon: <DashboardIcon /> },
  { page: 'audit', icon: <AuditIcon /> },
];

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
    },
    [],
  );

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
            {NAV.filter((item) => mayOpen(account, item.page)).map((item) => (
              <li key={item.page}>
                <a href={hrefOf(item.page)} data-testid={`nav-${item.page}`} aria-current={item.page === page ? 'page' : undefined}>
                  {item.icon}
                  <span>{t(`nav.${item.page}`)}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main className="content" id="main-content" ref={mainRef} tabIndex={-1}>
          {page === 'audit' ? <AuditPage /> : <DashboardPage />}
        </main>
      </div>
    </div>
  );
}
