// `vigie accounts list`: the console accounts, for people (a table) or scripts (JSON); and the
// break-glass commands for when no Manager can sign in: `accounts unlock` and
// `accounts reset-password` (see ../operator.ts).
import { ACCOUNT_STATUSES, accountFilterSchema } from '../../../shared/accounts';
import { countAccountRows, listAccountRows } from '../../db/accountQuery';
import { findAccountById, summaryOf } from '../../db/accounts';
import type { Db } from '../../db/connection';
import { findSiteById, findSiteByName } from '../../db/sites';
import { resetPassword, resetTwoFactor, unlockAccount } from '../../services/accounts';
import { MODULES, moduleOf } from '../../../shared/permissions';
import type { AccountStatus, AccountSummary } from '../../../shared/types';
import { CliError, EXIT_OK, UsageError, type Command } from '../command';
import { openForReading, withDatabase } from '../database';
import { formatTable, printable } from '../format';
import { accountNamed, asOperator, openForWriting, operatorName } from '../operator';

const PAGE = 500;

/** The filters of `accounts list` (the console list's own filter, as the operator sees every site). */
export interface ListOptions {
  query?: string;
  includeInactive?: boolean;
  statuses?: AccountStatus[];
  lockedOnly?: boolean;
  siteId?: number;
  /** At most this many accounts (all when absent). */
  limit?: number;
}

/** The matching accounts, page by page, and how many match in all; summaries never carry a password hash. */
export function allAccounts(db: Db, options: ListOptions = {}, now = new Date()): { accounts: AccountSummary[]; total: number } {
  const rows: AccountSummary[] = [];
  const q = {
    filter: accountFilterSchema.parse({
      query: options.query ?? '',
      includeInactive: options.includeInactive ?? false,
      statuses: options.statuses ?? [],
      lockedOnly: options.lockedOnly ?? false,
      ...(options.siteId !== undefined ? { siteId: options.siteId } : {}),
    }),
    sort: { column: 'username', direction: 'asc' } as const,
    scope: { allSites: true, siteIds: [] },
    now: now.toISOString(),
  };
  const wanted = options.limit ?? Number.POSITIVE_INFINITY;
  for (let offset = 0; rows.length < wanted; offset += PAGE) {
    const page = listAccountRows(db, q, Math.min(PAGE, wanted - rows.length), offset);
    rows.push(...page.map((row) => summaryOf(row, true)));
    if (page.length < PAGE) break;
  }
  const total = options.limit === undefined ? rows.length : countAccountRows(db, q);
  return { accounts: rows, total };
}

/** `--status active,locked` as statuses, or a usage error naming the wrong word. */
function statusesOf(value: string | boolean | undefined): AccountStatus[] | undefined {
  if (typeof value !== 'string') return undefined;
  const words = value.split(/[,;\s]+/).filter((w) => w !== '');
  const wrong = words.filter((w) => !(ACCOUNT_STATUSES as readonly string[]).includes(w));
  if (wrong.length > 0 || words.length === 0) throw new UsageError(`--status takes ${ACCOUNT_STATUSES.join(', ')} (comma-separated), not '${printable(wrong[0] ?? value)}'`);
  return [...new Set(words)] as AccountStatus[];
}

