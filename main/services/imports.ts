// CSV import of accounts. The file is read cell by cell off the main thread (the import
// worker; small files inline, where a thread would cost more than it saves), then each row is
// checked against the database as accounts.create / accounts.update would check it (sites by
// name, grants, scope, user type, existing usernames), and every valid row is written in ONE
// transaction with one audit record per account changed. Rows that cannot be imported go, with
// an `error` column, to a CSV in the rejected-imports folder once the transaction is committed.
// Importing the same file again changes nothing: a row identical to its account is "unchanged".
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { neutralizeFormula, type ImportableColumn } from '../../shared/accounts';
import { VigieError, type FieldError } from '../../shared/errors';
import { isManager, MANAGER_PERMISSIONS } from '../../shared/permissions';
import type { AccountStatus, ImportPreview, ImportSummary, Site } from '../../shared/types';
import type { AccountRow } from '../db/accountQuery';
import { countFullManagers, findAccountByUsername, type AccountRecord } from '../db/accounts';
import type { Db } from '../db/connection';
import { findSiteByName } from '../db/sites';
import type { HandlerContext } from '../ipc/context';
import { cellsOf, ERROR_COLUMN, parseAccountsCsv, type ImportIssue, type ImportRow, type ImportValues, type ParsedImport } from '../imports/accountsCsv';
import { runWorker } from '../workers/run';
import type { ImportWorkerInput, ImportWorkerOutput } from '../workers/import';
import { assertFullManagerRemains, auditChanges, auditSnapshot, checkAccountFields, insertManagedAccount, notManageableReason, scopeOf, updateManagedAccount, type AccountFields } from './accounts';
import { rejectedImportsDir } from './folders';
import { NO_PASSWORD_HASH } from './passwords';

export interface ImportInput {
  fileName: string;
  content: string;
  mapping?: (ImportableColumn | null)[] | undefined;
}

/** The preview, and why each ignored column is ignored (a password column, an unknown header…). */
export type ImportPreviewResult = ImportPreview & { ignored: ParsedImport['ignored'] };

/** The summary, and why the rejected rows could not be written when that failed (the import stands). */
export type ImportResult = ImportSummary & { rejectedFileError: string | null };

/**
 * Below this many characters (~1,000 rows) the text is read inline: the worker's round trip
 * (thread start ~60 ms, cloning the rows back) costs more than reading them here (~20-50 ms).
 * Above, the worker keeps the main process's event loop free: for 10,000 rows the wall time is
 * about the same either way, but the main thread is busy ~30 ms (receiving the rows) instead of
 * ~150-400 ms. Figures in bench/imports.ts.
 */
export const INLINE_MAX_CHARS = 128 * 1024;
/** Rows shown in the preview table, and errors listed at most. */
export const PREVIEW_SAMPLE_ROWS = 50;
export const PREVIEW_MAX_ERRORS = 1000;

/** The time each step took, for the benchmark. */
export interface ImportTimings {
  parseMs: number;
  checkMs: number;
  transactionMs: number;
  rejectedFileMs: number;
  inWorker: boolean;
}

function actorOf(ctx: HandlerContext): AccountRecord {
  if (!ctx.account) throw new VigieError('UNAUTHENTICATED', 'sign in first');
  return ctx.account;
}

/** Reads the file's rows and cells: in the worker thread, or inline for a small file. */
export async function readImportFile(ctx: Pick<HandlerContext, 'workers'>, input: ImportInput, options: { inline?: boolean } = {}): Promise<ParsedImport> {
  const inline = options.inline ?? input.content.length <= INLINE_MAX_CHARS;
  if (inline) return parseAccountsCsv(input.content, input.mapping);
  return runWorker<ImportWorkerInput, ImportWorkerOutput>(ctx.workers, 'import', { content: input.content, ...(input.mapping ? { mapping: input.mapping } : {}) });
}

// --- Checking a row against the database --------------------------------------------------------

type Fields = AccountFields & { status: AccountStatus };

