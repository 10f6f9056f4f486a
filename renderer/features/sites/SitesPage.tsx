// Sites: where accounts work. Full administrators create, rename, retire and restore them;
// other administrators see their own sites, read-only. Each site's account count opens the
// accounts list scoped to it (through the header's site selector).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site } from '../../../shared/types';
import { api, type ClientError } from '../../api';
import { currentLanguage, type Language } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { Dialog } from '../../ui/Dialog';
import { errorMessage, fieldMessage } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { useAuth } from '../auth/store';
import { currentHashParams, hrefOf, navigate } from '../shell/routes';
import { useSiteScope } from './store';

type Notice = { kind: 'created' | 'renamed' | 'retired' | 'restored'; name: string };

/** "23 nov. 2026": the day is enough for when a site was created or retired (the time is in the tooltip). */
function formatDay(iso: string, language: Language): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(date);
}

/** A site name's error: the wording of the sites page for a name in use, else the general one. */
function useNameError() {
  const { t } = useTranslation();
  return (error: ClientError | null, value: string): string | undefined => {
    const field = error?.fields?.find((f) => f.path === 'name');
    if (!field) return undefined;
    if (field.code === 'taken') return t('adminUi.sites.nameTaken');
    return fieldMessage(t, 'name', field.code, value);
  };
}

export function SitesPage() {
  const { t } = useTranslation();
  const account = useAuth((s) => s.account);
  const sites = useSiteScope((s) => s.sites);
  const retiredSites = useSiteScope((s) => s.retiredSites);
  const loaded = useSiteScope((s) => s.loaded);
  const error = useSiteScope((s) => s.error);
  const load = useSiteScope((s) => s.load);
  // The dashboard's "retired" count opens the page with them shown (#/sites?retired=1).
  const [showRetired, setShowRetired] = useState(() => currentHashParams().get('retired') === '1');
  const [notice, setNotice] = useState<Notice | null>(null);
  const full = account?.adminLevel === 'full';

  useEffect(() => {
    // Account counts change with every account change: the store follows data.changed.
    void load();
  }, [load]);

  const shown = showRetired ? [...sites, ...retiredSites] : sites;

  return (
    <div className="page" data-testid="sites-page">
      <header className="page-header">
        <div>
          <h1>{t('adminUi.sites.title')}</h1>
          <p className="page-intro">{full ? t('adminUi.sites.intro') : t('adminUi.sites.introLimited')}</p>
        </div>
      </header>
      {full && <CreateSiteForm onCreated={(site) => setNotice({ kind: 'created', name: site.name })} />}
      {notice && (
        <p className="form-success" role="status" data-testid="sites-notice">
          {t(`adminUi.sites.notices.${notice.kind}`, { name: notice.name })}
        </p>
      )}
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      <div className="list-toolbar">
        <p className="muted" data-testid="sites-total">
          {t('adminUi.sites.total', { active: formatNumber(sites.length, currentLanguage()), retired: formatNumber(retiredSites.length, currentLanguage()) })}
        </p>
        <div className="checkbox">
          <input id="sites-show-retired" type="checkbox" data-testid="sites-show-retired" checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)} />
          <label htmlFor="sites-show-retired">{t('adminUi.sites.showRetired', { n: retiredSites.length })}</label>
        </div>
      </div>
      <div className="table-wrap">
        <table className="table sites-table">
          <caption className="visually-hidden">{t('adminUi.sites.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('adminUi.sites.columns.name')}</th>
              <th scope="col" className="num">{t('adminUi.sites.columns.accounts')}</th>
              <th scope="col">{t('adminUi.sites.columns.status')}</th>
              <th scope="col">{t('adminUi.sites.columns.createdAt')}</th>
              {full && <th scope="col" className="col-actions">{t('adminUi.sites.columns.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((site) => (
              <SiteRow key={site.id} site={site} full={full} onNotice={setNotice} />
            ))}
          </tbody>
        </table>
        {loaded && shown.length === 0 && (
          <p className="table-empty" data-testid="sites-empty">
            {full ? t('adminUi.sites.empty') : t('adminUi.sites.emptyLimited')}
          </p>
        )}
        {!loaded && <p className="table-empty">{t('adminUi.sites.loading')}</p>}
      </div>
    </div>
  );
}

function CreateSiteForm({ onCreated }: { onCreated(site: Site): void }) {
  const { t } = useTranslation();
  const nameError = useNameError();
  const [name, setName] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const [sent, setSent] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    const result = await api.sites.create({ name });
    setPending(false);
    if (result.ok) {
      setError(null);
      setName('');
      onCreated(result.value);
    } else {
      setError(result.error);
      setSent(name);
    }
  }

  const fieldError = name === sent ? nameError(error, name) : undefined;
  return (
    <form className="inline-form" aria-label={t('adminUi.sites.newSite')} data-testid="site-create-form" onSubmit={(e) => void submit(e)}>
      <Field
        name="name"
        label={t('adminUi.sites.newSite')}
        placeholder={t('adminUi.sites.namePlaceholder')}
        value={name}
        maxLength={100}
        autoComplete="off"
        error={fieldError}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="button button-primary" data-testid="site-create" disabled={pending || name.trim() === ''}>
        {t('adminUi.sites.create')}
      </button>
      {error && !error.fields?.length && <FormError>{errorMessage(t, error)}</FormError>}
    </form>
  );
}

