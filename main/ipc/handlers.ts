// The handler of every channel of the contract: thin calls into the services.
import { auditActions, countAudit, listAudit } from '../db/audit';
import { dashboardCounts, listAccounts } from '../db/accounts';
import { createAccount } from '../services/accounts';
import { authStatus, setUpFirstManager, signIn, signOut } from '../services/auth';
import type { AppHealth } from '../../shared/types';
import type { Handlers } from './router';

const DAY_MS = 24 * 60 * 60 * 1000;

export function createHandlers(health: () => AppHealth): Handlers {
  return {
    'app.health': () => health(),
    'auth.status': (ctx) => authStatus(ctx),
    'auth.setup': (ctx, input) => setUpFirstManager(ctx, input),
    'auth.signIn': (ctx, input) => signIn(ctx, input),
    'auth.signOut': (ctx) => signOut(ctx),
    'dashboard.counts': (ctx) => dashboardCounts(ctx.db, new Date(ctx.clock.now().getTime() - DAY_MS).toISOString(), countAudit(ctx.db)),
    'accounts.list': (ctx, input) => listAccounts(ctx.db, input),
    'accounts.create': (ctx, input) => createAccount(ctx, input),
    'audit.list': (ctx, input) => ({ ...listAudit(ctx.db, input), actions: auditActions(ctx.db) }),
  };
}