type RowPlan =
  | { kind: 'create'; row: ImportRow; fields: Fields }
  | { kind: 'update'; row: ImportRow; existing: AccountRecord; fields: Fields }
  | { kind: 'unchanged'; row: ImportRow }
  | { kind: 'invalid'; row: ImportRow; errors: ImportIssue[] };

const REQUIRED_FOR_NEW = ['username', 'firstName', 'lastName', 'email'] as const satisfies readonly ImportableColumn[];
const TEXT_FIELDS = ['firstName', 'middleName', 'lastName', 'email', 'phoneWork', 'phoneMobile', 'phoneLandline', 'phoneFax', 'postalAddress'] as const;

/** Site names to ids, looked up once per name for the whole file. */
class SiteNames {
  private readonly known = new Map<string, Site | null>();
  constructor(private readonly db: Db) {}

  private find(name: string): Site | null {
    const key = name.toLowerCase();
    let site = this.known.get(key);
    if (site === undefined) {
      site = findSiteByName(this.db, name) ?? null;
      this.known.set(key, site);
    }
    return site;
  }

  /**
   * The ids of the sites a cell names. Names are separated by ';'; a name that is no site but
   * holds commas is tried as a list separated by ',' (a site's own name may hold a comma).
   */
  resolve(names: readonly string[]): { ids: number[]; unknown: string[] } {
    const ids = new Set<number>();
    const unknown: string[] = [];
    for (const name of names) {
      const site = this.find(name);
      if (site) {
        ids.add(site.id);
        continue;
      }
      const parts = name.split(',').map((p) => p.trim()).filter((p) => p !== '');
      const sites = parts.length > 1 ? parts.map((p) => this.find(p)) : [null];
      if (sites.every((s) => s !== null)) for (const s of sites) ids.add(s!.id);
      else unknown.push(name);
    }
    return { ids: [...ids].sort((a, b) => a - b), unknown };
  }
}

/** The column of a field error from the account checks (`siteIds` is the file's `sites`). */
function columnOfPath(fieldPath: string): ImportableColumn | null {
  if (fieldPath === 'siteIds') return 'sites';
  const known: readonly string[] = ['username', 'firstName', 'middleName', 'lastName', 'email', 'phoneWork', 'phoneMobile', 'phoneLandline', 'phoneFax', 'postalAddress', 'userType', 'adminLevel', 'status', 'permissions'];
  return known.includes(fieldPath) ? (fieldPath as ImportableColumn) : null;
}

function issuesOf(line: number, problems: readonly FieldError[]): ImportIssue[] {
  return problems.map((p) => ({ line, column: columnOfPath(p.path), code: p.code, message: p.message }));
}

function sameSet<T extends string | number>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}

/** The account's fields with what the file gives laid over them (columns not in the file are kept). */
function mergedFields(existing: AccountRow, values: ImportValues, siteIds: number[] | undefined): Fields {
  const fields: Fields = {
    username: values.username ?? existing.username,
    firstName: existing.firstName,
    middleName: existing.middleName,
    lastName: existing.lastName,
    email: existing.email,
    phoneWork: existing.phoneWork,
    phoneMobile: existing.phoneMobile,
    phoneLandline: existing.phoneLandline,
    phoneFax: existing.phoneFax,
    postalAddress: existing.postalAddress,
    userType: values.userType ?? existing.userType,
    adminLevel: values.adminLevel ?? existing.adminLevel,
    permissions: values.permissions ?? [...existing.permissions],
    siteIds: siteIds ?? existing.sites.map((s) => s.id),
    status: values.status ?? existing.status,
  };
  for (const key of TEXT_FIELDS) if (values[key] !== undefined) fields[key] = values[key];
  return fields;
}

/** Whether the file says what the account already is (the username is the stored one: its case may differ). */
function unchanged(existing: AccountRow, fields: Fields): boolean {
  return (
    TEXT_FIELDS.every((key) => existing[key] === fields[key]) &&
    existing.userType === fields.userType &&
    existing.adminLevel === fields.adminLevel &&
    existing.status === fields.status &&
    sameSet(existing.permissions, fields.permissions) &&
    sameSet(
      existing.sites.map((s) => s.id),
      fields.siteIds,
    )
  );
}