function limitOf(value: string | boolean | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit takes a whole number of accounts (1 or more), not '${printable(value)}'`);
  return limit;
}

/** The site named on the command line (its name, any case, or #id), or a clear exit 1. */
function siteNamed(db: Db, name: string): number {
  const byId = /^#?(\d+)$/.exec(name.trim());
  const site = findSiteByName(db, name) ?? (byId ? findSiteById(db, Number(byId[1])) : undefined);
  if (!site) throw new CliError(`no site named '${printable(name)}'`);
  return site.id;
}

/** The modules an account may use, in catalog order: `manager monitoring orders api`. */
function modulesOf(account: AccountSummary): string {
  const held = new Set(account.permissions.map(moduleOf));
  return MODULES.filter((m) => held.has(m)).join(' ') || '-';
}

function day(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : 'never';
}

/** A temporary lockout running now, else the failed attempts counted since the last success. */
function lockoutOf(account: AccountSummary, now: Date): string {
  if (account.lockedUntil !== null && Date.parse(account.lockedUntil) > now.getTime()) return `until ${day(account.lockedUntil)}`;
  return account.failedAttempts > 0 ? `${account.failedAttempts} failed` : '-';
}

const accountsList: Command = {
  name: 'accounts list',
  summary: 'List the console accounts (never their passwords)',
  usage: '[--json] [--query TEXT] [--include-inactive] [--status LIST] [--locked] [--site NAME] [--limit N]',
  details:
    'Deactivated accounts are left out unless --include-inactive is given (or --status names them).\n' +
    '--query finds words at the start of a username, name, e-mail or phone, as the console\'s search\n' +
    'does. Times are UTC. STATUS "locked" is a lock set by a Manager; LOCKOUT shows a temporary\n' +
    'lockout after failed sign-ins ("until …") or the failed attempts counted since the last\n' +
    'success. 2FA: two-factor on.',
  options: {
    json: { type: 'boolean', description: 'Print a JSON array of accounts' },
    query: { type: 'string', value: 'TEXT', description: 'Only accounts matching TEXT (username, names, e-mail, phones)' },
    search: { type: 'string', value: 'TEXT', description: 'Same as --query' },
    'include-inactive': { type: 'boolean', description: 'Also list deactivated accounts' },
    status: { type: 'string', value: 'LIST', description: 'Only these statuses: active, locked, inactive (comma-separated)' },
    locked: { type: 'boolean', description: 'Only accounts that cannot sign in now: locked by a Manager or locked out' },
    site: { type: 'string', value: 'NAME', description: 'Only accounts assigned to this site (its name, or #id)' },
    limit: { type: 'string', value: 'N', description: 'At most N accounts (the footer says how many match)' },
  },
  usesDataDir: true,
  async run(args, io) {
    const includeInactive = args.values['include-inactive'] === true;
    const lockedOnly = args.values.locked === true;
    const query = typeof args.values.query === 'string' ? args.values.query : typeof args.values.search === 'string' ? args.values.search : '';
    const statuses = statusesOf(args.values.status);
    const limit = limitOf(args.values.limit);
    const now = new Date();
    const { accounts, total } = await withDatabase(openForReading(args.dataDir), (db) => {
      const siteId = typeof args.values.site === 'string' ? siteNamed(db, args.values.site) : undefined;
      return allAccounts(db, { query, includeInactive, lockedOnly, ...(statuses ? { statuses } : {}), ...(siteId !== undefined ? { siteId } : {}), ...(limit !== undefined ? { limit } : {}) }, now);
    });
    if (args.values.json) {
      io.out(JSON.stringify(accounts, null, 2));
      return EXIT_OK;
    }
    const inactiveShown = includeInactive || (statuses?.includes('inactive') ?? false);
    if (accounts.length === 0) {
      io.out(lockedOnly ? 'No locked or locked-out accounts.' : inactiveShown || statuses ? 'No accounts.' : 'No active or locked accounts (--include-inactive shows deactivated ones).');
      return EXIT_OK;
    }
    io.out(
      formatTable(
        ['USERNAME', 'NAME', 'E-MAIL', 'STATUS', 'LOCKOUT (UTC)', '2FA', 'ADMIN', 'MODULES', 'LAST SIGN-IN (UTC)'],
        accounts.map((a) => [a.username, `${a.firstName} ${a.lastName}`, a.email, a.status, lockoutOf(a, now), a.twoFactorEnabled ? 'on' : '-', a.adminLevel, modulesOf(a), day(a.lastSignInAt)]),
      ),
    );
    io.out('');
    const plural = total === 1 ? '' : 's';
    const shown = accounts.length < total ? `${accounts.length} of ${total}` : `${total}`;
    io.out(`${shown} account${plural}${lockedOnly ? ' that cannot sign in now' : ''}${inactiveShown || statuses ? '' : ' (deactivated accounts hidden; --include-inactive shows them)'}`);
    return EXIT_OK;
  },
};

const accountsUnlock: Command = {
  name: 'accounts unlock',
  summary: 'Let an account sign in again: end its lockout, or a Manager\'s lock',
  usage: '<username> [--json]',
  details:
    'For when no Manager can sign in to do it. Ends a temporary lockout after failed sign-ins,\n' +
    'forgets the failed attempts, and turns status "locked" into "active" (a deactivated account\n' +
    'stays deactivated). Audited as cli:<your OS user name>. Safe while the console is open.',
  options: { json: { type: 'boolean', description: 'Print the account after the change as JSON' } },
  positionals: { min: 1, max: 1 },
  usesDataDir: true,
  async run(args, io) {
    const actor = operatorName(io.env);
    const { before, after } = await withDatabase(openForWriting(args.dataDir), async (db) => {
      const before = accountNamed(db, args.positionals[0]!);
      const running = before.lockedUntil !== null && Date.parse(before.lockedUntil) > Date.now();
      if (before.status !== 'locked' && !running && before.failedAttempts === 0) return { before, after: null };
      const after = await asOperator(db, actor, args.dataDir, (ctx) => unlockAccount(ctx, { accountId: before.id }));
      return { before, after };
    });
    const name = printable(before.username);
    if (args.values.json) {
      io.out(JSON.stringify({ changed: after !== null, account: after ?? summaryOf(before, true) }, null, 2));
      return EXIT_OK;
    }
    if (!after) {
      io.out(`${name} is not locked (status ${before.status}, no failed attempts): nothing changed.`);
    } else {
      const what: string[] = [];
      if (before.lockedUntil !== null && Date.parse(before.lockedUntil) > Date.now()) what.push(`lockout until ${day(before.lockedUntil)} UTC ended`);
      if (before.failedAttempts > 0) what.push(`${before.failedAttempts} failed attempt${before.failedAttempts === 1 ? '' : 's'} forgotten`);
      if (before.status === 'locked') what.push('status locked -> active');
      io.out(`Unlocked ${name}: ${what.join(', ')}.`);
      io.out(`Recorded in the audit trail as ${actor}.`);
    }
    if (before.status === 'inactive') io.out(`Note: ${name} is deactivated and still cannot sign in; a Manager reactivates it from the console.`);
    return EXIT_OK;
  },
};

const accountsResetPassword: Command = {
  name: 'accounts reset-password',
  summary: 'Issue a temporary password, shown once (e.g. for a Manager who forgot theirs)',
  usage: '<username> [--reset-two-factor] [--json]',
  details:
    'For when no Manager can sign in to do it. Prints a random temporary password ONCE (only its\n' +
    'hash is stored): the account must choose a new password at its next sign-in, before the\n' +
    'temporary one expires (the security setting temporaryPasswordHours, 72 by default). The\n' +
    'account\'s open sessions end and a temporary lockout is lifted. With --reset-two-factor the\n' +
    'account\'s two-factor and recovery codes are removed too (lost phone), in the same transaction.\n' +
    'Audited as cli:<your OS user name>. Pass the password to its owner by a safe channel.',
  options: {
    'reset-two-factor': { type: 'boolean', description: 'Also turn off the account\'s two-factor (its app and recovery codes stop working)' },
    json: { type: 'boolean', description: 'Print the temporary password, its expiry and the account\'s state as JSON' },
  },
  positionals: { min: 1, max: 1 },
  usesDataDir: true,
  async run(args, io) {
    const actor = operatorName(io.env);
    const wantTwoFactorReset = args.values['reset-two-factor'] === true;
    const result = await withDatabase(openForWriting(args.dataDir), async (db) => {
      const target = accountNamed(db, args.positionals[0]!);
      return asOperator(db, actor, args.dataDir, async (ctx) => {
        // Two-factor first, then the password: one transaction, so both or neither.
        const twoFactorReset = wantTwoFactorReset && target.twoFactorEnabled;
        if (twoFactorReset) resetTwoFactor(ctx, { accountId: target.id });
        const issued = await resetPassword(ctx, { accountId: target.id });
        return { issued, twoFactorReset, after: findAccountById(db, target.id)! };
      });
    });
    const { issued, twoFactorReset, after } = result;
    if (args.values.json) {
      io.out(JSON.stringify({ username: issued.username, temporaryPassword: issued.temporaryPassword, expiresAt: issued.expiresAt, twoFactorReset, status: after.status, twoFactorEnabled: after.twoFactorEnabled }, null, 2));
      return EXIT_OK;
    }
    const name = printable(issued.username);
    io.out(`Temporary password for ${name} (shown once, not stored in clear):`);
    io.out('');
    io.out(`    ${issued.temporaryPassword}`);
    io.out('');
    io.out(`It expires ${day(issued.expiresAt)} UTC. ${name} must choose a new password at the next sign-in; their open sessions have ended.`);
    if (twoFactorReset) io.out('Two-factor is off: they sign in with this password alone, then can turn two-factor on again from their profile.');
    else if (wantTwoFactorReset) io.out(`Two-factor was not on for ${name}: nothing to reset there.`);
    else if (after.twoFactorEnabled) io.out(`Two-factor stays on: they also need a code from their app or a recovery code (--reset-two-factor removes it).`);
    if (after.status === 'locked') io.out(`Note: ${name} is locked by a Manager; \`vigie accounts unlock ${name}\` lets it sign in.`);
    if (after.status === 'inactive') io.out(`Note: ${name} is deactivated and cannot sign in until a Manager reactivates it.`);
    io.out(`Recorded in the audit trail as ${actor} (without the password).`);
    return EXIT_OK;
  },
};

export const accountsCommands: Command[] = [accountsList, accountsUnlock, accountsResetPassword];
