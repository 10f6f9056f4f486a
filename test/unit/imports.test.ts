// CSV import of accounts: reading the file (any delimiter, BOM, CRLF, quotes, fr/en headers),
// each cell's errors with line and column, then the import itself through the router: sites,
// grants and scope, one transaction, rejected rows in the rejected-imports folder, idempotence.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { operatorContext } from '../../main/cli/operator';
import { accountCell, listAccountRows, type AccountRow } from '../../main/db/accountQuery';
import { findAccountByUsername } from '../../main/db/accounts';
import { writeSetting } from '../../main/db/settings';
import { cellsOf, decodeCsvBytes, parseAccountsCsv, type ImportIssue } from '../../main/imports/accountsCsv';
import { REJECTED_IMPORTS_SETTING, rejectedImportsDir } from '../../main/services/folders';
import { commitImport, INLINE_MAX_CHARS } from '../../main/services/imports';
import { NO_PASSWORD_HASH } from '../../main/services/passwords';
import type { ImportWorkerInput, ImportWorkerOutput } from '../../main/workers/import';
import { runWorker } from '../../main/workers/run';
import { ACCOUNT_COLUMNS, accountFilterSchema, IMPORTABLE_COLUMNS, neutralizeFormula } from '../../shared/accounts';
import { IMPORT_MAX_BYTES } from '../../shared/contract';
import { VigieError } from '../../shared/errors';
import { MANAGER, startBackend, type TestBackend } from '../support/backend';
import { makeTempDir } from '../support/tempDir';
import { ok } from '../support/results';

function errorsOf(text: string): ImportIssue[] {
  return parseAccountsCsv(text).rows.flatMap((r) => r.errors);
}

function invalidInput(fn: () => unknown): { code: string; path: string; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VigieError);
    const e = error as VigieError;
    expect(e.code).toBe('INVALID_INPUT');
    return { code: e.fields![0]!.code, path: e.fields![0]!.path, message: e.message };
  }
  throw new Error('expected INVALID_INPUT');
}

