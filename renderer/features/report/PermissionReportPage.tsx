// The permission report of one account or a selection (#/report?ids=1,2,3): for each account,
// who it is, its user type, administrator level, status, sites and creator, then every
// permission of the catalog with whether it is held and where it comes from. Printable: the
// print stylesheet drops the console's frame and starts each account on a new page.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PERMISSION_CATALOG } from '../../../shared/permissions';
import type { EffectivePermission, PermissionReport } from '../../../shared/types';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatDateTime, formatNumber, fullName } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { hrefOf, useHashRoute } from '../shell/routes';

/** The most accounts one report may hold (the channel's limit). */
const MAX_ACCOUNTS = 1000;

/** `1,2,3` -> [1, 2, 3]: positive integers, each once, in the given order. */
export function reportIds(text: string | null): number[] {
  const ids = (text ?? '')
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  return [...new Set(ids)].slice(0, MAX_ACCOUNTS);
}

export function PermissionReportPage() {
  const { t } = useTranslation();
  const { params } = useHashRoute();
  const idsText = params.get('ids');
  const ids = useMemo(() => reportIds(idsText), [idsText]);
  const [reports, setReports] = useState<PermissionReport[] | null>(null);
  const [error, setError] = useState<ClientError | null>(null);

  useEffect(() => {
    if (ids.length === 0) return;
    let current = true;
    setReports(null);
    setError(null);
    void api.accounts.permissionReport({ accountIds: ids }).then((result) => {
      if (!current) return;
      if (result.ok) setReports(result.value);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [ids]);

  const language = currentLanguage();
  return (
    <div className="page report-page" data-testid="report-page">
      <header className="page-header">
        <div>
          <h1>{t('adminUi.report.title')}</h1>
          <p className="page-intro">
            {reports ? t('adminUi.report.introCount', { n: formatNumber(reports.length, language) }) : t('adminUi.report.intro')}
          </p>
        </div>
        <div className="page-header-side no-print">
          <a className="button" href={hrefOf('accounts')}>
            {t('adminUi.report.back')}
          </a>
          <button type="button" className="button button-primary" data-testid="report-print" disabled={!reports?.length} onClick={() => window.print()}>
            {t('adminUi.report.print')}
          </button>
        </div>
      </header>
      {ids.length === 0 && <p className="table-empty" data-testid="report-empty">{t('adminUi.report.noSelection')}</p>}
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      {ids.length > 0 && !reports && !error && <p className="table-empty">{t('adminUi.report.loading')}</p>}
      {reports?.map((report) => <ReportSheet key={report.accountId} report={report} />)}
    </div>
  );
}

function ReportSheet({ report }: { report: PermissionReport }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const byPermission = new Map(report.permissions.map((p) => [p.permission, p]));
  const held = report.permissions.filter((p) => p.held).length;
  const headingId = `report-${report.accountId}`;

  return (
    <article className="report-sheet" aria-labelledby={headingId} data-testid="report-sheet" data-username={report.username}>
      <header className="report-sheet-header">
        <h2 id={headingId}>
          {fullName(report, language)}
          <span className="report-username">{report.username}</span>
        </h2>
        <p className="muted small">{t('adminUi.report.generatedAt', { date: formatDateTime(report.generatedAt, language) })}</p>
      </header>
      <dl className="report-facts">
        <div>
          <dt>{t('adminUi.report.username')}</dt>
          <dd>{report.username}</dd>
        </div>
        <div>
          <dt>{t('adminUi.report.fullName')}</dt>
          <dd>{fullName(report, language)}</dd>
        </div>
        <div>
          <dt>{t('adminUi.report.userType')}</dt>
          <dd data-testid="report-user-type">{t(`userTypes.${report.userType}`)}</dd>
        </div>
        <div>
          <dt>{t('adminUi.report.adminLevel')}</dt>
          <dd data-testid="report-admin-level">{report.adminLevel === 'none' ? t('adminUi.report.notAdmin') : t(`adminLevels.${report.adminLevel}`)}</dd>
        </div>
        <div>
          <dt>{t('adminUi.report.status')}</dt>
          <dd>
            <span className={`badge badge-status-${report.status}`}>{t(`accountStatus.${report.status}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('adminUi.report.parent')}</dt>
          <dd>{report.parent ?? t('adminUi.report.noParent')}</dd>
        </div>
        <div className="report-facts-wide">
          <dt>{t('adminUi.report.sites')}</dt>
          <dd data-testid="report-sites">
            {report.allSites ? (
              <span className="chip">{t('adminUi.report.allSites')}</span>
            ) : report.sites.length === 0 ? (
              t('adminUi.report.noSites')
            ) : (
              <span className="chip-group">
                {report.sites.map((site) => (
                  <span key={site.id} className={site.retired ? 'chip chip-quiet' : 'chip'}>
                    {site.retired ? t('adminUi.report.retiredSite', { name: site.name }) : site.name}
                  </span>
                ))}
              </span>
            )}
          </dd>
        </div>
      </dl>
      <div className="table-wrap">
        <table className="table report-table">
          <caption>{t('adminUi.report.permissionsCaption', { held: formatNumber(held, language), total: formatNumber(report.permissions.length, language) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('adminUi.report.permission')}</th>
              <th scope="col">{t('adminUi.report.held')}</th>
              <th scope="col">{t('adminUi.report.source')}</th>
            </tr>
          </thead>
          {PERMISSION_CATALOG.map(({ module, permissions }) => (
            <tbody key={module}>
              <tr className="report-module">
                <th scope="rowgroup" colSpan={3}>
                  {t(`modules.${module}`)}
                </th>
              </tr>
              {permissions.map((permission) => {
                const entry = byPermission.get(permission) ?? { permission, held: false, source: 'not-granted', grantedBy: null, grantedAt: null };
                return (
                  <tr key={permission} data-testid="report-permission" data-permission={permission} data-held={entry.held} data-source={entry.source}>
                    <th scope="row" className="report-permission-name">
                      {t(`permissions.${permission}`)}
                    </th>
                    <td>
                      <span className={`badge ${entry.held ? 'badge-good' : 'badge-quiet'}`}>{entry.held ? t('adminUi.report.yes') : t('adminUi.report.no')}</span>
                    </td>
                    <td className={entry.source === 'blocked-by-user-type' ? 'text-warn' : entry.source === 'not-granted' ? 'muted' : undefined}>
                      <SourceText entry={entry} userType={t(`userTypes.${report.userType}`)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          ))}
        </table>
      </div>
    </article>
  );
}

function SourceText({ entry, userType }: { entry: EffectivePermission; userType: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const date = entry.grantedAt ? formatDateTime(entry.grantedAt, language) : null;
  switch (entry.source) {
    case 'not-granted':
      return <>{t('adminUi.report.sources.notGranted')}</>;
    case 'blocked-by-user-type':
      return <>{t('adminUi.report.sources.blocked', { type: userType })}</>;
    case 'granted':
      if (entry.grantedBy && date) return <>{t('adminUi.report.sources.grantedByOn', { by: entry.grantedBy, date })}</>;
      if (entry.grantedBy) return <>{t('adminUi.report.sources.grantedBy', { by: entry.grantedBy })}</>;
      if (date) return <>{t('adminUi.report.sources.grantedOn', { date })}</>;
      return <>{t('adminUi.report.sources.granted')}</>;
  }
}
