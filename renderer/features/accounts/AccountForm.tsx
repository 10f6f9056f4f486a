// Create or edit an account, in a side panel over the list or the account's page. It offers
// only what the signed-in administrator may grant (accounts.grantOptions) and what the chosen
// user type allows, and says why the rest is unavailable; the main process checks it all
// again and its field errors are shown on their fields. An account the administrator may not
// change opens read-only, with the reason.
import { useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ADMIN_LEVELS, USER_TYPES, USER_TYPE_LIMITS, adminLevelAllowedFor, permissionAllowedFor, type UserType } from '../../../shared/accounts';
import { PERMISSION_CATALOG, type Permission } from '../../../shared/permissions';
import type { AccountFields } from '../../../shared/contract';
import type { AccountDetail, AccountStatus, AdminLevel, GrantOptions, SiteRef } from '../../../shared/types';
import { api, type ClientError } from '../../api';
import { currentLanguage, translateKey } from '../../i18n';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { errorMessage } from '../../ui/errors';
import { Field, PasswordField } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { useServerErrors } from '../../ui/useServerErrors';
import { useAuth } from '../auth/store';
import { StrengthHint } from '../passwords/StrengthHint';
import { useAccountPanels, type Editing } from './panels';
import { useAccounts } from './store';

/** What the form edits: the account's fields, its status, and a password on creation. */
type Values = AccountFields & { status: AccountStatus; password: string };

const EMPTY: Values = {
  username: '',
  firstName: '',
  middleName: '',
  lastName: '',
  email: '',
  phoneWork: '',
  phoneMobile: '',
  phoneLandline: '',
  phoneFax: '',
  postalAddress: '',
  userType: 'business',
  adminLevel: 'none',
  permissions: [],
  siteIds: [],
  status: 'active',
  password: '',
};

function valuesOf(account: AccountDetail): Values {
  return {
    username: account.username,
    firstName: account.firstName,
    middleName: account.middleName,
    lastName: account.lastName,
    email: account.email,
    phoneWork: account.phoneWork,
    phoneMobile: account.phoneMobile,
    phoneLandline: account.phoneLandline,
    phoneFax: account.phoneFax,
    postalAddress: account.postalAddress,
    userType: account.userType,
    adminLevel: account.adminLevel,
    permissions: [...account.permissions],
    siteIds: account.sites.map((s) => s.id),
    status: account.status,
    password: '',
  };
}

function sameValues(a: Values, b: Values): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Mounted once by the accounts page: the panel of the account being created or edited. */
export function AccountEditor() {
  const editing = useAccountPanels((s) => s.editing);
  if (!editing) return null;
  return <EditorLoader key={editing.mode === 'edit' ? `edit-${editing.accountId}` : 'create'} editing={editing} />;
}

