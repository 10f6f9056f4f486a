// Logs (Monitoring · Logs): the last entries of the watched log folders, filtered and searched
// as the admin types, live as lines are written, each entry's detail with the lines around it;
// "Search whole files" beyond the last entries; settings behind the gear. #/logs?levels=ERROR&q=…
// opens it filtered; #/logs?tab=search opens the whole-file search.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { GearIcon } from '../../ui/icons';
import { currentHashParams, hrefOf } from '../shell/routes';
import { EntryDetail } from './EntryDetail';
import { filterFromParams } from './filters';
import { FullSearch } from './FullSearch';
import { LogFilters } from './LogFilters';
import { LogList } from './LogList';
import { LogSettingsPanel } from './LogSettings';
import { EmptyList, LogSources } from './LogSources';
import { FileNotices, LogToolbar } from './LogToolbar';
import { useLogs } from './store';

type Tab = 'entries' | 'search';
const TABS: readonly Tab[] = ['entries', 'search'];

export function LogsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>(() => (currentHashParams().get('tab') === 'search' ? 'search' : 'entries'));
  const [settingsOpen, setSettingsOpen] = useState(false);
  const error = useLogs((s) => s.error);
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ entries: null, search: null });

  useEffect(() => {
    // A link with a filter (the dashboard's error count) opens the list filtered to it.
    const applyAddress = () => {
      const params = currentHashParams();
      const filter = filterFromParams(params);
      if (filter) useLogs.getState().replaceFilter(filter);
      if (params.get('tab') === 'search') setTab('search');
      else if (filter) setTab('entries');
    };
    applyAddress();
    void useLogs.getState().load();
    const offChanged = api.on('logs.changed', (change) => useLogs.getState().onChanged(change));
    const onHash = () => {
      if (window.location.hash.startsWith('#/logs')) applyAddress();
    };
    window.addEventListener('hashchange', onHash);
    return () => {
      offChanged();
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = TABS[(TABS.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <div className="page logs-page" data-testid="logs-page">
      <header className="page-header logs-header">
        <div>
          <h1>{t('logsUi.title')}</h1>
          <p className="page-intro">{t('logsUi.intro')}</p>
        </div>
        <div className="page-header-side">
          <a className="button button-small" href={hrefOf('rejected')} data-testid="logs-rejected-link">
            {t('logsUi.rejectedLink')}
          </a>
          <button type="button" className="button button-small" data-testid="logs-settings-button" onClick={() => setSettingsOpen(true)}>
            <GearIcon />
            {t('logsUi.settings.button')}
          </button>
        </div>
      </header>
      <div className="logs-tabs" role="tablist" aria-label={t('logsUi.tabs.label')} onKeyDown={onTabKey}>
        {TABS.map((name) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`logs-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`logs-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            className="logs-tab"
            data-testid={`logs-tab-${name}`}
            onClick={() => setTab(name)}
          >
            {t(`logsUi.tabs.${name}`)}
          </button>
        ))}
      </div>
      <LogSources onSettings={() => setSettingsOpen(true)} />
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      {tab === 'entries' ? (
        <div className="logs-panel" role="tabpanel" id="logs-panel-entries" aria-labelledby="logs-tab-entries">
          <LogFilters />
          <LogToolbar />
          <FileNotices />
          <LogList empty={<EmptyList onSettings={() => setSettingsOpen(true)} />} />
          <EntryDetail />
        </div>
      ) : (
        <div className="logs-panel" role="tabpanel" id="logs-panel-search" aria-labelledby="logs-tab-search">
          <FullSearch />
        </div>
      )}
      {settingsOpen && <LogSettingsPanel onClose={() => setSettingsOpen(false)} />}
    </div>
  );
}
