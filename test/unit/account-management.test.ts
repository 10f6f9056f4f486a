// Account management (issue 4): the list (search, filters, sort, scope), create/edit with the
// user types' limits, no escalation, sites and sub-administrators, activate/deactivate/delete,
// the last full Manager, the permission report and the recent sign-ins.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../shared/contract';
import type { Session } from '../../main/ipc/session';
import { ALL_PERMISSIONS } from '../../shared/permissions';
import { operatorContext } from '../../main/cli/operator';
import { deactivateAccount, updateAccount } from '../../main/services/accounts';
import { MANAGER, startBackend, type TestBackend } from '../support/backend';
import { ok } from '../support/results';

let t: TestBackend;
afterEach(() => t?.close());

/** The fields of an edit (no password). */
const fields = (username: string, extra: Partial<ChannelInput<'accounts.update'>> = {}) => {
  const { password: _none, status: _status, ...rest } = person(username);
  return { ...rest, ...extra };
};

const person = (username: string, extra: Partial<ChannelInput<'accounts.create'>> = {}): ChannelInput<'accounts.create'> => ({
  username,
  firstName: 'Test',
  lastName: username,
  email: `${username}@example.com`,
  password: 'a long enough password',
  ...extra,
});

async function site(manager: Session, name: string): Promise<number> {
  return ok(await t.call(manager, 'sites.create', { name })).id;
}

/** A Manager, two sites and a limited sub-administrator of the first one. */
async function twoSites() {
  t = startBackend();
  const { session: manager } = await t.setUpManager();
  const lyon = await site(manager, 'Lyon');
  const tokyo = await site(manager, 'Tokyo');
  const sub = await t.accountWith(manager, 'sub.lyon', ['manager.accounts', 'monitoring.logs', 'orders.pm'], { adminLevel: 'limited', siteIds: [lyon] });
  return { manager, lyon, tokyo, sub };
}

const usernames = (page: { rows: { username: string }[] }) => page.rows.map((r) => r.username);

