// Console accounts: creation and listing. (The full account management comes with its issue.)
import { VigieError, fieldError } from '../../shared/errors';
import type { Permission } from '../../shared/permissions';
import type { AccountSummary, AdminLevel } from '../../shared/types';
import { insertAccount, summaryOf, usernameTaken } from '../db/accounts';
import type { HandlerContext } from '../ipc/context';
import { hashPassword } from './passwords';

export interface NewAccountInput {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  status: 'active' | 'locked';
  adminLevel: AdminLevel;
  permissions: Permission[];
}

const ADMIN_RANK: Record<AdminLevel, number> = { none: 0, limited: 1, full: 2 };

/**
 * No privilege escalation: an administrator grants only permissions it holds itself, and an
 * administrator level no higher than its own (so only full administrators create full ones).
 */
export function assertGrantable(actor: { adminLevel: AdminLevel; permissions: readonly Permission[] }, wanted: { adminLevel: AdminLevel; permissions: readonly Permission[] }): void {
  const held = new Set(actor.permissions);
  const beyond = wanted.permissions.filter((p) => !held.has(p));
  if (beyond.length > 0) {
    throw new VigieError('FORBIDDEN', `cannot grant permissions you do not hold: ${beyond.join(', ')}`, [
      { path: 'permissions', code: 'not_grantable', message: `not grantable: ${beyond.join(', ')}` },
    ]);
  }
  if (ADMIN_RANK[wanted.adminLevel] > ADMIN_RANK[actor.adminLevel]) {
    throw new VigieError('FORBIDDEN', `cannot grant the ${wanted.adminLevel} administrator level`, [
      { path: 'adminLevel', code: 'not_grantable', message: `only a ${wanted.adminLevel} administrator can grant this level` },
    ]);
  }
}

export async function createAccount(ctx: HandlerContext, input: NewAccountInput): Promise<AccountSummary> {
  assertGrantable(ctx.account!, input);
  if (usernameTaken(ctx.db, input.username)) throw fieldError('username', 'taken', 'this username is already used');
  const passwordHash = await hashPassword(input.password);
  return ctx.write((audit) => {
    if (usernameTaken(ctx.db, input.username)) throw fieldError('username', 'taken', 'this username is already used');
    const { password: _secret, ...rest } = input;
    const created = insertAccount(ctx.db, { ...rest, passwordHash, parentId: ctx.account?.id ?? null }, ctx.clock.now().toISOString());
    audit.record({
      action: 'account.create',
      targetType: 'account',
      targetId: String(created.id),
      target: created.username,
      summary: { after: { username: created.username, email: created.email, status: created.status, adminLevel: created.adminLevel, permissions: created.permissions } },
    });
    return summaryOf(created);
  });
}
