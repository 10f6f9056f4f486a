// `vigie accounts list`: the console accounts, for people (a table) or scripts (JSON).
import { listAccounts } from '../../db/accounts';
import { MODULES, moduleOf } from '../../../shared/permissions';
import type { AccountSummary } from '../../../shared/types';
import { EXIT_OK, type Command } from '../command';
import { openForReading, withDatabase } from '../database';
import { formatTable } from '../format';

const PAGE = 500;

/** Every account, page by page; summaries never carry a password hash. */
export function allAccounts(db: Parameters<typeof listAccounts>[0], includeInactive: boolean, query = ''): AccountSummary[] {
  const rows: AccountSummary[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = listAccounts(db, { query, includeInactive, limit: PAGE, offset });
    rows.push(...page.rows);
    if (page.rows.length < PAGE) return rows;
  }
}

/** The modules an account may use, in catalog order: `manager monitoring orders api`. */
function modulesOf(account: AccountSummary): string {
  const held = new Set(account.permissions.map(moduleOf));
  return MODULES.filter((m) => held.has(m)).join(' ') || '-';
}

function day(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : 'never';
}

const accountsList: Command = {
  name: 'accounts list',
  summary: 'List the console accounts (never their passwords)',
  usage: '[--json] [--include-inactive] [--search TEXT]',
  details: 'Deactivated accounts are left out unless --include-inactive is given. Times are UTC.',
  options: {
    json: { type: 'boolean', description: 'Print a JSON array of accounts' },
    'include-inactive': { type: 'boolean', description: 'Also list deactivated accounts' },
    search: { type: 'string', value: 'TEXT', description: 'Only accounts whose username, name or e-mail contains TEXT' },
  },
  usesDataDir: true,
  async run(args, io) {
    const includeInactive = args.values['include-inactive'] === true;
    const search = typeof args.values.search === 'string' ? args.values.search : '';
    const accounts = await withDatabase(openForReading(args.dataDir), (db) => allAccounts(db, includeInactive, search));
    if (args.values.json) {
      io.out(JSON.stringify(accounts, null, 2));
      return EXIT_OK;
    }
    if (accounts.length === 0) {
      io.out(includeInactive ? 'No accounts.' : 'No active or locked accounts (--include-inactive shows deactivated ones).');
      return EXIT_OK;
    }
    io.out(
      formatTable(
        ['USERNAME', 'NAME', 'E-MAIL', 'STATUS', 'ADMIN', 'MODULES', 'LAST SIGN-IN (UTC)'],
        accounts.map((a) => [a.username, `${a.firstName} ${a.lastName}`, a.email, a.status, a.adminLevel, modulesOf(a), day(a.lastSignInAt)]),
      ),
    );
    io.out('');
    io.out(`${accounts.length} account${accounts.length === 1 ? '' : 's'}${includeInactive ? '' : ' (deactivated accounts hidden; --include-inactive shows them)'}`);
    return EXIT_OK;
  },
};

export const accountsCommands: Command[] = [accountsList];
