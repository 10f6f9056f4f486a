// The profile channels through the real router on a real SQLite file: reading one's profile,
// updating it (every field checked, nothing half-saved), changing the email behind the current
// password, the avatar, and what the audit trail says about it (before/after, no secrets).
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { AVATAR_MAX_BYTES } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import type { AuditRecord } from '../../shared/types';
import { verifyAuditChain } from '../../main/db/audit';
import type { Session } from '../../main/ipc/session';
import { avatarDataUrlOf } from '../../main/services/profile';
import { MANAGER, startBackend, type TestBackend } from '../support/backend';
import { ok } from '../support/results';

let t: TestBackend;
let manager: Session;
let managerId: number;

beforeEach(async () => {
  t = startBackend();
  const setUp = await t.setUpManager();
  manager = setUp.session;
  managerId = setUp.account.id;
});

afterEach(() => t.close());

/** The field errors of a refused call, as path -> code. */
function refusedFields(result: Result<unknown>): Record<string, string> {
  if (result.ok) throw new Error('expected INVALID_INPUT, the call succeeded');
  expect(result.error.code).toBe('INVALID_INPUT');
  const fields: Record<string, string> = {};
  for (const field of result.error.fields ?? []) {
    expect(field.message, `a message for ${field.path}`).not.toBe('');
    fields[field.path] = field.code;
  }
  return fields;
}

async function auditOf(action: string): Promise<AuditRecord[]> {
  return ok(await t.call(manager, 'audit.list', { action, limit: 500 })).rows;
}

async function auditCount(): Promise<number> {
  return ok(await t.call(manager, 'audit.list', { limit: 1 })).total;
}

const details = { firstName: 'Claire', lastName: 'Martin', phoneWork: '', phoneMobile: '', phoneLandline: '' };

function pngBase64(width = 320, height = 240): Promise<string> {
  return sharp({ create: { width, height, channels: 3, background: '#3b7dd8' } })
    .png()
    .toBuffer()
    .then((b) => b.toString('base64'));
}

