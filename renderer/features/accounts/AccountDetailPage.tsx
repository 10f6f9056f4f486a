// One account at #/accounts/<id>: identity and contacts, type, administrator level,
// permissions by module and sites, who created it and the sub-administrators it created, its
// last sign-ins, the security actions, and (apart, at the bottom) deactivation, the
// recommended way out, then deletion.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PERMISSION_CATALOG, moduleOf } from '../../../shared/permissions';
import type { AccountDetail } from '../../../shared/types';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';
import { useNow } from '../../ui/useNow';
import { useAuth } from '../auth/store';
import { SignInsTable } from '../profile/SignInsTable';
import { hrefOf } from '../shell/routes';
import { temporarilyLocked, useAccountActions } from './AccountActions';
import { readOnlyReasonOf } from './AccountForm';
import { DeleteAccountDialog } from './DeleteAccountDialog';
import { displayName, formatRelative } from './format';
import { BackIcon, LockIcon } from './icons';
import { useAccountPanels } from './panels';
import { ACCOUNTS_HREF, accountHref, reportHref } from './route';
import { useAccounts } from './store';

export function AccountDetailPage({ accountId }: { accountId: number }) {
  const { t } = useTranslation();
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    const result = await api.accounts.get({ accountId });
    if (result.ok) {
      setAccount(result.value);
      setError(null);
    } else setError(result.error);
  }, [accountId]);

  useEffect(() => {
    void load();
    return api.on('data.changed', ({ areas }) => {
      if (areas.includes('accounts') || areas.includes('auth')) void load();
    });
  }, [load]);

  // Opened from the list: screen readers start at the account's name.
  const shown = account !== null;
  useEffect(() => {
    if (shown) headingRef.current?.focus({ preventScroll: true });
  }, [shown]);

  return (
    <div className="page account-page" data-testid="account-detail">
      <a className="back-link" href={ACCOUNTS_HREF} data-testid="account-back">
        <BackIcon />
        {t('accountsUi.detail.back')}
      </a>
      {error && !account && (
        <>
          <h1>{t('accountsUi.detail.unavailableTitle')}</h1>
          <FormError>{error.code === 'NOT_FOUND' ? t('accountsUi.detail.notFound') : errorMessage(t, error)}</FormError>
        </>
      )}
      {!error && !account && <p className="muted">{t('app.loading')}</p>}
      {account && <Detail account={account} headingRef={headingRef} reload={() => void load()} onChanged={(next) => setAccount({ ...account, ...next })} />}
    </div>
  );
}

