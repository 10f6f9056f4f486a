// accounts.create: no privilege escalation, enforced in the main process.
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../main/ipc/session';
import { startBackend, type TestBackend } from '../support/backend';

let t: TestBackend;
afterEach(() => t?.close());

/** A site for limited administrators: they create accounts only within their sites. */
async function siteOf(manager: Session): Promise<number> {
  const created = await t.call(manager, 'sites.create', { name: 'Lyon' });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value.id;
}

const base = { firstName: 'Léa', lastName: 'Dubois', password: 'a long enough password' };

describe('accounts.create', () => {
  it('lets a full Manager grant any permission and level', async () => {
    t = startBackend();
    const { session } = await t.setUpManager();
    const created = await t.call(session, 'accounts.create', { ...base, username: 'lea', email: 'lea@example.fr', adminLevel: 'full', permissions: ['api.admin', 'orders.pm'] });
    expect(created.ok).toBe(true);
  });

  it('refuses permissions the creator does not hold, naming them, and writes nothing', async () => {
    t = startBackend();
    const { session: manager } = await t.setUpManager();
    const site = await siteOf(manager);
    const { session: limited } = await t.accountWith(manager, 'sub.admin', ['manager.accounts', 'monitoring.logs'], { adminLevel: 'limited', siteIds: [site] });
    const before = (t.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;

    const escalate = await t.call(limited, 'accounts.create', { ...base, username: 'user.x1', email: 'x1@example.fr', permissions: ['monitoring.logs', 'api.admin'], siteIds: [site] });
    expect(escalate).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', fields: [{ path: 'permissions', code: 'not_grantable' }] } });
    expect(JSON.stringify(escalate)).toContain('api.admin');

    const grantable = await t.call(limited, 'accounts.create', { ...base, username: 'user.x2', email: 'x2@example.fr', permissions: ['monitoring.logs'], siteIds: [site] });
    expect(grantable.ok).toBe(true);
    expect((t.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n).toBe(before + 1);
  });

  it('lets only a full administrator create a full administrator', async () => {
    t = startBackend();
    const { session: manager } = await t.setUpManager();
    const site = await siteOf(manager);
    const { session: limited } = await t.accountWith(manager, 'sub.admin', ['manager.accounts'], { adminLevel: 'limited', siteIds: [site] });
    const full = await t.call(limited, 'accounts.create', { ...base, username: 'user.x3', email: 'x3@example.fr', adminLevel: 'full', siteIds: [site] });
    expect(full).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', fields: [{ path: 'adminLevel' }] } });
    const peer = await t.call(limited, 'accounts.create', { ...base, username: 'user.x4', email: 'x4@example.fr', adminLevel: 'limited', siteIds: [site] });
    expect(peer.ok).toBe(true);
    const { session: plain } = await t.accountWith(manager, 'no.admin', ['manager.accounts'], { siteIds: [site] });
    const sub = await t.call(plain, 'accounts.create', { ...base, username: 'user.x5', email: 'x5@example.fr', adminLevel: 'limited', siteIds: [site] });
    expect(sub).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('records the creator as the parent and audits the creation without the password', async () => {
    t = startBackend();
    const { session: manager, account } = await t.setUpManager();
    const created = await t.call(manager, 'accounts.create', { ...base, username: 'child', email: 'child@example.fr' });
    expect(created.ok).toBe(true);
    const row = t.db.prepare('SELECT parent_id FROM accounts WHERE username = ?').get('child') as { parent_id: number };
    expect(row.parent_id).toBe(account.id);
    const audit = t.db.prepare("SELECT summary FROM audit_log WHERE action = 'account.create'").get() as { summary: string };
    expect(audit.summary).not.toContain(base.password);
    expect(audit.summary).toContain('child');
  });
});