/** What importing this row would do, as `actor`, given the database as it is now. */
function planRow(db: Db, actor: AccountRecord, sites: SiteNames, row: ImportRow): RowPlan {
  const { line, values } = row;
  const errors: ImportIssue[] = [...row.errors];
  let siteIds: number[] | undefined;
  if (values.sites) {
    const resolved = sites.resolve(values.sites);
    if (resolved.unknown.length) {
      const plural = resolved.unknown.length > 1 ? 's' : '';
      errors.push({ line, column: 'sites', code: 'unknown-site', message: `unknown site${plural}: ${resolved.unknown.join(', ')}` });
    } else siteIds = resolved.ids;
  }
  if (errors.length > 0 || values.username === undefined) return { kind: 'invalid', row, errors };

  const existing = findAccountByUsername(db, values.username);
  if (!existing) {
    const missing = REQUIRED_FOR_NEW.filter((column) => values[column] === undefined);
    for (const column of missing) errors.push({ line, column, code: 'required', message: `${column} is required for a new account (the file has no such column)` });
    if (values.status === 'inactive') errors.push({ line, column: 'status', code: 'inactive-on-create', message: 'a new account is active or locked: deactivate it later if need be' });
    if (errors.length > 0) return { kind: 'invalid', row, errors };
    const fields: Fields = {
      username: values.username,
      firstName: values.firstName!,
      middleName: values.middleName ?? '',
      lastName: values.lastName!,
      email: values.email!,
      phoneWork: values.phoneWork ?? '',
      phoneMobile: values.phoneMobile ?? '',
      phoneLandline: values.phoneLandline ?? '',
      phoneFax: values.phoneFax ?? '',
      postalAddress: values.postalAddress ?? '',
      userType: values.userType ?? 'business',
      adminLevel: values.adminLevel ?? 'none',
      permissions: values.permissions ?? [],
      siteIds: siteIds ?? [],
      status: values.status ?? 'active',
    };
    const problems = checkAccountFields(db, actor, fields, null);
    return problems.length > 0 ? { kind: 'invalid', row, errors: issuesOf(line, problems) } : { kind: 'create', row, fields };
  }

  const reason = notManageableReason(actor, existing);
  const scope = scopeOf(db, actor);
  const visible = scope.allSites || existing.id === actor.id || existing.sites.some((s) => scope.siteIds.includes(s.id));
  // An account outside the administrator's sites: its name is simply taken, as accounts.create says.
  if (!visible) return { kind: 'invalid', row, errors: [{ line, column: 'username', code: 'taken', message: 'this username is already used' }] };
  const fields = mergedFields(existing, values, siteIds);
  // Keep the stored spelling of the username: the file may write it in another case.
  fields.username = existing.username;
  if (unchanged(existing, fields)) return { kind: 'unchanged', row };
  if (reason) {
    const messages = {
      'own-account': 'this is your own account: change it from your profile',
      'outside-sites': 'this account is also assigned to sites you do not manage',
      'more-powerful': 'this account holds permissions or an administrator level you do not have',
    } as const;
    return { kind: 'invalid', row, errors: [{ line, column: null, code: reason, message: messages[reason] }] };
  }
  const problems = checkAccountFields(db, actor, fields, existing);
  return problems.length > 0 ? { kind: 'invalid', row, errors: issuesOf(line, problems) } : { kind: 'update', row, existing, fields };
}

// --- Preview ------------------------------------------------------------------------------------

