// Console accounts: creation and listing. (The full account management comes with its issue.)
import { fieldError } from '../../shared/errors';
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

export async function createAccount(ctx: HandlerContext, input: NewAccountInput): Promise<AccountSummary> {
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
