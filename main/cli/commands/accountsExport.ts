// `vigie accounts export`: the accounts list written to a file, as the console's export does
// (same filters, same worker, same audit record), by the operator at the machine.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ACCOUNT_COLUMNS, EXPORT_FORMATS, SORTABLE_COLUMNS, type AccountColumn } from '../../../shared/accounts';
import { contract } from '../../../shared/contract';
import { VigieError } from '../../../shared/errors';
import { isPermission } from '../../../shared/permissions';
import { findSiteByName } from '../../db/sites';
import { exportAccounts } from '../../services/exports';
import { CliError, EXIT_OK, UsageError, type Command } from '../command';
import { humanBytes, withDatabase } from '../database';
import { operatorContext, openForWriting, operatorName } from '../operator';
import { printable } from '../format';

function list(value: string | boolean | undefined): string[] {
  return typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : [];
}

export const accountsExport: Command = {
  name: 'accounts export',
  summary: 'Write the accounts list to a CSV, XLSX, DOCX or PDF file',
  usage: '--format csv|xlsx|docx|pdf --out FILE [--query TEXT] [--include-inactive] [--status S,…] [--site NAME] [--permission P] [--columns C,…] [--sort COLUMN[:desc]] [--force] [--json]',
  details:
    'The same export as the console\'s: the accounts matching the filters (deactivated ones only\n' +
    'with --include-inactive or --status inactive), sorted by username unless --sort says otherwise.\n' +
    'CSV is UTF-8 with a BOM, its headers are the column keys (the file imports back as it is),\n' +
    'and cells starting with = + - @, tab or CR get a leading \' (so do XLSX and DOCX cells).\n' +
    'The file is written under a temporary name and renamed at the end: a failure leaves none.\n' +
    `Columns (default: all): ${ACCOUNT_COLUMNS.join(', ')}.\n` +
    `Sort columns: ${SORTABLE_COLUMNS.join(', ')}. Audited as cli:<your OS user name>.`,
  options: {
    format: { type: 'string', value: 'FORMAT', description: `File format: ${EXPORT_FORMATS.join(', ')}` },
    out: { type: 'string', value: 'FILE', description: 'The file to write (its extension is added when missing)' },
    query: { type: 'string', value: 'TEXT', description: 'Only accounts matching TEXT (username, names, e-mail, phones; word prefixes)' },
    'include-inactive': { type: 'boolean', description: 'Also export deactivated accounts' },
    status: { type: 'string', value: 'S,…', description: 'Only these statuses: active, locked, inactive' },
    site: { type: 'string', value: 'NAME', description: 'Only accounts assigned to this site' },
    permission: { type: 'string', value: 'P', description: 'Only accounts holding this permission (e.g. manager.accounts)' },
    columns: { type: 'string', value: 'C,…', description: 'The columns, in order (default: all)' },
    sort: { type: 'string', value: 'COLUMN[:desc]', description: 'Sort order (default: username)' },
    force: { type: 'boolean', description: 'Replace FILE if it exists' },
    json: { type: 'boolean', description: 'Print the result (path, format, rows, bytes) as JSON' },
  },
  usesDataDir: true,
  async run(args, io) {
    const format = args.values.format;
    if (typeof format !== 'string') throw new UsageError('accounts export: --format is required (csv, xlsx, docx or pdf)', this);
    if (typeof args.values.out !== 'string' || !args.values.out) throw new UsageError('accounts export: --out FILE is required', this);
    const out = path.resolve(io.cwd, args.values.out);
    const target = path.extname(out).toLowerCase() === `.${format}` ? out : `${out}.${format}`;
    if (existsSync(target)) {
      if (statSync(target).isDirectory()) throw new CliError(`${target} is a folder`);
      if (args.values.force !== true) throw new CliError(`${target} exists (--force replaces it)`);
    }
    const permission = typeof args.values.permission === 'string' ? args.values.permission : undefined;
    if (permission !== undefined && !isPermission(permission)) throw new UsageError(`accounts export: unknown permission '${printable(permission)}'`, this);
    const [sortColumn, sortDirection, ...extra] = typeof args.values.sort === 'string' ? args.values.sort.split(':') : ['username'];
    if (extra.length > 0 || (sortDirection !== undefined && sortDirection !== 'asc' && sortDirection !== 'desc')) throw new UsageError('accounts export: --sort is COLUMN or COLUMN:desc', this);
    const columns = list(args.values.columns);

    const actor = operatorName(io.env);
    const result = await withDatabase(openForWriting(args.dataDir), async (db) => {
      let siteId: number | undefined;
      if (typeof args.values.site === 'string') {
        const site = findSiteByName(db, args.values.site.trim());
        if (!site) throw new CliError(`no site named '${printable(args.values.site)}'`);
        siteId = site.id;
      }
      const parsed = contract['accounts.export'].input.safeParse({
        format,
        filter: {
          query: typeof args.values.query === 'string' ? args.values.query : '',
          includeInactive: args.values['include-inactive'] === true,
          statuses: list(args.values.status),
          ...(permission ? { permission } : {}),
          ...(siteId !== undefined ? { siteId } : {}),
        },
        sort: { column: sortColumn, direction: sortDirection ?? 'asc' },
        columns: columns.length > 0 ? columns : [...ACCOUNT_COLUMNS],
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new UsageError(`accounts export: ${issue.path.join('.') || 'input'}: ${issue.message}`, this);
      }
      let shown = 0;
      const ctx = operatorContext(db, actor, args.dataDir, {
        savePath: target,
        // Long exports say how far they are, on stderr, about once a second.
        onProgress: (done, total) => {
          const now = Date.now();
          if (total >= 10_000 && done > 0 && done < total && now - shown >= 1000) {
            shown = now;
            io.err(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} accounts…`);
          }
        },
      });
      try {
        // Not inside asOperator's transaction: the export runs for seconds in a worker, and the
        // console must stay free to write meanwhile; the audit record is its own transaction.
        return await exportAccounts(ctx, { ...parsed.data, columns: parsed.data.columns as AccountColumn[], taskId: 'cli' });
      } catch (error) {
        if (error instanceof VigieError) throw new CliError(error.message);
        throw error;
      }
    });
    if (args.values.json) {
      io.out(JSON.stringify(result, null, 2));
      return EXIT_OK;
    }
    io.out(`Exported ${result.rows.toLocaleString('en')} account${result.rows === 1 ? '' : 's'} to ${result.path} (${humanBytes(result.bytes)}).`);
    io.out(`Recorded in the audit trail as ${actor}.`);
    return EXIT_OK;
  },
};