/** What importing the file would do, row by row and cell by cell; changes nothing. */
export async function previewImport(ctx: HandlerContext, input: ImportInput): Promise<ImportPreviewResult> {
  const actor = actorOf(ctx);
  const parsed = await readImportFile(ctx, input);
  const sites = new SiteNames(ctx.db);
  const preview: ImportPreviewResult = { headers: parsed.headers, mapping: parsed.mapping, ignored: parsed.ignored, rows: parsed.rows.length, create: 0, update: 0, unchanged: 0, invalid: 0, sample: [], errors: [] };
  for (const row of parsed.rows) {
    const plan = planRow(ctx.db, actor, sites, row);
    preview[plan.kind === 'invalid' ? 'invalid' : plan.kind]++;
    const errors = plan.kind === 'invalid' ? plan.errors : [];
    if (preview.sample.length < PREVIEW_SAMPLE_ROWS) preview.sample.push({ line: row.line, cells: cellsOf(row), errors });
    for (const error of errors) if (preview.errors.length < PREVIEW_MAX_ERRORS) preview.errors.push(error);
  }
  return preview;
}

// --- Commit -------------------------------------------------------------------------------------

/** Could this change leave the console without an active full Manager? Only if the account is one now. */
function mayRemoveFullManager(existing: AccountRecord, fields: Fields): boolean {
  const isFullManager = existing.status === 'active' && existing.adminLevel === 'full' && existing.userType === 'business' && isManager(existing.permissions);
  return isFullManager && !(fields.status === 'active' && fields.adminLevel === 'full' && fields.userType === 'business' && isManager(fields.permissions));
}

interface Rejected {
  row: ImportRow;
  errors: ImportIssue[];
}

/**
 * Imports every valid row in one transaction (nothing is written if any write fails), then
 * writes the rejected rows to the rejected-imports folder.
 */
export async function commitImport(ctx: HandlerContext, input: ImportInput, timings?: Partial<ImportTimings>): Promise<ImportResult> {
  const actor = actorOf(ctx);
  let mark = performance.now();
  const parsed = await readImportFile(ctx, input);
  if (timings) {
    timings.parseMs = performance.now() - mark;
    timings.inWorker = input.content.length > INLINE_MAX_CHARS;
    timings.checkMs = 0;
  }
  const startedAt = ctx.clock.now();
  const now = startedAt.toISOString();
  const rejectedName = rejectedFileName(input.fileName, startedAt);
  mark = performance.now();

  const outcome = ctx.write((audit) => {
    const sites = new SiteNames(ctx.db);
    let created = 0;
    let updated = 0;
    let same = 0;
    let sessionsEnded = false;
    const rejected: Rejected[] = [];
    const source = { source: 'import', file: input.fileName };
    // An update that could leave no full Manager runs in a savepoint, undone alone (and the row
    // rejected) if it does. Nothing else is expected to fail: any other error rolls the whole
    // import back. (A savepoint per row would cost ~80 µs a row for nothing.)
    const guardedUpdate = ctx.db.transaction((existing: AccountRecord, fields: Fields) => {
      const managers = countFullManagers(ctx.db, MANAGER_PERMISSIONS);
      const after = updateManagedAccount(ctx.db, actor, existing, fields, now);
      assertFullManagerRemains(ctx.db, managers);
      return after;
    });
    const apply = (plan: Extract<RowPlan, { kind: 'create' | 'update' }>): { after: AccountRecord; before: AccountRecord | null } => {
      if (plan.kind === 'create') {
        return { after: insertManagedAccount(ctx.db, actor, { ...plan.fields, passwordHash: NO_PASSWORD_HASH, mustChangePassword: true }, now), before: null };
      }
      const after = mayRemoveFullManager(plan.existing, plan.fields) ? guardedUpdate(plan.existing, plan.fields) : updateManagedAccount(ctx.db, actor, plan.existing, plan.fields, now);
      return { after, before: plan.existing };
    };
    for (const row of parsed.rows) {
      const t = timings ? performance.now() : 0;
      const plan = planRow(ctx.db, actor, sites, row);
      if (timings) timings.checkMs! += performance.now() - t;
      if (plan.kind === 'invalid') {
        rejected.push({ row, errors: plan.errors });
        continue;
      }
      if (plan.kind === 'unchanged') {
        same++;
        continue;
      }
      let written: { after: AccountRecord; before: AccountRecord | null };
      try {
        written = apply(plan);
      } catch (error) {
        // Only the savepoint of a guarded update is undone alone; anything else ends the import.
        if (!(error instanceof VigieError && error.code === 'LAST_FULL_MANAGER')) throw error;
        rejected.push({ row, errors: [{ line: row.line, column: null, code: error.code, message: error.message }] });
        continue;
      }
      const { after, before } = written;
      if (before === null) {
        created++;
        audit.record({ action: 'account.create', targetType: 'account', targetId: String(after.id), target: after.username, summary: { after: auditSnapshot(after), ...source } });
      } else {
        updated++;
        if (after.sessionEpoch !== before.sessionEpoch) sessionsEnded = true;
        audit.record({ action: 'account.update', targetType: 'account', targetId: String(after.id), target: after.username, summary: { ...auditChanges(auditSnapshot(before), auditSnapshot(after)), ...source } });
      }
    }
    audit.record({
      action: 'accounts.import',
      targetType: 'import',
      targetId: null,
      target: input.fileName,
      summary: { file: input.fileName, rows: parsed.rows.length, created, updated, unchanged: same, rejected: rejected.length, rejectedFile: rejected.length > 0 ? rejectedName : null },
    });
    return { created, updated, unchanged: same, rejected, sessionsEnded };
  });
  if (timings) timings.transactionMs = performance.now() - mark - timings.checkMs!;
  if (outcome.sessionsEnded) ctx.sessionsEnded();

  mark = performance.now();
  let rejectedFile: string | null = null;
  let rejectedFileError: string | null = null;
  if (outcome.rejected.length > 0) {
    try {
      rejectedFile = writeRejectedFile(rejectedImportsDir(ctx.db, ctx.dataDir), rejectedName, parsed, outcome.rejected);
    } catch (error) {
      // The import is committed: say what happened to the rejected rows rather than fail it.
      rejectedFileError = error instanceof Error ? error.message : String(error);
    }
  }
  if (timings) timings.rejectedFileMs = performance.now() - mark;
  return { created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, rejected: outcome.rejected.length, rejectedFile, rejectedFileError };
}