describe('reading a CSV of accounts', () => {
  it('maps French headers by name, with a ; delimiter, a BOM and CRLF line ends', () => {
    const text = '\uFEFFIdentifiant;Prénom;Nom;Courriel;Téléphone portable;Sites;Droits\r\nlea.dubois;Léa;Dubois;lea@example.fr;+33 6 12 34 56 78;Lyon;monitoring.logs;monitoring.statistics\r\n';
    // Unquoted ';' lists cannot be told apart from the delimiter: the row has too many values.
    expect(parseAccountsCsv(text).rows[0]!.errors.map((e) => e.code)).toEqual(['too-many-values']);

    const quoted = '\uFEFFIdentifiant;Prénom;Nom;Courriel;Téléphone portable;Sites;Droits\r\nlea.dubois;Léa;Dubois;lea@example.fr;+33 6 12 34 56 78;"Lyon;Paris";"monitoring.logs;monitoring.statistics"\r\n';
    const parsed = parseAccountsCsv(quoted);
    expect(parsed.delimiter).toBe(';');
    expect(parsed.headers).toEqual(['Identifiant', 'Prénom', 'Nom', 'Courriel', 'Téléphone portable', 'Sites', 'Droits']);
    expect(parsed.mapping).toEqual(['username', 'firstName', 'lastName', 'email', 'phoneMobile', 'sites', 'permissions']);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]).toMatchObject({
      line: 2,
      errors: [],
      values: { username: 'lea.dubois', firstName: 'Léa', lastName: 'Dubois', email: 'lea@example.fr', phoneMobile: '+33 6 12 34 56 78', sites: ['Lyon', 'Paris'], permissions: ['monitoring.statistics', 'monitoring.logs'] },
    });
  });

  it('maps English headers, with a comma or a tab delimiter, and quoted fields holding delimiters, quotes and line breaks', () => {
    const comma = 'Username,First name,Middle name,Last name,E-mail,Work phone,Fax,Address,User type,Administrator,Status,Permissions,Sites\n' +
      'jo.smith,Jo,,"Smith, Jr.",jo@example.com,01 23 45 67 89,,"1 rue de la Paix\n75002 Paris",employee,limited,locked,"manager.accounts, orders.pm","Site ""A"""\n';
    const parsed = parseAccountsCsv(comma);
    expect(parsed.delimiter).toBe(',');
    expect(parsed.mapping).toEqual(['username', 'firstName', 'middleName', 'lastName', 'email', 'phoneWork', 'phoneFax', 'postalAddress', 'userType', 'adminLevel', 'status', 'permissions', 'sites']);
    expect(parsed.rows[0]!.errors).toEqual([]);
    expect(cellsOf(parsed.rows[0]!).slice(0, 4)).toEqual(['jo.smith', 'Jo', '', 'Smith, Jr.']);
    expect(parsed.rows[0]!.values).toEqual({
      username: 'jo.smith',
      firstName: 'Jo',
      middleName: '',
      lastName: 'Smith, Jr.',
      email: 'jo@example.com',
      phoneWork: '01 23 45 67 89',
      phoneFax: '',
      postalAddress: '1 rue de la Paix\n75002 Paris',
      userType: 'employee',
      adminLevel: 'limited',
      status: 'locked',
      permissions: ['manager.accounts', 'orders.pm'],
      sites: ['Site "A"'],
    });

    const tab = 'login\tgiven name\tsurname\tmail\nann\tAnn\tLee\tann@example.com\n';
    const byTab = parseAccountsCsv(tab);
    expect(byTab.delimiter).toBe('\t');
    expect(byTab.mapping).toEqual(['username', 'firstName', 'lastName', 'email']);
    expect(byTab.rows[0]!.values).toMatchObject({ username: 'ann', lastName: 'Lee' });
  });

  it('reads user types, levels and statuses written as keys, in English or in French', () => {
    const text =
      'username;firstName;lastName;email;userType;adminLevel;status\n' +
      'a1;A;A;a1@x.fr;Entreprise;Aucun;Actif\n' +
      'a2;A;A;a2@x.fr;Employé;Limité;Verrouillé\n' +
      'a3;A;A;a3@x.fr;Lecture seule;none;Inactif\n' +
      'a4;A;A;a4@x.fr;read-only;Complet;inactive\n' +
      'a5;A;A;a5@x.fr;salarié;full;LOCKED\n' +
      'a6;A;A;a6@x.fr;;;\n';
    const values = parseAccountsCsv(text).rows.map((r) => [r.values.userType, r.values.adminLevel, r.values.status]);
    expect(values).toEqual([
      ['business', 'none', 'active'],
      ['employee', 'limited', 'locked'],
      ['readonly', 'none', 'inactive'],
      ['readonly', 'full', 'inactive'],
      ['employee', 'full', 'locked'],
      // Empty: not given (kept on an existing account, the default on a new one).
      [undefined, undefined, undefined],
    ]);
  });

  it('gives each bad cell an error with its line (header = line 1, quoted line breaks counted) and column', () => {
    const text =
      'username,firstName,lastName,email,phoneMobile,userType,adminLevel,status,permissions\n' +
      'ok.one,A,B,a@example.com,,,,,\n' +
      '\n' + // empty line: skipped, but counted
      'bad email,A,"B\nsecond line",not-an-email,abc,boss,god,sleeping,"monitoring.logs;root.all;api.adminx"\n' +
      ',A,B,c@example.com,,,,,\n' +
      'ok.one,A,B,d@example.com,,,,,\n' +
      'OK.ONE,,B,e@example.com,,,,,\n';
    const rows = parseAccountsCsv(text).rows;
    expect(rows.map((r) => r.line)).toEqual([2, 4, 6, 7, 8]);
    expect(rows[0]!.errors).toEqual([]);
    const bad = rows[1]!.errors.map((e) => [e.line, e.column, e.code]);
    expect(bad).toEqual([
      [4, 'username', 'invalid-format'],
      [4, 'email', 'invalid-email'],
      [4, 'phoneMobile', 'invalid-format'],
      [4, 'userType', 'unknown-user-type'],
      [4, 'adminLevel', 'unknown-admin-level'],
      [4, 'status', 'unknown-status'],
      [4, 'permissions', 'unknown-permission'],
    ]);
    expect(rows[1]!.errors.find((e) => e.column === 'permissions')!.message).toBe('unknown permissions: root.all, api.adminx');
    expect(rows[2]!.errors.map((e) => [e.column, e.code])).toEqual([['username', 'required']]);
    // The later rows with a username already in the file are errors, whatever the case.
    expect(rows[3]!.errors.map((e) => [e.line, e.column, e.code, e.message])).toEqual([[7, 'username', 'duplicate-username', "username 'ok.one' already appears on line 2"]]);
    expect(rows[4]!.errors.map((e) => [e.column, e.code])).toEqual([
      ['firstName', 'required'],
      ['username', 'duplicate-username'],
    ]);
  });

  it('ignores a password column, console-only columns and unknown ones, and reads spreadsheet-neutralised cells back', () => {
    const text = 'username,password,Mot de passe,firstName,lastName,email,phoneMobile,twoFactor,lastSignInAt,shoe size,error\n' +
      "jo.smith,secret123456,x,'=Jo,Smith,jo@example.com,'+33 6 00 00 00 00,yes,2024-01-01,42,old message\n";
    const parsed = parseAccountsCsv(text);
    expect(parsed.mapping).toEqual(['username', null, null, 'firstName', 'lastName', 'email', 'phoneMobile', null, null, null, null]);
    expect(parsed.ignored.map((i) => [i.header, i.reason])).toEqual([
      ['password', 'password'],
      ['Mot de passe', 'password'],
      ['twoFactor', 'not-importable'],
      ['lastSignInAt', 'not-importable'],
      ['shoe size', 'unknown'],
      ['error', 'error-column'],
    ]);
    expect(parsed.rows[0]!.values).toEqual({ username: 'jo.smith', firstName: '=Jo', lastName: 'Smith', email: 'jo@example.com', phoneMobile: '+33 6 00 00 00 00' });
    expect(JSON.stringify(parsed.rows[0]!.values)).not.toContain('secret');
  });

  it('takes an explicit mapping over the header names, and checks it', () => {
    const text = 'A;B;C;D\nann;Ann;Lee;ann@example.com\n';
    expect(parseAccountsCsv(text, ['username', 'firstName', 'lastName', 'email']).rows[0]!.values).toEqual({ username: 'ann', firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com' });
    expect(parseAccountsCsv('Nom;Prénom\nxyz;y\n', ['username', null]).rows[0]!.values).toEqual({ username: 'xyz' });
    expect(invalidInput(() => parseAccountsCsv(text, ['username', 'firstName']))).toMatchObject({ path: 'mapping', code: 'length' });
    expect(invalidInput(() => parseAccountsCsv(text, ['username', 'email', 'lastName', 'email']))).toMatchObject({ path: 'mapping.3', code: 'duplicate' });
    expect(invalidInput(() => parseAccountsCsv(text, [null, 'firstName', 'lastName', 'email']))).toMatchObject({ path: 'mapping', code: 'username-required' });
    expect(invalidInput(() => parseAccountsCsv('username,password\nx,y\n', ['username', 'middleName']))).toMatchObject({ path: 'mapping.1', code: 'password' });
  });

  it('refuses what is not a CSV of accounts with a clear INVALID_INPUT', () => {
    expect(invalidInput(() => parseAccountsCsv(''))).toMatchObject({ code: 'empty' });
    expect(invalidInput(() => parseAccountsCsv('\uFEFF\r\n\r\n'))).toMatchObject({ code: 'empty' });
    const png = String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d) + 'IHDR';
    expect(invalidInput(() => parseAccountsCsv(png))).toMatchObject({ path: 'content', code: 'not-text' });
    expect(invalidInput(() => parseAccountsCsv('\uFFFD\uFFFD\u0001\u0002'.repeat(20)))).toMatchObject({ code: 'not-text' });
    // No header: the first line is data.
    expect(invalidInput(() => parseAccountsCsv('ann;Ann;Lee;ann@example.com\nbob;Bob;Ray;bob@example.com\n'))).toMatchObject({ code: 'no-header' });
    expect(invalidInput(() => parseAccountsCsv('Prénom;Nom\nAnn;Lee\n'))).toMatchObject({ code: 'username-required' });
    expect(invalidInput(() => decodeCsvBytes(new Uint8Array(IMPORT_MAX_BYTES + 1)))).toMatchObject({ code: 'too-large' });
    expect(invalidInput(() => parseAccountsCsv('username\n' + 'é'.repeat(IMPORT_MAX_BYTES / 2 + 10)))).toMatchObject({ code: 'too-large' });
  });

  it('skips empty rows, tolerates a trailing delimiter, and flags a row with more values than headers', () => {
    const text = 'username;firstName;lastName;email;\n;;;;\nann;Ann;Lee;ann@example.com;\n   \nbob;Bob;Ray;bob@example.com;extra;more\n';
    const parsed = parseAccountsCsv(text);
    expect(parsed.headers).toEqual(['username', 'firstName', 'lastName', 'email']);
    expect(parsed.rows.map((r) => [r.line, r.errors.map((e) => e.code)])).toEqual([
      [3, []],
      [5, ['too-many-values']],
    ]);
  });

  it('decodes UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252', () => {
    const text = 'username;Prénom\nlea;Léa\n';
    expect(decodeCsvBytes(new TextEncoder().encode(text))).toBe(text);
    // The BOM goes with the decoding.
    expect(decodeCsvBytes(Buffer.from(`\uFEFF${text}`, 'utf8'))).toBe(text);
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(text);
    expect(decodeCsvBytes(Buffer.from(text, 'latin1'))).toBe(text);
    // The Windows-1252 characters that Latin-1 lacks (€, ’, œ): Excel's French files hold them.
    expect(decodeCsvBytes(Buffer.from([0x80, 0x20, 0x92, 0x9c, 0xe9]))).toBe('€ ’œé');
    expect(parseAccountsCsv(decodeCsvBytes(Buffer.from(`\uFEFF${text}`, 'utf8'))).headers).toEqual(['username', 'Prénom']);
  });

  it('parses in a worker thread with the same result as inline', async () => {
    let text = 'Identifiant;Prénom;Nom;Courriel;Droits\n';
    for (let i = 0; i < 500; i++) text += `user${i};P${i};N${i};${i % 50 === 0 ? 'bad' : `user${i}@example.com`};monitoring.logs\n`;
    const setup = { workersDir: process.env.VIGIE_WORKERS_DIR!, databaseFile: '' };
    const fromWorker = await runWorker<ImportWorkerInput, ImportWorkerOutput>(setup, 'import', { content: text });
    expect(fromWorker).toEqual(parseAccountsCsv(text));
    expect(fromWorker.rows.filter((r) => r.errors.length)).toHaveLength(10);
    await expect(runWorker(setup, 'import', { content: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('reads back what Papa writes (the format of exports and rejected files)', () => {
    const csv = Papa.unparse({ fields: ['username', 'firstName', 'lastName', 'email', 'permissions'], data: [['x.y', 'X', 'Y; "Z"', 'x@example.com', 'orders.pm;orders.pb']] }, { delimiter: ',', newline: '\r\n' });
    expect(errorsOf(csv)).toEqual([]);
    expect(parseAccountsCsv(csv).rows[0]!.values).toMatchObject({ lastName: 'Y; "Z"', permissions: ['orders.pm', 'orders.pb'] });
  });
});

// --- The import through the router ------------------------------------------------------------

let t: TestBackend;
afterEach(() => t?.close());

/** A Manager, the sites Lyon and Tokyo, and a limited sub-administrator of Lyon. */
async function withSites() {
  t = startBackend();
  const { session: manager, account } = await t.setUpManager();
  const lyon = ok(await t.call(manager, 'sites.create', { name: 'Lyon' })).id;
  const tokyo = ok(await t.call(manager, 'sites.create', { name: 'Tokyo' })).id;
  const sub = await t.accountWith(manager, 'sub.lyon', ['manager.accounts', 'monitoring.logs', 'monitoring.statistics'], { adminLevel: 'limited', siteIds: [lyon] });
  return { manager, managerAccount: account, lyon, tokyo, sub };
}

const count = (sql: string, ...params: unknown[]) => (t.db.prepare(sql).get(...params) as { n: number }).n;
const accountCount = () => count('SELECT count(*) AS n FROM accounts');
const auditOf = (action: string) =>
  (t.db.prepare('SELECT target, summary, actor FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { target: string; summary: string; actor: string }[]).map((r) => ({ ...r, summary: JSON.parse(r.summary) as Record<string, unknown> }));

function readRejected(file: string): { bom: boolean; rows: Record<string, string>[]; fields: string[]; delimiter: string } {
  const text = readFileSync(file, 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  return { bom: text.startsWith('\uFEFF'), rows: parsed.data, fields: parsed.meta.fields ?? [], delimiter: parsed.meta.delimiter };
}

const FRENCH = [
  'Identifiant;Prénom;Nom;Courriel;Téléphone portable;Sites;Droits;Mot de passe',
  'lea.dubois;Léa;Dubois;lea@example.fr;+33 6 12 34 56 78;Lyon;monitoring.logs;s3cret-from-the-file',
  'marc.petit;Marc;Petit;marc@example.fr;;"Lyon;Tokyo";"monitoring.logs;monitoring.statistics";',
  'yuki.sato;ゆき;佐藤;yuki@example.jp;;Tokyo;;',
].join('\r\n');

describe('accounts.import.preview and accounts.import.commit', () => {
  it('previews a French file: mapping by header names (the password column ignored), counts, sample rows', async () => {
    const { manager } = await withSites();
    const before = accountCount();
    const preview = ok(await t.call(manager, 'accounts.import.preview', { fileName: 'comptes.csv', content: `\uFEFF${FRENCH}` }));
    expect(preview.headers).toEqual(['Identifiant', 'Prénom', 'Nom', 'Courriel', 'Téléphone portable', 'Sites', 'Droits', 'Mot de passe']);
    expect(preview.mapping).toEqual(['username', 'firstName', 'lastName', 'email', 'phoneMobile', 'sites', 'permissions', null]);
    expect(preview).toMatchObject({ rows: 3, create: 3, update: 0, unchanged: 0, invalid: 0, errors: [] });
    expect(preview.sample.map((s) => s.line)).toEqual([2, 3, 4]);
    expect(preview.sample[2]!.cells.slice(0, 3)).toEqual(['yuki.sato', 'ゆき', '佐藤']);
    // A preview writes nothing.
    expect(accountCount()).toBe(before);
  });

  it('imports every valid row in one go: sites by name, permissions, no password from the file, audited', async () => {
    const { manager, lyon, tokyo } = await withSites();
    const before = accountCount();
    const summary = ok(await t.call(manager, 'accounts.import.commit', { fileName: 'comptes.csv', content: FRENCH }));
    expect(summary).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 0, rejectedFile: null, rejectedFileError: null });
    expect(accountCount()).toBe(before + 3);

    const marc = findAccountByUsername(t.db, 'marc.petit')!;
    expect(marc).toMatchObject({ firstName: 'Marc', lastName: 'Petit', email: 'marc@example.fr', status: 'active', userType: 'business', adminLevel: 'none', mustChangePassword: true, parent: { username: MANAGER.username } });
    expect(marc.permissions).toEqual(['monitoring.logs', 'monitoring.statistics']);
    expect(marc.sites.map((s) => s.id).sort()).toEqual([lyon, tokyo].sort());
    // Never a password from the file: the account cannot sign in until a Manager issues one.
    const lea = findAccountByUsername(t.db, 'lea.dubois')!;
    expect(lea.passwordHash).toBe(NO_PASSWORD_HASH);
    expect(lea.phoneMobile).toBe('+33 6 12 34 56 78');
    expect(JSON.stringify(t.db.prepare('SELECT * FROM accounts').all())).not.toContain('s3cret');
    expect(await t.call(t.session(), 'auth.signIn', { username: 'lea.dubois', password: 's3cret-from-the-file' })).toMatchObject({ ok: false });

    const creates = auditOf('account.create').filter((r) => r.summary.source === 'import');
    expect(creates.map((r) => r.target).sort()).toEqual(['lea.dubois', 'marc.petit', 'yuki.sato']);
    expect(creates[0]!.summary).toMatchObject({ source: 'import', file: 'comptes.csv', after: { username: 'lea.dubois', sites: ['Lyon'], permissions: ['monitoring.logs'] } });
    expect(JSON.stringify(creates)).not.toContain('s3cret');
    const imports = auditOf('accounts.import');
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({ target: 'comptes.csv', actor: MANAGER.username, summary: { file: 'comptes.csv', rows: 3, created: 3, updated: 0, unchanged: 0, rejected: 0, rejectedFile: null } });
  });

  it('is idempotent: the same file again creates nothing and leaves every row unchanged', async () => {
    const { manager } = await withSites();
    ok(await t.call(manager, 'accounts.import.commit', { fileName: 'comptes.csv', content: FRENCH }));
    const after = accountCount();
    const audits = count('SELECT count(*) AS n FROM audit_log');
    const preview = ok(await t.call(manager, 'accounts.import.preview', { fileName: 'comptes.csv', content: FRENCH }));
    expect(preview).toMatchObject({ create: 0, update: 0, unchanged: 3, invalid: 0 });
    const again = ok(await t.call(manager, 'accounts.import.commit', { fileName: 'comptes.csv', content: FRENCH }));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(accountCount()).toBe(after);
    expect(count("SELECT count(*) AS n FROM accounts WHERE username = 'lea.dubois'")).toBe(1);
    // Only the import's own record: no account record for an unchanged row.
    expect(count('SELECT count(*) AS n FROM audit_log')).toBe(audits + 1);
    // Usernames ignore case: LEA.DUBOIS is the same account.
    const upper = FRENCH.replace('lea.dubois', 'LEA.DUBOIS');
    expect(ok(await t.call(manager, 'accounts.import.commit', { fileName: 'comptes.csv', content: upper }))).toMatchObject({ created: 0, unchanged: 3 });
    expect(findAccountByUsername(t.db, 'lea.dubois')!.username).toBe('lea.dubois');
  });

  it('updates a changed row (only the columns of the file), audited with before and after', async () => {
    const { manager, tokyo } = await withSites();
    ok(await t.call(manager, 'accounts.import.commit', { fileName: 'comptes.csv', content: FRENCH }));
    const marcBefore = findAccountByUsername(t.db, 'marc.petit')!;
    const changed = 'username;email;Sites;Statut;Type\nmarc.petit;marc.petit@example.fr;Tokyo;Verrouillé;employé\nlea.dubois;lea@example.fr;Lyon;;\n';
    expect(ok(await t.call(manager, 'accounts.import.preview', { fileName: 'changes.csv', content: changed }))).toMatchObject({ create: 0, update: 1, unchanged: 1, invalid: 0 });
    expect(ok(await t.call(manager, 'accounts.import.commit', { fileName: 'changes.csv', content: changed }))).toMatchObject({ created: 0, updated: 1, unchanged: 1, rejected: 0 });
    const marc = findAccountByUsername(t.db, 'marc.petit')!;
    expect(marc).toMatchObject({ email: 'marc.petit@example.fr', status: 'locked', userType: 'employee', firstName: 'Marc', lastName: 'Petit', phoneMobile: '' });
    expect(marc.sites.map((s) => s.id)).toEqual([tokyo]);
    expect(marc.permissions).toEqual(marcBefore.permissions);
    expect(marc.sessionEpoch).toBeGreaterThan(marcBefore.sessionEpoch);
    const update = auditOf('account.update').find((r) => r.target === 'marc.petit')!;
    expect(update.summary).toEqual({
      before: { email: 'marc@example.fr', userType: 'business', status: 'active', sites: ['Lyon', 'Tokyo'] },
      after: { email: 'marc.petit@example.fr', userType: 'employee', status: 'locked', sites: ['Tokyo'] },
      source: 'import',
      file: 'changes.csv',
    });
    // An existing account may be made inactive by a file; a new one may not.
    const inactive = 'username;firstName;lastName;email;status\nmarc.petit;Marc;Petit;marc.petit@example.fr;inactif\nnew.one;New;One;new@example.fr;inactive\n';
    const summary = ok(await t.call(manager, 'accounts.import.commit', { fileName: 'inactive.csv', content: inactive }));
    expect(summary).toMatchObject({ created: 0, updated: 1, rejected: 1 });
    expect(findAccountByUsername(t.db, 'marc.petit')!.status).toBe('inactive');
    expect(findAccountByUsername(t.db, 'new.one')).toBeUndefined();
    expect(readRejected(summary.rejectedFile!).rows[0]!.error).toContain('a new account is active or locked');
  });

  it('reports per-cell and per-row errors, imports the valid rows and writes the others with an error column to the rejected-imports folder', async () => {
    const { manager } = await withSites();
    const content = [
      'username;firstName;lastName;email;permissions;sites;phoneWork',
      'good.one;Good;One;good@example.fr;monitoring.logs;Lyon;=1+2',
      'bad.mail;Bad;Mail;not-an-email;;Lyon;',
      'bad.perm;Bad;Perm;perm@example.fr;"monitoring.logs;root.all";Lyon;',
      'bad.site;Bad;Site;site@example.fr;;"Lyon;Atlantis";',
      'good.one;Again;One;again@example.fr;;;',
      'good.two;Good;Two;two@example.fr;;;+33 1 23 45 67 89',
    ].join('\n');
    const preview = ok(await t.call(manager, 'accounts.import.preview', { fileName: 'mixed.csv', content }));
    expect(preview).toMatchObject({ rows: 6, create: 1, invalid: 5 });
    expect(preview.errors.map((e) => [e.line, e.column, (e as ImportIssue).code])).toEqual([
      [2, 'phoneWork', 'invalid-format'],
      [3, 'email', 'invalid-email'],
      [4, 'permissions', 'unknown-permission'],
      [5, 'sites', 'unknown-site'],
      [6, 'username', 'duplicate-username'],
    ]);
    expect(preview.errors.find((e) => e.line === 5)!.message).toBe('unknown site: Atlantis');
    expect(preview.sample[1]!.errors.map((e) => e.column)).toEqual(['email']);

    const before = accountCount();
    const summary = ok(await t.call(manager, 'accounts.import.commit', { fileName: 'mixed.csv', content }));
    expect(summary).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: 5, rejectedFileError: null });
    expect(accountCount()).toBe(before + 1);
    expect(findAccountByUsername(t.db, 'good.two')).toBeDefined();

    // The rejected file: in <dataDir>/rejected-imports, named after the original, read back with papaparse.
    const file = summary.rejectedFile!;
    expect(path.dirname(file)).toBe(path.join(t.dataDir, 'rejected-imports'));
    expect(path.basename(file)).toMatch(/^mixed-rejected-\d{8}T\d{6}Z\.csv$/);
    expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
    const rejected = readRejected(file);
    expect(rejected.bom).toBe(true);
    expect(rejected.delimiter).toBe(';');
    expect(rejected.fields).toEqual(['username', 'firstName', 'lastName', 'email', 'permissions', 'sites', 'phoneWork', 'error']);
    expect(rejected.rows.map((r) => r.username)).toEqual(['good.one', 'bad.mail', 'bad.perm', 'bad.site', 'good.one']);
    // Neutralised against formula injection, like exports.
    expect(rejected.rows[0]!.phoneWork).toBe("'=1+2");
    expect(rejected.rows[1]!.error).toBe("email: 'not-an-email' is not an e-mail address");
    expect(rejected.rows[2]!.error).toBe('permissions: unknown permission: root.all');
    expect(rejected.rows[4]!.error).toBe("username: username 'good.one' already appears on line 2");

    // Fixed and imported again, the rejected file's own error column is ignored.
    const fixed = readFileSync(file, 'utf8').replace('not-an-email', 'bad.mail@example.fr').replace("'=1+2", '01 02 03 04 05');
    const again = ok(await t.call(manager, 'accounts.import.preview', { fileName: path.basename(file), content: fixed }));
    expect(again.mapping.at(-1)).toBeNull();
    expect(again).toMatchObject({ create: 2, invalid: 3 });
  });

  it('refuses, row by row, what a limited administrator may not grant or reach', async () => {
    const { manager, sub } = await withSites();
    ok(await t.call(manager, 'accounts.create', { username: 'tokyo.only', firstName: 'T', lastName: 'O', email: 't@example.jp', password: 'a long enough password', siteIds: [2] }));
    ok(await t.call(manager, 'accounts.create', { username: 'lyon.boss', firstName: 'L', lastName: 'B', email: 'l@example.fr', password: 'a long enough password', siteIds: [1], permissions: ['api.admin'] }));
    const content = [
      'username,firstName,lastName,email,permissions,sites,adminLevel',
      'ok.lyon,Ok,Lyon,ok@example.fr,monitoring.logs,Lyon,none',
      'too.much,Too,Much,much@example.fr,api.admin,Lyon,none',
      'full.admin,Full,Admin,full@example.fr,,Lyon,full',
      'other.site,Other,Site,other@example.fr,,Tokyo,none',
      'no.site,No,Site,nosite@example.fr,,,none',
      'tokyo.only,T,O,changed@example.jp,,Tokyo,none',
      'lyon.boss,L,B,changed@example.fr,,Lyon,none',
      'sub.lyon,Me,Myself,me@example.fr,,Lyon,limited',
    ].join('\n');
    const preview = ok(await t.call(sub.session, 'accounts.import.preview', { fileName: 'sub.csv', content }));
    const byLine = new Map<number, string[]>();
    for (const e of preview.errors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), `${e.column}:${(e as ImportIssue).code}`]);
    expect(Object.fromEntries(byLine)).toEqual({
      3: ['permissions:not_grantable'],
      4: ['adminLevel:not_grantable'],
      5: ['sites:not_grantable'],
      6: ['sites:required'],
      // Outside the sub-administrator's sites: its name is just taken.
      7: ['username:taken'],
      8: ['null:more-powerful'],
      9: ['null:own-account'],
    });
    expect(preview).toMatchObject({ create: 1, invalid: 7 });
    const summary = ok(await t.call(sub.session, 'accounts.import.commit', { fileName: 'sub.csv', content }));
    expect(summary).toMatchObject({ created: 1, rejected: 7 });
    expect(findAccountByUsername(t.db, 'ok.lyon')!.parent?.username).toBe('sub.lyon');
    expect(findAccountByUsername(t.db, 'tokyo.only')!.email).toBe('t@example.jp');
    expect(readRejected(summary.rejectedFile!).rows.find((r) => r.username === 'too.much')!.error).toBe('permissions: cannot grant permissions you do not hold: api.admin');
  });

  it('imports nothing when the database fails mid-way: one transaction', async () => {
    const { manager } = await withSites();
    const before = accountCount();
    const audits = count('SELECT count(*) AS n FROM audit_log');
    // The fourth row's insert fails inside SQLite, after three rows were written.
    t.db.exec("CREATE TRIGGER import_boom BEFORE INSERT ON accounts WHEN NEW.username = 'boom' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    const content = 'username;firstName;lastName;email\nr.one;R;One;r1@x.fr\nr.two;R;Two;r2@x.fr\nbad;R;Bad;nope\nr.three;R;Three;r3@x.fr\nboom;B;Oom;boom@x.fr\nr.four;R;Four;r4@x.fr\n';
    const failed = await t.call(manager, 'accounts.import.commit', { fileName: 'boom.csv', content });
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(accountCount()).toBe(before);
    expect(count('SELECT count(*) AS n FROM audit_log')).toBe(audits);
    // No rejected file either: the import did not happen.
    expect(existsSync(path.join(t.dataDir, 'rejected-imports')) ? readdirSync(path.join(t.dataDir, 'rejected-imports')) : []).toEqual([]);
    t.db.exec('DROP TRIGGER import_boom');
    expect(ok(await t.call(manager, 'accounts.import.commit', { fileName: 'boom.csv', content }))).toMatchObject({ created: 5, rejected: 1 });
  });

  it('writes rejected rows to the folder of the setting, and still reports the import when that folder cannot be written', async () => {
    const { manager } = await withSites();
    const chosen = path.join(makeTempDir('vigie-rejected-'), 'nested', 'rejected');
    writeSetting(t.db, REJECTED_IMPORTS_SETTING, chosen, new Date().toISOString());
    const content = 'username;firstName;lastName;email\nfine.one;F;One;f@x.fr\nbad.one;B;One;nope\n';
    const summary = ok(await t.call(manager, 'accounts.import.commit', { fileName: '../../etc/évil name?.csv', content }));
    expect(path.dirname(summary.rejectedFile!)).toBe(chosen);
    expect(path.basename(summary.rejectedFile!)).toMatch(/^évil name_-rejected-\d{8}T\d{6}Z\.csv$/);
    // Same name in the same second: a second file, not an overwrite.
    const second = ok(await t.call(manager, 'accounts.import.commit', { fileName: '../../etc/évil name?.csv', content }));
    expect(second.rejectedFile).not.toBe(summary.rejectedFile);
    expect(readdirSync(chosen)).toHaveLength(2);

    // A folder that cannot be made (a file stands in the way): the import is committed anyway.
    const blocker = path.join(makeTempDir('vigie-rejected-'), 'a-file');
    writeFileSync(blocker, 'x');
    writeSetting(t.db, REJECTED_IMPORTS_SETTING, path.join(blocker, 'sub'), new Date().toISOString());
    const content2 = 'username;firstName;lastName;email\nfine.two;F;Two;f2@x.fr\nbad.two;B;Two;nope\n';
    const failed = ok(await t.call(manager, 'accounts.import.commit', { fileName: 'x.csv', content: content2 }));
    expect(failed).toMatchObject({ created: 1, rejected: 1, rejectedFile: null });
    expect((failed as typeof failed & { rejectedFileError?: string | null }).rejectedFileError).toMatch(/ENOTDIR|EEXIST/);
    expect(findAccountByUsername(t.db, 'fine.two')).toBeDefined();
    // A relative path in the setting is not taken: the default folder is.
    writeSetting(t.db, REJECTED_IMPORTS_SETTING, 'relative/dir', new Date().toISOString());
    expect(rejectedImportsDir(t.db, t.dataDir)).toBe(path.join(t.dataDir, 'rejected-imports'));
  });

  it('answers INVALID_INPUT for a file that is not a CSV of accounts, and imports nothing', async () => {
    const { manager } = await withSites();
    const before = accountCount();
    for (const content of ['', '\u0000\u0001PK\u0003\u0004binary', 'ann;Ann;Lee;ann@example.com\n']) {
      const result = await t.call(manager, 'accounts.import.commit', { fileName: 'x.csv', content });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(accountCount()).toBe(before);
  });

  it('keeps the last full Manager: a file that would deactivate it rejects that row', async () => {
    await withSites();
    const ctx = operatorContext(t.db, 'cli:tester', t.dataDir);
    const content = `username;status;firstName\n${MANAGER.username};inactive;Claire\nsub.lyon;locked;Test\n`;
    const summary = await commitImport(ctx, { fileName: 'oops.csv', content });
    expect(summary).toMatchObject({ updated: 1, rejected: 1 });
    expect(findAccountByUsername(t.db, MANAGER.username)!.status).toBe('active');
    expect(findAccountByUsername(t.db, 'sub.lyon')!.status).toBe('locked');
    expect(readRejected(summary.rejectedFile!).rows[0]!.error).toContain('last active full administrator');
    expect(auditOf('accounts.import').at(-1)!.actor).toBe('cli:tester');
  });

  it('round-trips an export: the CSV the export writes imports back identical, here and into another console', async () => {
    const { manager, lyon, tokyo } = await withSites();
    ok(await t.call(manager, 'accounts.import.commit', { fileName: 'comptes.csv', content: FRENCH }));
    ok(await t.call(manager, 'accounts.create', { username: 'formula.guy', firstName: '=cmd', middleName: 'Jr', lastName: '-Minus', email: 'f@example.fr', password: 'a long enough password', phoneWork: '+81 3 1234 5678', phoneFax: '01 02', postalAddress: '1 rue X\n69000 Lyon', userType: 'employee', adminLevel: 'limited', permissions: ['orders.pm', 'monitoring.logs'], siteIds: [lyon, tokyo], status: 'locked' }));
    const rows = listAccountRows(t.db, { filter: accountFilterSchema.parse({ includeInactive: true }), sort: { column: 'username', direction: 'asc' }, scope: { allSites: true, siteIds: [] }, now: new Date().toISOString() }, 1000, 0);
    // As the CSV export writes it: column keys as headers, accountCell values, neutralised, BOM.
    const csv = `\uFEFF${Papa.unparse({ fields: [...ACCOUNT_COLUMNS], data: rows.map((row) => ACCOUNT_COLUMNS.map((c) => neutralizeFormula(accountCell(row, c)))) }, { newline: '\r\n' })}`;

    const here = ok(await t.call(manager, 'accounts.import.preview', { fileName: 'export.csv', content: csv }));
    expect(here.mapping).toEqual([...IMPORTABLE_COLUMNS, null, null, null, null]);
    // Every account is as the file says, the Manager's own included.
    expect(here).toMatchObject({ rows: rows.length, create: 0, update: 0, unchanged: rows.length, invalid: 0 });

    const other = startBackend();
    try {
      const { session } = await other.setUpManager();
      ok(await other.call(session, 'sites.create', { name: 'Lyon' }));
      ok(await other.call(session, 'sites.create', { name: 'Tokyo' }));
      const summary = ok(await other.call(session, 'accounts.import.commit', { fileName: 'export.csv', content: csv }));
      expect(summary).toMatchObject({ created: rows.length - 1, unchanged: 1, rejected: 0 });
      const strip = (r: AccountRow) => ({ ...r, id: 0, sites: r.sites.map((s) => s.name), parent: null, createdAt: '', lastSignInAt: null, mustChangePassword: false, failedAttempts: 0, lockedUntil: null });
      const imported = listAccountRows(other.db, { filter: accountFilterSchema.parse({ includeInactive: true }), sort: { column: 'username', direction: 'asc' }, scope: { allSites: true, siteIds: [] }, now: new Date().toISOString() }, 1000, 0);
      expect(imported.map(strip)).toEqual(rows.map(strip));
      expect(findAccountByUsername(other.db, 'formula.guy')).toMatchObject({ firstName: '=cmd', lastName: '-Minus', phoneWork: '+81 3 1234 5678', postalAddress: '1 rue X\n69000 Lyon', status: 'locked' });
    } finally {
      other.close();
    }
  });

  it('reads a large file in the worker thread, with the same outcome', async () => {
    const { manager } = await withSites();
    let content = 'username,firstName,lastName,email,sites,permissions\n';
    for (let i = 0; i < 4000; i++) content += `bulk.${i},Bulk,Number ${i},bulk.${i}@example.com,Lyon,monitoring.logs;monitoring.statistics\n`;
    content += 'bulk.0,Again,Again,again@example.com,,\n';
    expect(content.length).toBeGreaterThan(INLINE_MAX_CHARS);
    const summary = ok(await t.call(manager, 'accounts.import.commit', { fileName: 'bulk.csv', content }));
    expect(summary).toMatchObject({ created: 4000, rejected: 1 });
    expect(count("SELECT count(*) AS n FROM accounts WHERE username LIKE 'bulk.%'")).toBe(4000);
    expect(auditOf('account.create').filter((r) => r.summary.file === 'bulk.csv')).toHaveLength(4000);
  }, 60_000);
});