describe('accounts.list', () => {
  it('searches words by prefix across names, email and phones, accents and case ignored', async () => {
    t = startBackend();
    const { session: manager } = await t.setUpManager();
    ok(await t.call(manager, 'accounts.create', person('elodie.fournier', { firstName: 'Élodie', lastName: 'Fournier', phoneMobile: '06 12 34 56 78', phoneWork: '+33 1 40 00 00 00' })));
    ok(await t.call(manager, 'accounts.create', person('jp.dupont', { firstName: 'Jean-Pierre', lastName: 'Dupont', email: 'jp@dupont.example' })));
    const search = async (query: string) => usernames(ok(await t.call(manager, 'accounts.list', { filter: { query } })));
    expect(await search('elo four')).toEqual(['elodie.fournier']);
    expect(await search('ÉLODIE')).toEqual(['elodie.fournier']);
    expect(await search('pierre')).toEqual(['jp.dupont']);
    expect(await search('dupont.example')).toEqual(['jp.dupont']);
    expect(await search('061234')).toEqual(['elodie.fournier']);
    expect(await search('06 12 34')).toEqual(['elodie.fournier']);
    expect(await search('+33140')).toEqual(['elodie.fournier']);
    expect(await search('0799')).toEqual([]);
    expect(await search('zzz')).toEqual([]);
    // Punctuation alone searches nothing: everything is listed.
    expect(ok(await t.call(manager, 'accounts.list', { filter: { query: '"*()' } })).total).toBe(3);
  });

  it('follows edits and deletions in the search index', async () => {
    t = startBackend();
    const { session: manager } = await t.setUpManager();
    const created = ok(await t.call(manager, 'accounts.create', person('rename.me')));
    ok(await t.call(manager, 'accounts.update', { ...fields('renamed.now', { lastName: 'Nouveau' }), accountId: created.id, status: 'active' }));
    expect(usernames(ok(await t.call(manager, 'accounts.list', { filter: { query: 'rename.me' } })))).toEqual([]);
    expect(usernames(ok(await t.call(manager, 'accounts.list', { filter: { query: 'nouveau' } })))).toEqual(['renamed.now']);
    ok(await t.call(manager, 'auth.confirm', { password: MANAGER.password }));
    ok(await t.call(manager, 'accounts.delete', { accountId: created.id, confirmUsername: 'renamed.now' }));
    expect(ok(await t.call(manager, 'accounts.list', { filter: { query: 'nouveau', includeInactive: true } })).total).toBe(0);
  });

  it('filters by status, permission, site, type, level, two-factor and last sign-in, and sorts', async () => {
    const { manager, lyon, tokyo } = await twoSites();
    ok(await t.call(manager, 'accounts.create', person('a.orders', { permissions: ['orders.pm'], siteIds: [tokyo], userType: 'employee' })));
    ok(await t.call(manager, 'accounts.create', person('b.reader', { permissions: ['monitoring.logs'], siteIds: [lyon, tokyo], userType: 'readonly', status: 'locked' })));
    const gone = ok(await t.call(manager, 'accounts.create', person('c.gone', { siteIds: [lyon] })));
    ok(await t.call(manager, 'accounts.deactivate', { accountId: gone.id }));
    const list = async (filter: ChannelInput<'accounts.list'>['filter'], sort?: ChannelInput<'accounts.list'>['sort']) =>
      usernames(ok(await t.call(manager, 'accounts.list', { filter, ...(sort ? { sort } : {}) })));

    expect(await list({})).toEqual(['a.orders', 'b.reader', MANAGER.username, 'sub.lyon']);
    expect(await list({ includeInactive: true })).toContain('c.gone');
    expect(await list({ statuses: ['inactive'] })).toEqual(['c.gone']);
    expect(await list({ statuses: ['locked'] })).toEqual(['b.reader']);
    expect(await list({ permission: 'orders.pm' })).toEqual(['a.orders', MANAGER.username, 'sub.lyon']);
    expect(await list({ siteId: tokyo })).toEqual(['a.orders', 'b.reader']);
    expect(await list({ userType: 'readonly' })).toEqual(['b.reader']);
    expect(await list({ adminLevel: 'limited' })).toEqual(['sub.lyon']);
    expect(await list({ twoFactor: true })).toEqual([]);
    expect(await list({ neverSignedIn: true })).toEqual(['a.orders', 'b.reader']);
    expect(await list({ lastSignInAfter: new Date(t.clock.now().getTime() - 60_000).toISOString() })).toEqual([MANAGER.username, 'sub.lyon']);
    expect(await list({ lastSignInBefore: '2000-01-01T00:00:00.000Z' })).toEqual([]);
    expect(await list({}, { column: 'username', direction: 'desc' })).toEqual(['sub.lyon', MANAGER.username, 'b.reader', 'a.orders']);
    expect(await list({}, { column: 'adminLevel', direction: 'desc' })).toEqual([MANAGER.username, 'sub.lyon', 'b.reader', 'a.orders']);
    const page = ok(await t.call(manager, 'accounts.list', { limit: 2, offset: 2 }));
    expect(page).toMatchObject({ total: 4 });
    expect(usernames(page)).toEqual([MANAGER.username, 'sub.lyon']);
  });

  it('shows a limited administrator only the accounts of its sites, and which it may change', async () => {
    const { manager, lyon, tokyo, sub } = await twoSites();
    ok(await t.call(manager, 'accounts.create', person('in.lyon', { siteIds: [lyon] })));
    ok(await t.call(manager, 'accounts.create', person('both.sites', { siteIds: [lyon, tokyo] })));
    const tokyoOnly = ok(await t.call(manager, 'accounts.create', person('in.tokyo', { siteIds: [tokyo] })));
    ok(await t.call(manager, 'accounts.create', person('nowhere')));

    const seen = ok(await t.call(sub.session, 'accounts.list', {}));
    expect(usernames(seen)).toEqual(['both.sites', 'in.lyon', 'sub.lyon']);
    expect(Object.fromEntries(seen.rows.map((r) => [r.username, r.manageable]))).toEqual({ 'both.sites': false, 'in.lyon': true, 'sub.lyon': false });
    // Selecting a site it does not hold shows nothing more.
    expect(ok(await t.call(sub.session, 'accounts.list', { filter: { siteId: tokyo } })).total).toBe(1);
    expect(await t.call(sub.session, 'accounts.get', { accountId: tokyoOnly.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const both = seen.rows.find((r) => r.username === 'both.sites')!;
    expect(ok(await t.call(sub.session, 'accounts.get', { accountId: both.id }))).toMatchObject({ manageable: false, notManageableReason: 'outside-sites' });
    expect(await t.call(sub.session, 'accounts.deactivate', { accountId: both.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ok(await t.call(sub.session, 'sites.list', {})).map((s) => s.name)).toEqual(['Lyon']);
    expect(ok(await t.call(manager, 'sites.list', {})).map((s) => [s.name, s.accounts])).toEqual([
      ['Lyon', 3],
      ['Tokyo', 2],
    ]);
    expect(sub.account.id).toBeGreaterThan(0);
  });
});

describe('accounts.create and accounts.update', () => {
  it('stores every field, case-insensitively unique usernames, and answers field errors', async () => {
    const { manager, lyon } = await twoSites();
    const full = person('Full.Fields', {
      middleName: 'Marie',
      phoneWork: '+33 1 23 45 67 89',
      phoneMobile: '06 12 34 56 78',
      phoneLandline: '04 11 22 33 44',
      phoneFax: '+33 1 98 76 54 32',
      postalAddress: '1 rue de la Paix\n75002 Paris',
      userType: 'employee',
      adminLevel: 'limited',
      permissions: ['manager.accounts', 'orders.pm'],
      siteIds: [lyon],
      status: 'locked',
    });
    const created = ok(await t.call(manager, 'accounts.create', full));
    const detail = ok(await t.call(manager, 'accounts.get', { accountId: created.id }));
    expect(detail).toMatchObject({
      username: 'Full.Fields',
      middleName: 'Marie',
      phoneFax: '+33 1 98 76 54 32',
      postalAddress: '1 rue de la Paix\n75002 Paris',
      userType: 'employee',
      adminLevel: 'limited',
      status: 'locked',
      permissions: ['manager.accounts', 'orders.pm'],
      sites: [{ id: lyon, name: 'Lyon', retired: false }],
      parent: { username: MANAGER.username },
    });
    expect(await t.call(manager, 'accounts.create', person('full.fields'))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: 'username', code: 'taken' }] } });
    expect(await t.call(manager, 'accounts.create', person('bad', { email: 'not-an-email', phoneFax: 'call me' }))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: [{ path: 'email' }, { path: 'phoneFax' }] },
    });
    // Inactive only by editing later.
    expect(await t.call(manager, 'accounts.create', { ...person('new.inactive'), status: 'inactive' as never })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('enforces the user types: read-only and employee accounts get only what they may hold', async () => {
    t = startBackend();
    const { session: manager } = await t.setUpManager();
    expect(await t.call(manager, 'accounts.create', person('ro1', { userType: 'readonly', permissions: ['monitoring.logs', 'orders.pm'] }))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: [{ path: 'permissions', code: 'not_allowed_for_type' }] },
    });
    expect(await t.call(manager, 'accounts.create', person('ro2', { userType: 'readonly', adminLevel: 'limited' }))).toMatchObject({
      ok: false,
      error: { fields: [{ path: 'adminLevel', code: 'not_allowed_for_type' }] },
    });
    expect(await t.call(manager, 'accounts.create', person('emp', { userType: 'employee', adminLevel: 'full' }))).toMatchObject({ ok: false, error: { fields: [{ path: 'adminLevel' }] } });
    expect(await t.call(manager, 'accounts.create', person('emp2', { userType: 'employee', permissions: ['api.admin'] }))).toMatchObject({ ok: false, error: { fields: [{ path: 'permissions' }] } });
    ok(await t.call(manager, 'accounts.create', person('ro3', { userType: 'readonly', permissions: ['monitoring.statistics'] })));
  });

  it('lets a limited administrator grant only its permissions and its sites, and only change accounts it could create', async () => {
    const { manager, lyon, tokyo, sub } = await twoSites();
    const grantable = ok(await t.call(sub.session, 'accounts.grantOptions', {}));
    expect(grantable).toEqual({ permissions: ['manager.accounts', 'monitoring.logs', 'orders.pm'], adminLevels: ['none', 'limited'], sites: [{ id: lyon, name: 'Lyon', retired: false }], allSites: false });

    expect(await t.call(sub.session, 'accounts.create', person('xx1', { siteIds: [tokyo] }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', fields: [{ path: 'siteIds', code: 'not_grantable' }] } });
    expect(await t.call(sub.session, 'accounts.create', person('xx2'))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: 'siteIds', code: 'required' }] } });
    expect(await t.call(sub.session, 'accounts.create', person('xx3', { siteIds: [lyon], permissions: ['api.admin'] }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call(sub.session, 'accounts.create', person('xx4', { siteIds: [lyon], adminLevel: 'full' }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const child = ok(await t.call(sub.session, 'accounts.create', person('child.admin', { siteIds: [lyon], adminLevel: 'limited', permissions: ['manager.accounts', 'orders.pm'] })));
    expect(child).toMatchObject({ parent: { id: sub.account.id, username: 'sub.lyon' }, manageable: true });
    // Its children, as its detail shows them.
    expect(ok(await t.call(manager, 'accounts.get', { accountId: sub.account.id })).children).toEqual([{ id: child.id, username: 'child.admin', adminLevel: 'limited', status: 'active' }]);

    // Editing cannot escalate either: the account stays within what the editor holds.
    const edit = { ...fields('child.admin'), accountId: child.id, status: 'active' as const, siteIds: [lyon], adminLevel: 'limited' as const };
    expect(await t.call(sub.session, 'accounts.update', { ...edit, permissions: ['api.admin'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call(sub.session, 'accounts.update', { ...edit, siteIds: [lyon, tokyo] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    ok(await t.call(sub.session, 'accounts.update', { ...edit, permissions: ['orders.pm'], firstName: 'Renamed' }));
    // A more powerful account of its site is out of its reach.
    const boss = ok(await t.call(manager, 'accounts.create', person('boss.lyon', { siteIds: [lyon], permissions: ['api.admin'] })));
    expect(await t.call(sub.session, 'accounts.update', { ...fields('boss.lyon'), accountId: boss.id, status: 'inactive', siteIds: [lyon] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Nor can it edit itself into more power.
    expect(await t.call(sub.session, 'accounts.update', { ...fields('sub.lyon'), accountId: sub.account.id, status: 'active', siteIds: [lyon, tokyo], adminLevel: 'limited' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('ends the sessions of an account whose rights change, and audits the changed fields only', async () => {
    const { manager, lyon } = await twoSites();
    const user = await t.accountWith(manager, 'rights.change', ['orders.pm'], { siteIds: [lyon] });
    ok(await t.call(manager, 'accounts.update', { ...fields('rights.change'), accountId: user.account.id, status: 'active', siteIds: [lyon], permissions: ['orders.pm', 'orders.pb'] }));
    expect(await t.call(user.session, 'profile.get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const record = t.db.prepare("SELECT summary FROM audit_log WHERE action = 'account.update' ORDER BY seq DESC LIMIT 1").get() as { summary: string };
    expect(JSON.parse(record.summary)).toEqual({ before: { permissions: ['orders.pm'] }, after: { permissions: ['orders.pb', 'orders.pm'] } });
  });
});

describe('activate, deactivate, delete', () => {
  it('deactivates (ending sessions) and activates again, audited', async () => {
    t = startBackend();
    const { session: manager } = await t.setUpManager();
    const user = await t.accountWith(manager, 'leaving', ['orders.pm']);
    expect(ok(await t.call(manager, 'accounts.deactivate', { accountId: user.account.id }))).toMatchObject({ status: 'inactive' });
    expect(await t.call(user.session, 'profile.get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await t.call(t.session(), 'auth.signIn', { username: 'leaving', password: user.password })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_INACTIVE' } });
    expect(await t.call(manager, 'accounts.deactivate', { accountId: user.account.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(ok(await t.call(manager, 'accounts.activate', { accountId: user.account.id }))).toMatchObject({ status: 'active' });
    ok(await t.call(t.session(), 'auth.signIn', { username: 'leaving', password: user.password }));
    const actions = (t.db.prepare("SELECT action FROM audit_log WHERE target = 'leaving' ORDER BY seq").all() as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['account.deactivate', 'account.activate']));
  });

  it('deletes only with the typed username and a step-up; keeps the history; moves the children up', async () => {
    const { manager, lyon, sub } = await twoSites();
    const child = ok(await t.call(sub.session, 'accounts.create', person('grandchild', { siteIds: [lyon], adminLevel: 'limited', permissions: ['orders.pm'] })));
    expect(await t.call(manager, 'accounts.delete', { accountId: sub.account.id, confirmUsername: 'sub.lyon' })).toMatchObject({ ok: false, error: { code: 'STEP_UP_REQUIRED' } });
    ok(await t.call(manager, 'auth.confirm', { password: MANAGER.password }));
    expect(await t.call(manager, 'accounts.delete', { accountId: sub.account.id, confirmUsername: 'sub.lyo' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: 'confirmUsername' }] } });
    expect(ok(await t.call(manager, 'accounts.delete', { accountId: sub.account.id, confirmUsername: 'SUB.LYON' }))).toBeNull();

    expect(await t.call(manager, 'accounts.get', { accountId: sub.account.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await t.call(sub.session, 'profile.get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(ok(await t.call(manager, 'accounts.get', { accountId: child.id })).parent).toMatchObject({ username: MANAGER.username });
    // The audit trail still tells its story, creation to deletion.
    const history = ok(await t.call(manager, 'audit.list', { target: 'sub.lyon' }));
    expect(history.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['account.create', 'account.delete']));
    const deletion = history.rows.find((r) => r.action === 'account.delete')!;
    expect(deletion.summary).toMatchObject({ before: { username: 'sub.lyon', adminLevel: 'limited', sites: ['Lyon'] }, children: [child.id] });
    // Its sign-in attempts stay, under its name.
    expect((t.db.prepare("SELECT count(*) AS n FROM sign_in_attempts WHERE username = 'sub.lyon'").get() as { n: number }).n).toBeGreaterThan(0);
  });

  it('refuses acting on one’s own account', async () => {
    t = startBackend();
    const { session: manager, account } = await t.setUpManager();
    ok(await t.call(manager, 'auth.confirm', { password: MANAGER.password }));
    expect(await t.call(manager, 'accounts.delete', { accountId: account.id, confirmUsername: MANAGER.username })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call(manager, 'accounts.deactivate', { accountId: account.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ok(await t.call(manager, 'accounts.get', { accountId: account.id }))).toMatchObject({ manageable: false, notManageableReason: 'own-account' });
  });

  it('never leaves the console without an active full Manager, even for the operator', async () => {
    t = startBackend();
    const { session: manager, account } = await t.setUpManager();
    // A second full Manager may deactivate the first: one remains.
    const second = await t.accountWith(manager, 'second.manager', [...ALL_PERMISSIONS], { adminLevel: 'full' });
    ok(await t.call(second.session, 'accounts.deactivate', { accountId: account.id }));
    // The command line acts with full power and no account of its own: it alone could remove the last one.
    const operator = operatorContext(t.db, 'cli:test', t.dataDir);
    const auditBefore = (t.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    expect(() => deactivateAccount(operator, { accountId: second.account.id })).toThrow(expect.objectContaining({ code: 'LAST_FULL_MANAGER' }));
    expect(() => updateAccount(operator, { ...fields('second.manager'), middleName: '', phoneWork: '', phoneMobile: '', phoneLandline: '', phoneFax: '', postalAddress: '', userType: 'business', siteIds: [], accountId: second.account.id, status: 'active', adminLevel: 'limited', permissions: [...ALL_PERMISSIONS] } as never)).toThrow(
      expect.objectContaining({ code: 'LAST_FULL_MANAGER' }),
    );
    expect(ok(await t.call(second.session, 'accounts.get', { accountId: second.account.id }))).toMatchObject({ status: 'active', adminLevel: 'full' });
    expect((t.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(auditBefore);
    // Once the first is active again, the operator may deactivate the second.
    ok(await t.call(second.session, 'accounts.activate', { accountId: account.id }));
    expect(deactivateAccount(operator, { accountId: second.account.id })).toMatchObject({ status: 'inactive' });
  });
});

describe('sites', () => {
  it('lets full administrators create, rename, retire and restore sites; retired ones are not assignable anew', async () => {
    const { manager, lyon, tokyo, sub } = await twoSites();
    expect(await t.call(sub.session, 'sites.create', { name: 'Osaka' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call(manager, 'sites.create', { name: 'LYON' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: 'name', code: 'taken' }] } });
    expect(ok(await t.call(manager, 'sites.rename', { siteId: tokyo, name: 'Tōkyō' }))).toMatchObject({ name: 'Tōkyō' });
    expect(ok(await t.call(manager, 'sites.retire', { siteId: lyon }))).toMatchObject({ accounts: 1 });
    expect(ok(await t.call(manager, 'sites.list', {})).map((s) => s.name)).toEqual(['Tōkyō']);
    expect(ok(await t.call(manager, 'sites.list', { includeRetired: true })).map((s) => s.name)).toEqual(['Lyon', 'Tōkyō']);
    expect(await t.call(manager, 'accounts.create', person('late', { siteIds: [lyon] }))).toMatchObject({ ok: false, error: { fields: [{ path: 'siteIds', code: 'retired' }] } });
    // The sub-administrator keeps its retired site (and its scope) until someone changes it.
    expect(ok(await t.call(manager, 'accounts.get', { accountId: sub.account.id })).sites).toEqual([{ id: lyon, name: 'Lyon', retired: true }]);
    ok(await t.call(manager, 'sites.restore', { siteId: lyon }));
    ok(await t.call(manager, 'accounts.create', person('late', { siteIds: [lyon] })));
    expect(ok(await t.call(manager, 'dashboard.counts', {})).sites).toEqual({ active: 2, retired: 0 });
    const actions = (t.db.prepare("SELECT action FROM audit_log WHERE target_type = 'site' ORDER BY seq").all() as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(['site.create', 'site.create', 'site.rename', 'site.retire', 'site.restore']);
  });
});

describe('permission report and recent sign-ins', () => {
  it('lists every permission with where it comes from, and the sites', async () => {
    const { manager, lyon, sub } = await twoSites();
    const report = ok(await t.call(manager, 'accounts.permissionReport', { accountIds: [sub.account.id] }))[0]!;
    expect(report).toMatchObject({ username: 'sub.lyon', adminLevel: 'limited', userType: 'business', sites: [{ id: lyon, name: 'Lyon' }], allSites: false, parent: MANAGER.username });
    expect(report.permissions).toHaveLength(11);
    expect(report.permissions.find((p) => p.permission === 'orders.pm')).toMatchObject({ held: true, source: 'granted', grantedBy: MANAGER.username });
    expect(report.permissions.find((p) => p.permission === 'api.admin')).toMatchObject({ held: false, source: 'not-granted', grantedBy: null });
    // A grant its type does not allow (an older file edited by hand) is shown, and has no effect.
    t.db.prepare("UPDATE accounts SET user_type = 'readonly' WHERE id = ?").run(sub.account.id);
    const blocked = ok(await t.call(manager, 'accounts.permissionReport', { accountIds: [sub.account.id] }))[0]!;
    expect(blocked.permissions.find((p) => p.permission === 'orders.pm')).toMatchObject({ held: false, source: 'blocked-by-user-type' });
    expect(await t.call(sub.session, 'accounts.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('lists recent sign-ins within the scope, with filters', async () => {
    const { manager, lyon, tokyo, sub } = await twoSites();
    await t.accountWith(manager, 'tokyo.user', ['orders.pm'], { siteIds: [tokyo] });
    await t.accountWith(manager, 'lyon.user', ['orders.pm'], { siteIds: [lyon] });
    await t.call(t.session(), 'auth.signIn', { username: 'lyon.user', password: 'wrong password' });
    await t.call(t.session(), 'auth.signIn', { username: 'nobody', password: 'wrong password' });
    const all = ok(await t.call(manager, 'signIns.list', {}));
    expect(all.rows.map((r) => r.username)).toEqual(expect.arrayContaining(['nobody', 'tokyo.user', 'lyon.user', 'sub.lyon', MANAGER.username]));
    const mine = ok(await t.call(sub.session, 'signIns.list', {}));
    expect(new Set(mine.rows.map((r) => r.username))).toEqual(new Set(['lyon.user', 'sub.lyon']));
    expect(ok(await t.call(manager, 'signIns.list', { outcome: 'failed' })).rows.map((r) => r.username).sort()).toEqual(['lyon.user', 'nobody']);
    expect(ok(await t.call(manager, 'signIns.list', { username: 'tokyo' })).rows.map((r) => r.username)).toEqual(['tokyo.user']);
    expect(ok(await t.call(manager, 'signIns.list', { siteId: tokyo })).rows.map((r) => r.username)).toEqual(['tokyo.user']);
  });
});