describe('profile.get', () => {
  test('the signed-in account: identity, contact, rights, two-factor, recent sign-ins', async () => {
    const profile = ok(await t.call(manager, 'profile.get', {}));
    expect(profile).toMatchObject({
      id: managerId,
      username: MANAGER.username,
      firstName: 'Claire',
      lastName: 'Martin',
      email: MANAGER.email,
      phoneWork: '',
      phoneMobile: '',
      phoneLandline: '',
      avatar: null,
      adminLevel: 'full',
      twoFactor: { enabled: false, enabledAt: null, recoveryCodesLeft: 0 },
    });
    expect(profile.permissions).toContain('manager.accounts');
    expect(profile.createdAt).toBe(t.clock.now().toISOString());
    expect(profile.recentSignIns).toEqual([{ at: t.clock.now().toISOString(), success: true, reason: 'setup', origin: manager.origin }]);
    expect(JSON.stringify(profile)).not.toMatch(/password_?hash|\$argon2/i);
  });

  test('recent sign-ins: the last 20 attempts of this account only, newest first, failures too', async () => {
    const other = await t.accountWith(manager, 'bruno.petit', []);
    for (let i = 0; i < 22; i++) {
      t.clock.advance(10_000); // well within the idle lock of the manager's window
      ok(await t.call(t.session(`window:${i}`), 'auth.signIn', { username: MANAGER.username, password: MANAGER.password }));
    }
    t.clock.advance(10_000);
    const failed = await t.call(t.session('window:wrong'), 'auth.signIn', { username: MANAGER.username, password: 'not the password at all' });
    expect(failed.ok).toBe(false);
    const { recentSignIns } = ok(await t.call(manager, 'profile.get', {}));
    expect(recentSignIns).toHaveLength(20);
    expect(recentSignIns[0]).toEqual({ at: t.clock.now().toISOString(), success: false, reason: 'bad-password', origin: 'window:wrong' });
    expect(recentSignIns[1]).toMatchObject({ success: true, reason: 'ok', origin: 'window:21' });
    expect(recentSignIns.at(-1)).toMatchObject({ origin: 'window:3' });
    const times = recentSignIns.map((r) => r.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(recentSignIns.some((r) => r.origin === other.session.origin)).toBe(false);
    // bruno sees his own sign-in only.
    expect(ok(await t.call(other.session, 'profile.get', {})).recentSignIns).toEqual([expect.objectContaining({ success: true, origin: other.session.origin })]);
  });

  test('signed out: UNAUTHENTICATED', async () => {
    const result = await t.call(t.session(), 'profile.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('profile.update', () => {
  test('updates names and phones, normalising spaces; audited with only what changed', async () => {
    const updated = ok(
      await t.call(manager, 'profile.update', {
        firstName: '  Claire-Anne ',
        lastName: 'Martin',
        phoneWork: '  +33 1  23 45\t67 89 ',
        phoneMobile: '06.12.34.56.78',
        phoneLandline: '',
      }),
    );
    expect(updated).toMatchObject({ firstName: 'Claire-Anne', lastName: 'Martin', phoneWork: '+33 1 23 45 67 89', phoneMobile: '06.12.34.56.78', phoneLandline: '' });
    expect(ok(await t.call(manager, 'profile.get', {}))).toEqual(updated);

    const [record] = await auditOf('profile.update');
    expect(record).toMatchObject({ actorId: managerId, actor: MANAGER.username, targetType: 'account', targetId: String(managerId), target: MANAGER.username });
    expect(record!.summary).toEqual({
      before: { firstName: 'Claire', phoneWork: '', phoneMobile: '' },
      after: { firstName: 'Claire-Anne', phoneWork: '+33 1 23 45 67 89', phoneMobile: '06.12.34.56.78' },
    });
  });

  test('phones are optional: clearing one is a change like any other', async () => {
    ok(await t.call(manager, 'profile.update', { ...details, phoneLandline: '(01) 23 45 67 89' }));
    const cleared = ok(await t.call(manager, 'profile.update', { ...details, phoneLandline: '   ' }));
    expect(cleared.phoneLandline).toBe('');
    expect((await auditOf('profile.update'))[0]!.summary).toEqual({ before: { phoneLandline: '(01) 23 45 67 89' }, after: { phoneLandline: '' } });
  });

  test('an update that changes nothing is still recorded, with nothing before/after', async () => {
    ok(await t.call(manager, 'profile.update', details));
    expect((await auditOf('profile.update'))[0]!.summary).toEqual({ before: {}, after: {} });
  });

  test('bad fields are all reported at once, and nothing is saved', async () => {
    const before = ok(await t.call(manager, 'profile.get', {}));
    const records = await auditCount();
    const fields = refusedFields(
      await t.call(manager, 'profile.update', {
        firstName: 'C'.repeat(101),
        lastName: '   ',
        phoneWork: '+33 1 23 45 67 89', // fine, but must not be saved alone
        phoneMobile: '06 12 AB 56 78',
        phoneLandline: 'call me',
      }),
    );
    expect(fields).toEqual({ firstName: 'too_big', lastName: 'too_small', phoneMobile: 'invalid_format', phoneLandline: 'invalid_format' });
    expect(ok(await t.call(manager, 'profile.get', {}))).toEqual(before);
    expect(await auditCount()).toBe(records);
  });

  test('phone numbers need a digit and a + only first; names refuse hidden characters', async () => {
    const before = ok(await t.call(manager, 'profile.get', {}));
    const records = await auditCount();
    const fields = refusedFields(
      await t.call(manager, 'profile.update', {
        firstName: 'Claire\u202Eevil',
        lastName: 'Mar\u0000tin',
        phoneWork: '+33 1 23 + 45',
        phoneMobile: '( ) - .',
        phoneLandline: '01 23 45 67 89',
      }),
    );
    expect(fields).toEqual({ firstName: 'invalid_characters', lastName: 'invalid_characters', phoneWork: 'invalid_phone', phoneMobile: 'invalid_phone' });
    expect(ok(await t.call(manager, 'profile.get', {}))).toEqual(before);
    expect(await auditCount()).toBe(records);
  });

  test('names in any script are fine, and ZWNJ inside a Persian name is kept', async () => {
    const updated = ok(await t.call(manager, 'profile.update', { ...details, firstName: 'Ненси', lastName: 'می\u200Cخواهم' }));
    expect(updated.firstName).toBe('Ненси');
    expect(updated.lastName).toBe('می\u200Cخواهم');
  });

  test('unknown fields are refused (no writing to columns the form does not have)', async () => {
    const fields = refusedFields(await t.call(manager, 'profile.update', { ...details, email: 'other@example.com' } as never));
    expect(fields).toEqual({ email: 'unrecognized_keys' });
  });

  test("each account updates its own profile only", async () => {
    const bruno = await t.accountWith(manager, 'bruno.petit', []);
    ok(await t.call(bruno.session, 'profile.update', { ...details, firstName: 'Bruno', lastName: 'Petit', phoneWork: '0102030405' }));
    const mine = ok(await t.call(manager, 'profile.get', {}));
    expect(mine).toMatchObject({ firstName: 'Claire', phoneWork: '' });
    expect(ok(await t.call(bruno.session, 'profile.get', {}))).toMatchObject({ username: 'bruno.petit', firstName: 'Bruno', phoneWork: '0102030405' });
  });
});

describe('profile.changeEmail', () => {
  test('needs the current password: a wrong one changes nothing and counts as a failed attempt', async () => {
    const result = await t.call(manager, 'profile.changeEmail', { currentPassword: 'not my password', email: 'claire@example.org' });
    expect(refusedFields(result)).toEqual({ currentPassword: 'wrong' });
    expect(ok(await t.call(manager, 'profile.get', {})).email).toBe(MANAGER.email);
    expect(await auditOf('profile.changeEmail')).toEqual([]);
    const [failure] = await auditOf('profile.changeEmailFailed');
    expect(failure!.summary).toMatchObject({ reason: 'bad-password', failedAttempts: 1 });
    expect(JSON.stringify(failure)).not.toContain('not my password');
    // The right password afterwards works and forgets the failure.
    ok(await t.call(manager, 'profile.changeEmail', { currentPassword: MANAGER.password, email: 'claire@example.org' }));
    expect(ok(await t.call(manager, 'accounts.list', { filter: { query: MANAGER.username } })).rows[0]!.failedAttempts).toBe(0);
  });

  test('the same address is refused as unchanged', async () => {
    const result = await t.call(manager, 'profile.changeEmail', { currentPassword: MANAGER.password, email: `  ${MANAGER.email} ` });
    expect(refusedFields(result)).toEqual({ email: 'unchanged' });
  });

  test('an invalid address is refused', async () => {
    const result = await t.call(manager, 'profile.changeEmail', { currentPassword: MANAGER.password, email: 'claire at example' });
    expect(Object.keys(refusedFields(result))).toEqual(['email']);
  });

  test('with the right password: changed, and audited with both addresses and no password', async () => {
    const profile = ok(await t.call(manager, 'profile.changeEmail', { currentPassword: MANAGER.password, email: ' claire.martin@exploitation.example ' }));
    expect(profile.email).toBe('claire.martin@exploitation.example');
    expect(ok(await t.call(manager, 'auth.status', {})).account?.email).toBe('claire.martin@exploitation.example');
    const [record] = await auditOf('profile.changeEmail');
    expect(record).toMatchObject({ actorId: managerId, targetId: String(managerId) });
    expect(record!.summary).toEqual({ before: { email: MANAGER.email }, after: { email: 'claire.martin@exploitation.example' } });
  });
});

describe('avatar', () => {
  test('profile.setAvatar stores a 256×256 WebP; the profile shows it as a data: URL; audited with size and hash', async () => {
    const profile = ok(await t.call(manager, 'profile.setAvatar', { imageBase64: await pngBase64() }));
    expect(profile.avatar).toMatch(/^data:image\/webp;base64,[A-Za-z0-9+/]+=*$/);
    expect(avatarDataUrlOf(t.db, managerId)).toBe(profile.avatar);
    expect(ok(await t.call(manager, 'auth.status', {})).account?.avatar).toBe(profile.avatar);
    const stored = Buffer.from(profile.avatar!.split(',')[1]!, 'base64');
    const meta = await sharp(stored).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 256]);

    const [record] = await auditOf('profile.setAvatar');
    expect(record!.summary).toEqual({
      before: null,
      after: { mime: 'image/webp', bytes: stored.length, sha256: createHash('sha256').update(stored).digest('hex') },
      source: { format: 'png', bytes: expect.any(Number) },
    });
    // The trail holds a fingerprint, not the image.
    expect(JSON.stringify(record)).not.toContain(profile.avatar!.slice(30, 90));
  });

  test('replacing an avatar records the old one\'s fingerprint too', async () => {
    const first = ok(await t.call(manager, 'profile.setAvatar', { imageBase64: await pngBase64(100, 100) }));
    const jpeg = (await sharp({ create: { width: 200, height: 300, channels: 3, background: '#d83b3b' } }).jpeg().toBuffer()).toString('base64');
    const second = ok(await t.call(manager, 'profile.setAvatar', { imageBase64: jpeg }));
    expect(second.avatar).not.toBe(first.avatar);
    const firstBytes = Buffer.from(first.avatar!.split(',')[1]!, 'base64');
    const [record] = await auditOf('profile.setAvatar');
    expect(record!.summary).toMatchObject({ before: { bytes: firstBytes.length, sha256: createHash('sha256').update(firstBytes).digest('hex') }, source: { format: 'jpeg' } });
  });

  test('a refused image changes nothing: the previous avatar stays, no audit record', async () => {
    const kept = ok(await t.call(manager, 'profile.setAvatar', { imageBase64: await pngBase64() })).avatar;
    const records = await auditCount();
    const gif = (await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } }).gif().toBuffer()).toString('base64');
    expect(refusedFields(await t.call(manager, 'profile.setAvatar', { imageBase64: gif }))).toEqual({ imageBase64: 'unsupported_format' });
    expect(refusedFields(await t.call(manager, 'profile.setAvatar', { imageBase64: 'not base64!' }))).toEqual({ imageBase64: 'invalid_base64' });
    expect(ok(await t.call(manager, 'profile.get', {})).avatar).toBe(kept);
    expect(await auditCount()).toBe(records);
  });

  test('an upload over the channel limit is refused before it is decoded', async () => {
    const result = await t.call(manager, 'profile.setAvatar', { imageBase64: 'A'.repeat(3 * 1024 * 1024) });
    expect(result).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  test('an image a few bytes over 2 MiB, which the channel lets through, is refused as too_large', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } }).png().toBuffer();
    const over = Buffer.concat([png, Buffer.alloc(AVATAR_MAX_BYTES + 3 - png.length)]);
    expect(refusedFields(await t.call(manager, 'profile.setAvatar', { imageBase64: over.toString('base64') }))).toEqual({ imageBase64: 'too_large' });
  });

  test('profile.removeAvatar removes it, audited; removing again is harmless and recorded as such', async () => {
    const set = ok(await t.call(manager, 'profile.setAvatar', { imageBase64: await pngBase64() }));
    const stored = Buffer.from(set.avatar!.split(',')[1]!, 'base64');
    const removed = ok(await t.call(manager, 'profile.removeAvatar', {}));
    expect(removed.avatar).toBeNull();
    expect(avatarDataUrlOf(t.db, managerId)).toBeNull();
    ok(await t.call(manager, 'profile.removeAvatar', {}));
    const records = await auditOf('profile.removeAvatar');
    expect(records.map((r) => r.summary)).toEqual([{ before: null }, { before: { bytes: stored.length, sha256: createHash('sha256').update(stored).digest('hex') } }]);
  });
});

test('no audit record of the profile channels holds a password, and the chain verifies', async () => {
  ok(await t.call(manager, 'profile.update', { ...details, phoneWork: '01 02 03 04 05' }));
  await t.call(manager, 'profile.changeEmail', { currentPassword: 'wrong password here', email: 'x@example.org' });
  ok(await t.call(manager, 'profile.changeEmail', { currentPassword: MANAGER.password, email: 'x@example.org' }));
  ok(await t.call(manager, 'profile.setAvatar', { imageBase64: await pngBase64() }));
  ok(await t.call(manager, 'profile.removeAvatar', {}));
  const all = ok(await t.call(manager, 'audit.list', { limit: 500 })).rows;
  const text = JSON.stringify(all);
  expect(text).not.toContain(MANAGER.password);
  expect(text).not.toContain('wrong password here');
  expect(text).not.toContain('$argon2');
  expect(all.map((r) => r.action)).toEqual(expect.arrayContaining(['profile.update', 'profile.changeEmail', 'profile.setAvatar', 'profile.removeAvatar']));
  expect(verifyAuditChain(t.db).ok).toBe(true);
  expect(t.logged).toEqual([]);
});