function EditorLoader({ editing }: { editing: NonNullable<Editing> }) {
  const { t } = useTranslation();
  const closeEditor = useAccountPanels((s) => s.closeEditor);
  const [options, setOptions] = useState<GrantOptions | null>(null);
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const accountId = editing.mode === 'edit' ? editing.accountId : null;

  useEffect(() => {
    let current = true;
    void Promise.all([api.accounts.grantOptions(), accountId === null ? Promise.resolve(null) : api.accounts.get({ accountId })]).then(([granted, detail]) => {
      if (!current) return;
      if (!granted.ok) return setError(granted.error);
      if (detail && !detail.ok) return setError(detail.error);
      setOptions(granted.value);
      if (detail) setAccount(detail.value);
    });
    return () => {
      current = false;
    };
  }, [accountId]);

  if (options && (accountId === null || account)) return <AccountForm options={options} account={account} onClose={closeEditor} />;
  return (
    <Dialog title={accountId === null ? t('accountsUi.form.createTitle') : t('accountsUi.form.loadingTitle')} onCancel={closeEditor} testId="account-form-dialog" className="drawer">
      {error ? <FormError>{errorMessage(t, error)}</FormError> : <p className="muted">{t('app.loading')}</p>}
      <div className="form-actions">
        <button type="button" className="button" onClick={closeEditor}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}

function AccountForm({ options, account, onClose }: { options: GrantOptions; account: AccountDetail | null; onClose(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const language = currentLanguage();
  const selfId = useAuth((s) => s.account?.id ?? null);
  const { setNotice } = useAccountPanels.getState();
  const creating = account === null;
  // A limited administrator with a single site creates accounts for that site.
  const initial = useMemo(() => (account ? valuesOf(account) : { ...EMPTY, siteIds: !options.allSites && options.sites.length === 1 ? [options.sites[0]!.id] : [] }), [account, options]);
  const [values, setValues] = useState<Values>(initial);
  const [pending, setPending] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  /** Permissions and level taken away by a change of user type, said once. */
  const [typeNote, setTypeNote] = useState<string | null>(null);
  const errors = useServerErrors();

  const readOnlyReason = account ? readOnlyReasonOf(account, selfId) : null;
  const readOnly = readOnlyReason !== null;
  const dirty = !sameValues(values, initial);

  const set = <K extends keyof Values>(name: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [name]: value }));
    errors.edited(name);
  };
  const text = (name: keyof Values) => (event: { target: { value: string } }) => set(name, event.target.value as never);

  /** A server message for a field, in the accounts screens' words when they have some. */
  const fieldError = (name: string): string | undefined => {
    const problem = errors.error?.fields?.find((f) => f.path === name || f.path.startsWith(`${name}.`));
    const general = problem ? errors.fields[problem.path] : undefined;
    if (!problem || !general) return undefined;
    return translateKey(`accountsUi.fieldErrors.${name}.${problem.code}`, translateKey(`accountsUi.fieldErrors.${problem.code}`, general));
  };

  const typeLabel = (type: UserType) => t(`userTypes.${type}`);

  function chooseUserType(userType: UserType) {
    const removed = values.permissions.filter((p) => !permissionAllowedFor(userType, p));
    const level = adminLevelAllowedFor(userType, values.adminLevel) ? values.adminLevel : USER_TYPE_LIMITS[userType].maxAdminLevel;
    const notes: string[] = [];
    if (removed.length) notes.push(t('accountsUi.form.removedPermissions', { list: removed.map((p) => t(`permissions.${p}`)).join(', ') }));
    if (level !== values.adminLevel) notes.push(t('accountsUi.form.loweredLevel', { level: t(`accountsUi.adminLevels.${level}`) }));
    setTypeNote(notes.length ? notes.join(' ') : null);
    setValues((v) => ({ ...v, userType, adminLevel: level, permissions: v.permissions.filter((p) => permissionAllowedFor(userType, p)) }));
    errors.edited('userType');
    errors.edited('permissions');
    errors.edited('adminLevel');
  }

  const togglePermission = (permission: Permission, on: boolean) =>
    set('permissions', on ? [...values.permissions, permission] : values.permissions.filter((p) => p !== permission));
  const toggleSite = (siteId: number, on: boolean) => set('siteIds', on ? [...values.siteIds, siteId] : values.siteIds.filter((s) => s !== siteId));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending || readOnly) return;
    const { password, status, ...fields } = values;
    setPending(true);
    const result = creating
      ? await api.accounts.create({ ...fields, password, status: status === 'locked' ? 'locked' : 'active' })
      : await api.accounts.update({ ...fields, accountId: account.id, status });
    setPending(false);
    if (!result.ok) {
      errors.fail(result.error, { ...values });
      return;
    }
    errors.clear();
    setNotice({ kind: creating ? 'created' : 'updated', username: result.value.username, accountId: result.value.id });
    useAccounts.getState().updated(result.value);
    void useAccounts.getState().load();
    onClose();
  }

  const cancel = () => (dirty && !readOnly ? setConfirmDiscard(true) : onClose());

  // What this administrator may grant; the rest of the catalog is not offered at all.
  const grantable = new Set(options.permissions);
  const hiddenPermissions = readOnly ? 0 : PERMISSION_CATALOG.flatMap((m) => m.permissions).filter((p) => !grantable.has(p)).length;
  const offeredLevels = readOnly ? ADMIN_LEVELS : ADMIN_LEVELS.filter((l) => options.adminLevels.includes(l));
  const siteChoices: (SiteRef & { kept?: boolean })[] = [...options.sites];
  for (const site of account?.sites ?? []) if (!siteChoices.some((s) => s.id === site.id)) siteChoices.push({ ...site, kept: true });
  const statuses: AccountStatus[] = creating ? ['active', 'locked'] : ['active', 'locked', 'inactive'];
  const nameFields = [
    <Field key="firstName" name="firstName" label={t('fields.firstName')} value={values.firstName} onChange={text('firstName')} error={fieldError('firstName')} maxLength={100} autoComplete="off" />,
    <Field key="middleName" name="middleName" label={t('accountsUi.form.middleName')} value={values.middleName} onChange={text('middleName')} error={fieldError('middleName')} maxLength={100} autoComplete="off" />,
    <Field key="lastName" name="lastName" label={t('fields.lastName')} value={values.lastName} onChange={text('lastName')} error={fieldError('lastName')} maxLength={100} autoComplete="off" />,
  ];
  const phone = (name: 'phoneWork' | 'phoneMobile' | 'phoneLandline' | 'phoneFax') => (
    <Field name={name} type="tel" label={t(`accountsUi.form.${name}`)} value={values[name]} onChange={text(name)} error={fieldError(name)} maxLength={40} autoComplete="off" />
  );

  const title = creating ? t('accountsUi.form.createTitle') : readOnly ? t('accountsUi.form.viewTitle', { username: account.username }) : t('accountsUi.form.editTitle', { username: account.username });

  return (
    <Dialog title={title} description={creating ? t('accountsUi.form.createIntro') : undefined} onCancel={cancel} testId="account-form-dialog" className="drawer">
      <form className="form account-form" data-testid="account-form" onSubmit={submit} noValidate>
        {readOnlyReason && (
          <p className="form-info" data-testid="account-form-read-only">
            {t(`accountsUi.readOnly.${readOnlyReason}`)}
          </p>
        )}
        <FormError>{errors.formMessage}</FormError>
        <fieldset className="form-fieldset-plain" disabled={readOnly}>
          <Section title={t('accountsUi.form.identity')}>
            <Field name="username" label={t('fields.username')} hint={t('setup.usernameHint')} value={values.username} onChange={text('username')} error={fieldError('username')} maxLength={64} autoComplete="off" spellCheck={false} autoFocus={creating} />
            <div className="field-row field-row-3">{language === 'ja' ? [nameFields[2], nameFields[0], nameFields[1]] : nameFields}</div>
            <Field name="email" type="email" label={t('fields.email')} value={values.email} onChange={text('email')} error={fieldError('email')} maxLength={254} autoComplete="off" spellCheck={false} />
          </Section>

          <Section title={t('accountsUi.form.contacts')}>
            <div className="field-row">
              {phone('phoneWork')}
              {phone('phoneMobile')}
            </div>
            <div className="field-row">
              {phone('phoneLandline')}
              {phone('phoneFax')}
            </div>
            <div className={`field${fieldError('postalAddress') ? ' field-invalid' : ''}`}>
              <label htmlFor={`${id}-address`}>{t('accountsUi.form.postalAddress')}</label>
              <textarea
                id={`${id}-address`}
                name="postalAddress"
                rows={3}
                maxLength={500}
                value={values.postalAddress}
                onChange={text('postalAddress')}
                aria-invalid={fieldError('postalAddress') ? true : undefined}
                aria-describedby={fieldError('postalAddress') ? `${id}-address-error` : undefined}
              />
              {fieldError('postalAddress') && (
                <p className="field-error" id={`${id}-address-error`} data-testid="field-error-postalAddress">
                  {fieldError('postalAddress')}
                </p>
              )}
            </div>
          </Section>

          <Section title={t('accountsUi.form.userType')} error={fieldError('userType')} name="userType">
            <div className="choice-cards" role="radiogroup" aria-label={t('accountsUi.form.userType')}>
              {USER_TYPES.map((type) => (
                <label key={type} className={`choice-card${values.userType === type ? ' choice-card-on' : ''}`}>
                  <input type="radio" name="userType" value={type} data-testid={`account-user-type-${type}`} checked={values.userType === type} onChange={() => chooseUserType(type)} />
                  <span className="choice-card-text">
                    <strong>{typeLabel(type)}</strong>
                    <span className="choice-card-hint">{t(`accountsUi.userTypeHints.${type}`)}</span>
                  </span>
                </label>
              ))}
            </div>
            {typeNote && (
              <p className="form-info small" role="status" data-testid="account-type-note">
                {typeNote}
              </p>
            )}
          </Section>

          <Section title={t('accountsUi.form.adminLevel')} error={fieldError('adminLevel')} name="adminLevel">
            <div className="choice-list" role="radiogroup" aria-label={t('accountsUi.form.adminLevel')}>
              {offeredLevels.map((level) => {
                const allowed = adminLevelAllowedFor(values.userType, level);
                return (
                  <label key={level} className={`choice-line${allowed ? '' : ' choice-unavailable'}`}>
                    <input type="radio" name="adminLevel" value={level} data-testid={`account-admin-level-${level}`} checked={values.adminLevel === level} disabled={!allowed} onChange={() => set('adminLevel', level)} />
                    <span>
                      <strong>{t(`accountsUi.adminLevels.${level}`)}</strong> <span className="muted">— {t(`accountsUi.adminLevelHints.${level}`)}</span>
                      {!allowed && <span className="unavailable-why">{t('accountsUi.form.notForType', { type: typeLabel(values.userType) })}</span>}
                    </span>
                  </label>
                );
              })}
            </div>
            {offeredLevels.length < ADMIN_LEVELS.length && <p className="field-hint">{t('accountsUi.form.levelsHidden')}</p>}
          </Section>

          <Section title={t('accountsUi.form.permissions')} error={fieldError('permissions')} name="permissions">
            <div className="permission-modules" data-testid="account-permissions">
              {PERMISSION_CATALOG.map((entry) => {
                const offered = entry.permissions.filter((p) => readOnly || grantable.has(p));
                if (offered.length === 0) return null;
                return (
                  <fieldset key={entry.module} className="permission-module" data-testid={`account-module-${entry.module}`}>
                    <legend>{t(`modules.${entry.module}`)}</legend>
                    {offered.map((permission) => {
                      const allowed = permissionAllowedFor(values.userType, permission);
                      const inputId = `${id}-${permission}`;
                      return (
                        <div key={permission} className={`checkbox${allowed ? '' : ' choice-unavailable'}`}>
                          <input
                            id={inputId}
                            type="checkbox"
                            name="permissions"
                            value={permission}
                            data-testid={`account-permission-${permission}`}
                            checked={values.permissions.includes(permission)}
                            disabled={!allowed && !values.permissions.includes(permission)}
                            onChange={(e) => togglePermission(permission, e.target.checked)}
                          />
                          <label htmlFor={inputId}>
                            {t(`permissions.${permission}`)}
                            {!allowed && <span className="unavailable-why">{t('accountsUi.form.notForType', { type: typeLabel(values.userType) })}</span>}
                          </label>
                        </div>
                      );
                    })}
                  </fieldset>
                );
              })}
            </div>
            {hiddenPermissions > 0 && (
              <p className="field-hint" data-testid="account-permissions-hidden">
                {t('accountsUi.form.permissionsHidden', { count: hiddenPermissions })}
              </p>
            )}
          </Section>

          <Section title={t('accountsUi.form.sites')} error={fieldError('siteIds')} name="siteIds">
            {siteChoices.length === 0 ? (
              <p className="muted">{t('accountsUi.form.noSites')}</p>
            ) : (
              <div className="site-choices" data-testid="account-sites">
                {siteChoices.map((site) => {
                  const checked = values.siteIds.includes(site.id);
                  const inputId = `${id}-site-${site.id}`;
                  return (
                    <div key={site.id} className="checkbox">
                      <input id={inputId} type="checkbox" name="siteIds" value={site.id} data-testid={`account-site-${site.id}`} data-site={site.name} checked={checked} disabled={site.kept && !checked} onChange={(e) => toggleSite(site.id, e.target.checked)} />
                      <label htmlFor={inputId}>
                        {site.name}
                        {site.retired && <span className="unavailable-why">{t('accountsUi.form.siteRetired')}</span>}
                        {site.kept && !site.retired && <span className="unavailable-why">{t('accountsUi.form.siteNotYours')}</span>}
                      </label>
                    </div>
                  );
                })}
              </div>
            )}
            <p className="field-hint">{options.allSites ? t('accountsUi.form.sitesHintFull') : t('accountsUi.form.sitesHintLimited')}</p>
            {values.adminLevel === 'full' && <p className="field-hint">{t('accountsUi.form.sitesFullAccount')}</p>}
          </Section>

          <Section title={t('accountsUi.form.status')} error={fieldError('status')} name="status">
            <div className="choice-list" role="radiogroup" aria-label={t('accountsUi.form.status')}>
              {statuses.map((status) => (
                <label key={status} className="choice-line">
                  <input type="radio" name="status" value={status} data-testid={`account-status-${status}`} checked={values.status === status} onChange={() => set('status', status)} />
                  <span>
                    <strong>{t(`accountStatus.${status}`)}</strong> <span className="muted">— {t(`accountsUi.statusHints.${status}`)}</span>
                  </span>
                </label>
              ))}
            </div>
            {creating && <p className="field-hint">{t('accountsUi.form.inactiveLater')}</p>}
          </Section>

          {creating && (
            <Section title={t('accountsUi.form.password')}>
              <PasswordField
                name="password"
                label={t('accountsUi.form.initialPassword')}
                autoComplete="new-password"
                value={values.password}
                onChange={text('password')}
                error={fieldError('password')}
                hint={<StrengthHint password={values.password} userInputs={[values.username, values.email, values.firstName, values.lastName]} />}
              />
              <p className="field-hint">{t('accountsUi.form.passwordHint')}</p>
            </Section>
          )}
        </fieldset>

        <div className="form-actions drawer-actions">
          {readOnly ? (
            <button type="button" className="button button-primary" data-testid="account-form-close" onClick={onClose}>
              {t('common.close')}
            </button>
          ) : (
            <>
              <button type="button" className="button" data-testid="account-form-cancel" onClick={cancel}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="button button-primary" data-testid="account-form-submit" disabled={pending || (!creating && !dirty)} aria-busy={pending}>
                {pending ? t('common.saving') : creating ? t('accountsUi.form.create') : t('common.save')}
              </button>
            </>
          )}
        </div>
      </form>
      {confirmDiscard && (
        <ConfirmDialog
          title={t('accountsUi.form.discardTitle')}
          description={t('accountsUi.form.discardText')}
          confirmLabel={t('accountsUi.form.discard')}
          tone="danger"
          onConfirm={onClose}
          onCancel={() => setConfirmDiscard(false)}
          testId="account-discard-dialog"
          confirmTestId="account-discard-confirm"
        />
      )}
    </Dialog>
  );
}

/** Why an account opens read-only, if it does (one's own account is changed from the profile). */
export function readOnlyReasonOf(account: AccountDetail, selfId: number | null): 'self' | 'outside-sites' | 'more-powerful' | null {
  if (account.id === selfId || account.notManageableReason === 'own-account') return 'self';
  if (account.manageable) return null;
  return account.notManageableReason ?? 'more-powerful';
}

function Section({ title, children, error, name }: { title: string; children: ReactNode; error?: string | undefined; name?: string }) {
  return (
    <section className="form-section" aria-label={title}>
      <h3 className="form-section-title">{title}</h3>
      {children}
      {error && name && (
        <p className="field-error" data-testid={`field-error-${name}`}>
          {error}
        </p>
      )}
    </section>
  );
}