function SiteRow({ site, full, onNotice }: { site: Site; full: boolean; onNotice(notice: Notice): void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const setSiteId = useSiteScope((s) => s.setSiteId);
  const [open, setOpen] = useState<null | 'rename' | 'retire'>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const retired = site.retiredAt !== null;

  async function restore() {
    const result = await api.sites.restore({ siteId: site.id });
    if (result.ok) {
      setError(null);
      onNotice({ kind: 'restored', name: result.value.name });
    } else setError(result.error);
  }

  const count = formatNumber(site.accounts, language);
  return (
    <tr data-testid="site-row" data-site={site.name} data-retired={retired}>
      <th scope="row" className="site-name">
        {site.name}
      </th>
      <td className="num">
        {/* Opens the accounts list scoped to this site (retired sites are not offered in the selector). */}
        {!retired && site.accounts > 0 ? (
          <a
            href={hrefOf('accounts')}
            data-testid="site-accounts-link"
            aria-label={t('adminUi.sites.openAccounts', { n: count, name: site.name })}
            onClick={(e) => {
              e.preventDefault();
              setSiteId(site.id);
              navigate(hrefOf('accounts'));
            }}
          >
            {count}
          </a>
        ) : (
          count
        )}
      </td>
      <td>
        {retired ? (
          <>
            <span className="badge badge-quiet">{t('adminUi.sites.retired')}</span>
            <span className="site-retired-on muted small">
              <time dateTime={site.retiredAt!} title={formatDateTime(site.retiredAt!, language)}>
                {t('adminUi.sites.retiredOn', { date: formatDay(site.retiredAt!, language) })}
              </time>
            </span>
          </>
        ) : (
          <span className="badge badge-good">{t('adminUi.sites.active')}</span>
        )}
      </td>
      <td className="nowrap">
        <time dateTime={site.createdAt} title={formatDateTime(site.createdAt, language)}>
          {formatDay(site.createdAt, language)}
        </time>
      </td>
      {full && (
        <td className="col-actions">
          <div className="row-actions">
            <button type="button" className="button button-small" data-testid="site-rename" onClick={() => setOpen('rename')}>
              {t('adminUi.sites.rename')}
            </button>
            {retired ? (
              <button type="button" className="button button-small" data-testid="site-restore" onClick={() => void restore()}>
                {t('adminUi.sites.restore')}
              </button>
            ) : (
              <button type="button" className="button button-small" data-testid="site-retire" onClick={() => setOpen('retire')}>
                {t('adminUi.sites.retire')}
              </button>
            )}
          </div>
          {error && <p className="field-error">{errorMessage(t, error)}</p>}
          {open === 'rename' && (
            <RenameDialog
              site={site}
              onClose={() => setOpen(null)}
              onDone={(renamed) => {
                setOpen(null);
                onNotice({ kind: 'renamed', name: renamed.name });
              }}
            />
          )}
          {open === 'retire' && (
            <RetireDialog
              site={site}
              onClose={() => setOpen(null)}
              onDone={(retiredSite) => {
                setOpen(null);
                onNotice({ kind: 'retired', name: retiredSite.name });
              }}
            />
          )}
        </td>
      )}
    </tr>
  );
}

function RenameDialog({ site, onClose, onDone }: { site: Site; onClose(): void; onDone(site: Site): void }) {
  const { t } = useTranslation();
  const nameError = useNameError();
  const [name, setName] = useState(site.name);
  const [sent, setSent] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    const result = await api.sites.rename({ siteId: site.id, name });
    setPending(false);
    if (result.ok) onDone(result.value);
    else {
      setError(result.error);
      setSent(name);
    }
  }

  return (
    <Dialog title={t('adminUi.sites.renameTitle', { name: site.name })} onCancel={onClose} testId="site-rename-dialog">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <Field
          name="name"
          label={t('adminUi.sites.columns.name')}
          value={name}
          maxLength={100}
          autoComplete="off"
          autoFocus
          hint={t('adminUi.sites.renameHint')}
          error={name === sent ? nameError(error, name) : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        {error && !error.fields?.length && <FormError>{errorMessage(t, error)}</FormError>}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" data-testid="site-rename-submit" disabled={pending || name.trim() === '' || name.trim() === site.name}>
            {t('adminUi.sites.rename')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RetireDialog({ site, onClose, onDone }: { site: Site; onClose(): void; onDone(site: Site): void }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);

  async function retire() {
    setPending(true);
    const result = await api.sites.retire({ siteId: site.id });
    setPending(false);
    if (result.ok) onDone(result.value);
    else setError(result.error);
  }

  return (
    <Dialog
      title={t('adminUi.sites.retireTitle', { name: site.name })}
      description={site.accounts === 0 ? t('adminUi.sites.retireTextNone') : t('adminUi.sites.retireText', { n: formatNumber(site.accounts, currentLanguage()) })}
      onCancel={onClose}
      testId="site-retire-dialog"
      alert
    >
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus="">
          {t('common.cancel')}
        </button>
        <button type="button" className="button button-danger" data-testid="site-retire-confirm" disabled={pending} onClick={() => void retire()}>
          {t('adminUi.sites.retire')}
        </button>
      </div>
    </Dialog>
  );
}