function Detail({ account, headingRef, reload, onChanged }: { account: AccountDetail; headingRef: React.RefObject<HTMLHeadingElement | null>; reload(): void; onChanged(next: Partial<AccountDetail>): void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const now = useNow();
  const selfId = useAuth((s) => s.account?.id ?? null);
  const notice = useAccountPanels((s) => s.notice);
  const { setNotice, setIssued, openEdit } = useAccountPanels.getState();
  const isSelf = account.id === selfId;
  const actions = useAccountActions(account, { isSelf, now, onNotice: setNotice, onIssued: setIssued, onChanged: (next) => {
    onChanged(next);
    reload();
  } });
  const [deleting, setDeleting] = useState(false);
  const lockedForAWhile = temporarilyLocked(account, now);
  const name = displayName(account, language);
  const lastSuccess = account.recentSignIns.find((r) => r.success);
  const reason = readOnlyReasonOf(account, selfId);
  const security = actions.items.filter((item) => item.key === 'unlock' || item.key === 'resetPassword' || item.key === 'resetTwoFactor');
  const statusAction = actions.items.find((item) => item.key === 'deactivate' || item.key === 'activate');

  return (
    <>
      <header className="page-header account-header">
        <div className="account-title">
          <h1 ref={headingRef} tabIndex={-1} data-testid="account-detail-name">
            {name}
          </h1>
          <p className="account-subtitle">
            <code data-testid="account-detail-username">{account.username}</code>
            <span className={`badge badge-status-${account.status}`} data-testid="account-detail-status">
              {t(`accountStatus.${account.status}`)}
            </span>
            {lockedForAWhile && (
              <span className="badge badge-warn badge-lock" data-testid="account-locked-until">
                <LockIcon />
                {t('accounts.lockedUntil', { time: formatDateTime(account.lockedUntil!, language) })}
              </span>
            )}
            {isSelf && <span className="tag tag-quiet">{t('accounts.you')}</span>}
          </p>
        </div>
        <div className="page-header-side">
          <a className="button" href={reportHref([account.id])} data-testid="account-report">
            {t('accountsUi.detail.report')}
          </a>
          {!reason && (
            <button type="button" className="button button-primary" data-testid="account-detail-edit" onClick={() => openEdit(account.id)}>
              {t('accountsUi.list.edit')}
            </button>
          )}
        </div>
      </header>

      {reason && (
        <p className="form-info" data-testid="account-read-only">
          {t(`accountsUi.readOnly.${reason}`)}{' '}
          {isSelf && <a href={hrefOf('profile')}>{t('accountsUi.detail.openProfile')}</a>}
        </p>
      )}
      {notice && (
        <p className="form-success" role="status" data-testid="accounts-notice">
          {t(`accounts.notices.${notice.kind}`, { username: notice.username })}
        </p>
      )}
      {actions.errorText && <FormError>{actions.errorText}</FormError>}

      <div className="detail-grid">
        <Card title={t('accountsUi.detail.identity')} testId="account-identity">
          <dl className="account-facts">
            <Fact label={t('fields.username')}>
              <code>{account.username}</code>
            </Fact>
            <Fact label={t('fields.lastName')}>{account.lastName}</Fact>
            <Fact label={t('fields.firstName')}>{[account.firstName, account.middleName].filter(Boolean).join(' ')}</Fact>
            <Fact label={t('fields.email')}>
              <a href={`mailto:${account.email}`}>{account.email}</a>
            </Fact>
            <Fact label={t('accountsUi.form.phoneWork')}>{account.phoneWork}</Fact>
            <Fact label={t('accountsUi.form.phoneMobile')}>{account.phoneMobile}</Fact>
            <Fact label={t('accountsUi.form.phoneLandline')}>{account.phoneLandline}</Fact>
            <Fact label={t('accountsUi.form.phoneFax')}>{account.phoneFax}</Fact>
            <Fact label={t('accountsUi.form.postalAddress')}>{account.postalAddress && <span className="pre-line">{account.postalAddress}</span>}</Fact>
            <Fact label={t('accountsUi.detail.createdAt')}>
              <time dateTime={account.createdAt}>{formatDateTime(account.createdAt, language)}</time>
            </Fact>
          </dl>
        </Card>

        <Card title={t('accountsUi.detail.access')} testId="account-access">
          <dl className="account-facts">
            <Fact label={t('accountsUi.form.userType')}>
              <strong>{t(`userTypes.${account.userType}`)}</strong>
              <span className="fact-hint">{t(`accountsUi.userTypeHints.${account.userType}`)}</span>
            </Fact>
            <Fact label={t('accountsUi.form.adminLevel')}>
              <strong>{t(`accountsUi.adminLevels.${account.adminLevel}`)}</strong>
              <span className="fact-hint">{t(`accountsUi.adminLevelHints.${account.adminLevel}`)}</span>
            </Fact>
            <Fact label={t('accountsUi.form.permissions')}>
              {account.permissions.length === 0 ? (
                <span className="muted">{t('accountsUi.list.noPermissions')}</span>
              ) : (
                <div data-testid="account-detail-permissions">
                  {PERMISSION_CATALOG.filter((m) => account.permissions.some((p) => moduleOf(p) === m.module)).map((m) => (
                    <div className="chip-group" key={m.module}>
                      <span className="chip-group-name">{t(`modules.${m.module}`)}</span>
                      {m.permissions
                        .filter((p) => account.permissions.includes(p))
                        .map((p) => (
                          <span key={p} className="chip" data-permission={p}>
                            {t(`permissions.${p}`)}
                          </span>
                        ))}
                    </div>
                  ))}
                </div>
              )}
            </Fact>
            <Fact label={t('accountsUi.form.sites')}>
              <div className="chip-group" data-testid="account-detail-sites">
                {account.sites.map((site) => (
                  <span key={site.id} className={`chip${site.retired ? ' chip-retired' : ''}`} title={site.retired ? t('accountsUi.list.retired') : undefined}>
                    {site.name}
                  </span>
                ))}
                {account.sites.length === 0 && account.adminLevel !== 'full' && <span className="muted">{t('accountsUi.list.noSites')}</span>}
                {account.adminLevel === 'full' && <span className="fact-hint">{t('accountsUi.detail.allSites')}</span>}
              </div>
            </Fact>
          </dl>
        </Card>

        <Card title={t('accountsUi.detail.hierarchy')} testId="account-hierarchy">
          <dl className="account-facts">
            <Fact label={t('accountsUi.detail.parent')}>
              {account.parent ? (
                <a href={accountHref(account.parent.id)} data-testid="account-parent">
                  {account.parent.username}
                </a>
              ) : (
                <span className="muted">{t('accountsUi.detail.noParent')}</span>
              )}
            </Fact>
            <Fact label={t('accountsUi.detail.children')}>
              {account.children.length === 0 ? (
                <span className="muted">{t('accountsUi.detail.noChildren')}</span>
              ) : (
                <ul className="child-list" data-testid="account-children">
                  {account.children.map((child) => (
                    <li key={child.id}>
                      <a href={accountHref(child.id)}>{child.username}</a> <span className="muted small">· {t(`accountsUi.adminLevels.${child.adminLevel}`)}</span>{' '}
                      {child.status !== 'active' && <span className={`badge badge-status-${child.status}`}>{t(`accountStatus.${child.status}`)}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </Fact>
          </dl>
        </Card>

        <Card title={t('accountsUi.detail.security')} testId="account-security">
          <dl className="account-facts">
            <Fact label={t('accountsUi.detail.twoFactor')}>
              {account.twoFactorEnabled ? <span className="badge badge-good">{t('accountsUi.list.twoFactorOn')}</span> : <span className="muted">{t('accountsUi.detail.twoFactorOff')}</span>}
            </Fact>
            <Fact label={t('accountsUi.detail.password')}>{account.mustChangePassword ? <span className="text-warn">{t('accountsUi.list.mustChangePassword')}</span> : t('accountsUi.detail.passwordOk')}</Fact>
            <Fact label={t('accountsUi.detail.failedAttempts')}>{account.failedAttempts > 0 ? t('accounts.failedAttempts', { count: account.failedAttempts }) : <span className="muted">{t('accountsUi.detail.none')}</span>}</Fact>
          </dl>
          {security.length > 0 && (
            <div className="button-row">
              {security.map((item) => (
                <button key={item.key} type="button" className={`button button-small${item.key === 'unlock' ? ' button-primary' : ''}`} data-testid={item.testId} disabled={actions.pending} onClick={item.run}>
                  {item.label}
                </button>
              ))}
            </div>
          )}
        </Card>

        <Card title={t('accountsUi.detail.signIns')} testId="account-sign-ins" wide>
          <p className="last-sign-in" data-testid="account-last-success">
            <span className="fact-label">{t('accountsUi.detail.lastSuccess')}</span>{' '}
            {account.lastSignInAt ? (
              <time dateTime={account.lastSignInAt} title={formatDateTime(account.lastSignInAt, language)}>
                {formatDateTime(account.lastSignInAt, language)} <span className="muted">({formatRelative(account.lastSignInAt, language, now)})</span>
              </time>
            ) : (
              <span className="muted">{t('accounts.never')}</span>
            )}
            {lastSuccess && <span className="muted small"> · {lastSuccess.origin}</span>}
          </p>
          <h3 className="card-subtitle">{t('accountsUi.detail.recentAttempts')}</h3>
          <SignInsTable records={account.recentSignIns.slice(0, 10)} />
        </Card>

        {!reason && (
          <section className="card card-wide danger-zone" aria-labelledby="danger-zone-title" data-testid="account-danger-zone">
            <h2 id="danger-zone-title">{t('accountsUi.detail.dangerZone')}</h2>
            {statusAction && (
              <div className="danger-row">
                <div>
                  <h3>
                    {statusAction.key === 'deactivate' ? t('accountsUi.lifecycle.deactivateHeading') : t('accountsUi.lifecycle.activateHeading')}
                    {statusAction.key === 'deactivate' && <span className="tag tag-inline">{t('accountsUi.lifecycle.recommended')}</span>}
                  </h3>
                  <p className="muted">{statusAction.key === 'deactivate' ? t('accountsUi.lifecycle.deactivateCard') : t('accountsUi.lifecycle.activateCard')}</p>
                </div>
                <button type="button" className="button" data-testid={`${statusAction.testId}-button`} onClick={statusAction.run}>
                  {statusAction.label}
                </button>
              </div>
            )}
            <div className="danger-row">
              <div>
                <h3>{t('accountsUi.lifecycle.deleteHeading')}</h3>
                <p className="muted">{t('accountsUi.lifecycle.deleteCard')}</p>
              </div>
              <button type="button" className="button button-danger" data-testid="account-delete" onClick={() => setDeleting(true)}>
                {t('accountsUi.lifecycle.delete')}
              </button>
            </div>
          </section>
        )}
      </div>

      {actions.dialogs}
      {deleting && (
        <DeleteAccountDialog
          account={account}
          onClose={() => setDeleting(false)}
          onDeactivateInstead={() => {
            setDeleting(false);
            statusAction?.run();
          }}
          onDeleted={() => {
            setDeleting(false);
            setNotice({ kind: 'deleted', username: account.username });
            useAccounts.getState().removed(account.id);
            window.location.hash = ACCOUNTS_HREF;
          }}
        />
      )}
    </>
  );
}

function Card({ title, children, testId, wide = false }: { title: string; children: ReactNode; testId: string; wide?: boolean }) {
  return (
    <section className={`card${wide ? ' card-wide' : ''}`} aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === '' || children === null || children === undefined || children === false;
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{empty ? <span className="muted">—</span> : children}</dd>
    </div>
  );
}