// --- The rejected rows --------------------------------------------------------------------------

/** `<original name>-rejected-<UTC timestamp>.csv`, the original name made safe for any file system. */
export function rejectedFileName(fileName: string, at: Date): string {
  const base = path
    .basename(fileName.replace(/\\/g, '/'))
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .replace(/^[.\s]+|\s+$/g, '')
    .slice(0, 100);
  const stamp = at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  return `${base || 'import'}-rejected-${stamp}.csv`;
}

/**
 * Writes the rejected rows as a CSV: the file's own columns (and delimiter), then `error` with
 * every message of the row. UTF-8 with a BOM for Excel; cells a spreadsheet would run as a
 * formula are neutralised, as in exports (an import reads them back as written). Written to a
 * temporary name then renamed, so the folder's watcher never sees half a file.
 */
export function writeRejectedFile(dir: string, name: string, parsed: ParsedImport, rejected: readonly Rejected[]): string {
  // A rejected file imported again: its old `error` column gives way to the new one.
  const keep = parsed.headers.map((_, i) => i).filter((i) => !parsed.ignored.some((g) => g.index === i && g.reason === 'error-column'));
  const labelOf = (column: ImportableColumn | null) => {
    if (column === null) return '';
    const index = parsed.mapping.indexOf(column);
    return `${index >= 0 ? parsed.headers[index] || column : column}: `;
  };
  const data = rejected.map(({ row, errors }) => {
    const cells = cellsOf(row);
    return [
      ...keep.map((i) => neutralizeFormula(cells[i] ?? '')),
      neutralizeFormula(errors.map((e) => `${labelOf(e.column)}${e.message}`).join(' | ')),
    ];
  });
  const text = `\uFEFF${Papa.unparse({ fields: [...keep.map((i) => parsed.headers[i]!), ERROR_COLUMN], data }, { delimiter: parsed.delimiter, newline: '\r\n' })}\r\n`;
  let target = path.join(dir, name);
  for (let n = 2; existsSync(target); n++) target = path.join(dir, name.replace(/\.csv$/, `-${n}.csv`));
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return target;
}
