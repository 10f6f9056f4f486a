// The Rejected imports area's services (issue 6): each function is the handler of the channel
// of the same name in shared/contract.ts. Files are named by their name only; main resolves it
// inside the configured folder (rejectedPaths.ts). Heavy reading happens in worker threads
// (rejectedRuntime.ts, rejectedViews.ts); re-importing streams the rows through the index.
//
// Audit: downloading a copy (a cancelled save dialog is recorded with `cancelled: true`, as
// logs.export does: the router wants every call of a writing channel audited), deleting
// ({name, size, sha256}), re-importing ({name, importPath, archivedPath, rows, edits}) and the
// settings. A change whose audit record cannot be stored is undone.
import { randomBytes } from 'node:crypto';
import { copyFile, link, lstat, mkdir, open, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { ChannelParsedInput, ChannelResult } from '../../shared/contract';
import { VigieError, type FieldError } from '../../shared/errors';
import { importRefOf } from '../../shared/logs';
import type { CsvEncoding, RejectedCellError, RejectedEdit, RejectedFileSummary, RejectedRow } from '../../shared/rejected';
import { writeSetting } from '../db/settings';
import type { HandlerContext } from '../ipc/context';
import { isSidecarOf, MAX_CELL_CHARS, readRowList, readRows, type CsvIndex } from '../imports/csv';
import { columnMatcher } from '../imports/csv/errors';
import type { SearchMatch } from '../logs/search';
import { ARCHIVE_FOLDER, type RejectedFolderStatus } from '../watch/rejectedFolder';
import type { LogSearchBatch, LogSearchInput, LogSearchOutput } from '../workers/logSearch';
import { runWorker } from '../workers/run';
import { monitorConfigOf } from './logSettings';
import { applyEdits, blocksReimport, checkEditedRow, editsByRow } from './rejectedChecks';
import { bomOf, csvLine, encodeText, Unrepresentable, unrepresentable } from './rejectedCsvWrite';
import { findRejected, notFound, realFolderOf, resolveRejected, sha256Of, sidecarsOf } from './rejectedPaths';
import { checkRejectedFolders, ensureFolder, IMPORT_FOLDER_SETTING, importFolderProblem, readRejectedConfig, REJECTED_POLLING_SETTING, type RejectedConfig } from './rejectedSettings';
import { REJECTED_IMPORTS_SETTING } from './folders';
import type { View } from './rejectedViews';

/** Log lines naming the file that are read for its errors. */
export const LOG_MATCHES = 1000;
/** Rows written to the corrected file per read (rows by byte range through the index). */
export const WRITE_BATCH_ROWS = 2000;
/** Rows named in a refused re-import. */
const REFUSED_ROWS_SHOWN = 20;

/** The settings, the default folder created, the watcher started (first use). */
async function watchedFolder(ctx: HandlerContext): Promise<{ config: RejectedConfig; status: RejectedFolderStatus; names: string[] }> {
  const config = readRejectedConfig(ctx.db, ctx.dataDir);
  if (config.defaultRejected) await mkdir(config.rejectedFolder, { recursive: true }).catch(() => undefined);
  const watcher = await ctx.rejected.watcher(() => config, ctx.workers);
  return { config, status: watcher.status(), names: watcher.names() };
}

export async function listRejected(ctx: HandlerContext, _input?: ChannelParsedInput<'rejected.list'>): Promise<ChannelResult<'rejected.list'>> {
  const { config, status, names } = await watchedFolder(ctx);
  const all = new Set(names);
  const files: (RejectedFileSummary & { mtimeMs: number })[] = [];
  const toScan: string[] = [];
  for (const name of names) {
    if (isSidecarOf(name, all)) continue;
    const file = path.join(config.rejectedFolder, name);
    let info;
    try {
      info = await stat(file);
    } catch {
      continue; // gone since the watcher saw it: its unlink event follows
    }
    const cached = ctx.rejected.scanOf(file, info.size, info.mtimeMs);
    if (!cached) toScan.push(file);
    files.push({ name, size: info.size, modifiedAt: new Date(info.mtimeMs).toISOString(), mtimeMs: info.mtimeMs, scan: cached?.scan ?? null, ...(cached?.problem ? { problem: cached.problem } : {}) });
  }
  ctx.rejected.queueScans(toScan);
  const importProblem = await importFolderProblem(config);
  return {
    rejectedFolder: config.rejectedFolder,
    importFolder: config.importFolder,
    polling: config.polling,
    ...(status.problem ? { problem: status.problem } : {}),
    ...(importProblem ? { importFolderProblem: importProblem } : {}),
    files: files.sort((a, b) => b.mtimeMs - a.mtimeMs || a.name.localeCompare(b.name)).map(({ mtimeMs: _m, ...f }) => f),
  };
}

export async function openRejected(ctx: HandlerContext, input: ChannelParsedInput<'rejected.open'>): Promise<ChannelResult<'rejected.open'>> {
  const { config } = await watchedFolder(ctx);
  const file = await resolveRejected(config.rejectedFolder, input.name);
  const view = await ctx.rejected.views.open(ctx.workers, { sessionId: ctx.session.id, name: file.name, key: file.path, file: file.real, size: file.size, mtimeMs: file.mtimeMs });
  void gatherLogErrors(ctx, ctx.rejected.views.get(ctx.session.id, view.viewId), view.header, view.errorColumn);
  return view;
}

/** What a log line says about the row: what follows `row 3:`, else the whole line. */
function logMessage(text: string): string {
  const after = /\b(?:row|line|ligne|rang|行)\s*(?:n[o°º]\.?\s*)?#?\s*\d{1,9}\s*[:,.\-–]?\s*(.+)$/i.exec(text);
  const message = (after?.[1] ?? text).trim();
  return message.length > 500 ? `${message.slice(0, 499)}…` : message;
}

/** Does a name read in a log line (maybe with words before it: `Import of x.csv`) name `name`? */
function namesFile(named: string, name: string): boolean {
  const a = named.toLowerCase();
  const b = name.toLowerCase();
  return a === b || a.endsWith(` ${b}`);
}

/**
 * The log entries that name the file (issue 5's monitor files, not compressed), searched once
 * per open in a logSearch worker; a line with a row number becomes an error of that row.
 * Best effort: no logs, or a search that fails, leaves the file's other errors.
 */
async function gatherLogErrors(ctx: HandlerContext, view: View, header: readonly string[], errorColumn: number | null): Promise<void> {
  const found: (RejectedCellError & { row: number })[] = [];
  try {
    const monitor = await ctx.logs.monitor(() => monitorConfigOf(ctx.db, ctx.dataDir));
    await monitor.ready();
    const files = monitor.files().filter((f) => !f.compressed && !f.problem).map((f) => f.path);
    if (files.length === 0 || view.controller.signal.aborted) return;
    const match = columnMatcher(header, errorColumn);
    const input: LogSearchInput = { files, pattern: view.name, regex: false, caseSensitive: false, maxMatches: LOG_MATCHES };
    await runWorker<LogSearchInput, LogSearchOutput>(ctx.workers, 'logSearch', input, {
      signal: view.controller.signal,
      onPartial: (data) => {
        for (const m of (data as LogSearchBatch).matches as SearchMatch[]) {
          const ref = importRefOf(m.text);
          if (!ref || ref.row === null || !namesFile(ref.name, view.name)) continue;
          const message = logMessage(m.text);
          found.push({ row: ref.row, column: match(message), message, source: 'log' });
        }
      },
    });
  } catch {
    // The logs area closing, a folder unreadable, the view closed: no log errors.
  } finally {
    if (found.length) ctx.rejected.views.setLogErrors(view.id, found);
  }
}

export async function rejectedStatus(ctx: HandlerContext, input: ChannelParsedInput<'rejected.status'>): Promise<ChannelResult<'rejected.status'>> {
  return ctx.rejected.views.status(ctx.session.id, input.viewId);
}

export async function rejectedRows(ctx: HandlerContext, input: ChannelParsedInput<'rejected.rows'>): Promise<ChannelResult<'rejected.rows'>> {
  return ctx.rejected.views.rows(ctx.session.id, input.viewId, input.from, input.count, input.onlyErrors);
}

export async function rejectedErrors(ctx: HandlerContext, input: ChannelParsedInput<'rejected.errors'>): Promise<ChannelResult<'rejected.errors'>> {
  return ctx.rejected.views.errors(ctx.session.id, input.viewId);
}

export async function closeRejected(ctx: HandlerContext, input: ChannelParsedInput<'rejected.close'>): Promise<null> {
  ctx.rejected.views.close(ctx.session.id, input.viewId);
  return null;
}

/** An error of the file system (errno code), said as FILE_ERROR on `target`; anything else as it is. */
function writeError(target: string, error: unknown): unknown {
  if (error instanceof VigieError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('E')) return error;
  const reason =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? 'permission denied'
      : code === 'ENOENT'
        ? 'the folder does not exist'
        : code === 'ENOTDIR' || code === 'EEXIST'
          ? 'a file is in the way'
          : code === 'ENOSPC'
            ? 'the disk is full'
            : (error as Error).message;
  return new VigieError('FILE_ERROR', `Cannot write ${target}: ${reason}.`);
}

export async function downloadRejected(ctx: HandlerContext, input: ChannelParsedInput<'rejected.download'>): Promise<ChannelResult<'rejected.download'>> {
  const config = readRejectedConfig(ctx.db, ctx.dataDir);
  const file = await resolveRejected(config.rejectedFolder, input.name);
  const chosen = await ctx.chooseSavePath({ suggestedName: file.name, extensions: ['csv'] });
  if (chosen === null) {
    ctx.write((audit) => audit.record({ action: 'rejected.download', targetType: 'rejectedFile', targetId: file.name, target: file.name, summary: { name: file.name, size: file.size, path: null, cancelled: true } }));
    return { path: null, bytes: 0 };
  }
  const target = path.resolve(chosen);
  const same = await realpath(target).then(
    (real) => real === file.real,
    () => false,
  );
  if (same) throw new VigieError('FILE_ERROR', `Cannot write ${target}: it is the rejected file itself; choose another place.`);
  try {
    await copyFile(file.real, target);
  } catch (error) {
    throw writeError(target, error);
  }
  const bytes = (await stat(target)).size;
  try {
    ctx.write((audit) => audit.record({ action: 'rejected.download', targetType: 'rejectedFile', targetId: file.name, target: file.name, summary: { name: file.name, size: file.size, path: target, bytes } }));
  } catch (error) {
    // No copy without its audit record.
    await rm(target, { force: true });
    throw error;
  }
  return { path: target, bytes };
}

const asideName = (name: string) => `.${name}.${randomBytes(4).toString('hex')}.deleting`;

export async function deleteRejected(ctx: HandlerContext, input: ChannelParsedInput<'rejected.delete'>): Promise<null> {
  if (input.confirmName !== input.name) {
    const message = 'type the name of the file to confirm that it is deleted for good';
    throw new VigieError('INVALID_INPUT', message, [{ path: 'confirmName', code: 'mismatch', message }]);
  }
  const config = readRejectedConfig(ctx.db, ctx.dataDir);
  const realFolder = await realFolderOf(config.rejectedFolder);
  const file = await findRejected(config.rejectedFolder, realFolder, input.name);
  if (!file) throw notFound(input.name);
  const sha256 = await sha256Of(file.real);
  const now = await stat(file.real).catch(() => null);
  if (!now || now.size !== file.size || now.mtimeMs !== file.mtimeMs) throw new VigieError('CONFLICT', `${file.name} changed while it was being deleted: look at it again.`);
  const sidecars = await sidecarsOf(realFolder, file.name);

  // Out of the way first (a dotfile: not listed), so that the audit record and the removal go
  // together: put back if the record cannot be stored.
  const moved: { from: string; to: string }[] = [];
  try {
    for (const name of [file.name, ...sidecars]) {
      const from = path.join(realFolder, name);
      const to = path.join(realFolder, asideName(name));
      await rename(from, to);
      moved.push({ from, to });
    }
    ctx.write((audit) =>
      audit.record({ action: 'rejected.delete', targetType: 'rejectedFile', targetId: file.name, target: file.name, summary: { name: file.name, size: file.size, sha256, sidecars } }),
    );
  } catch (error) {
    for (const m of moved.reverse()) await rename(m.to, m.from).catch(() => undefined);
    throw writeError(file.path, error);
  }
  for (const m of moved) await unlink(m.to).catch(() => undefined);
  ctx.rejected.views.closeFile(file.path);
  ctx.rejected.forget(file.path);
  ctx.rejected.changed();
  return null;
}

// ---- Validate and re-import ----------------------------------------------------------------

/** The view's index, once built; the reason otherwise. */
function indexOf(view: View): CsvIndex {
  if (view.index) return view.index;
  if (view.state === 'indexing') throw new VigieError('UNAVAILABLE', `${view.name} is still being read: wait until it is done.`);
  throw new VigieError('FILE_ERROR', view.problem?.message ?? `${view.name} could not be read: open it again.`);
}

function invalidEdits(fields: FieldError[]): VigieError {
  return new VigieError('INVALID_INPUT', fields[0]!.message, fields);
}

/** Edits must name a row of the file and a column of its header (not the error column). */
function checkEdits(index: CsvIndex, edits: readonly RejectedEdit[]): void {
  const columns = index.detection.hasHeader ? index.header.length : index.detection.columnCount;
  const fields: FieldError[] = [];
  edits.forEach((e, i) => {
    if (e.row > index.rowCount) fields.push({ path: `edits.${i}.row`, code: 'no-such-row', message: `row ${e.row} is past the last row (${index.rowCount})` });
    if (e.column >= columns) fields.push({ path: `edits.${i}.column`, code: 'no-such-column', message: `column ${e.column + 1} is past the last column (${columns})` });
    else if (e.column === index.detection.errorColumn) fields.push({ path: `edits.${i}.column`, code: 'error-column', message: 'the error column is left out of the corrected file: it is not edited' });
  });
  if (fields.length) throw invalidEdits(fields.slice(0, 50));
}

/** The edited rows checked again (full cells). */
async function checkedRows(ctx: HandlerContext, view: View, index: CsvIndex, byRow: Map<number, Map<number, string>>): Promise<RejectedRow[]> {
  const read = await readRowList(view.file, index, [...byRow.keys()]);
  return read.map((r) => {
    const edits = byRow.get(r.row)!;
    const original = ctx.rejected.views.rowErrors(view, index, r.row, r.cells);
    return checkEditedRow({ detection: index.detection, header: index.header }, r.row, applyEdits(r.cells, edits), original, new Set(edits.keys()));
  });
}

const cutCells = (row: RejectedRow): RejectedRow => ({ ...row, cells: row.cells.map((c) => (c.length > MAX_CELL_CHARS ? `${c.slice(0, MAX_CELL_CHARS)}…` : c)) });

/** Binary search in an ascending list. */
function has(list: Uint32Array, row: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] === row) return true;
    if (list[mid]! < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function remainingErrorRows(ctx: HandlerContext, view: View, checked: readonly RejectedRow[]): number {
  const base = ctx.rejected.views.errorRowList(view) ?? new Uint32Array(0);
  let count = base.length;
  for (const row of checked) {
    const before = has(base, row.row);
    const after = row.errors.length > 0;
    if (before && !after) count--;
    if (!before && after) count++;
  }
  return count;
}

export async function validateRejected(ctx: HandlerContext, input: ChannelParsedInput<'rejected.validate'>): Promise<ChannelResult<'rejected.validate'>> {
  const view = ctx.rejected.views.get(ctx.session.id, input.viewId);
  const index = indexOf(view);
  checkEdits(index, input.edits);
  const checked = await checkedRows(ctx, view, index, editsByRow(input.edits));
  return { rows: checked.map(cutCells), errorRows: remainingErrorRows(ctx, view, checked) };
}

/** Rows that cannot be written as they are (see rejectedChecks.ts): edited rows failing a check, ragged rows, quotes never closed. */
function refusedRows(index: CsvIndex, byRow: Map<number, Map<number, string>>, checked: readonly RejectedRow[]): string[] {
  const refused: string[] = [];
  for (const row of checked) {
    const error = row.errors.find((e) => e.source === 'file');
    if (blocksReimport(row.errors) && error) refused.push(`row ${row.row}: ${error.message}`);
  }
  const columns = index.detection.columnCount;
  for (const row of index.raggedRows) if (!byRow.has(row)) refused.push(`row ${row}: the number of fields is not the header's ${columns}`);
  for (const p of index.problems) if (p.row >= 1 && p.code === 'unclosed-quote' && !byRow.has(p.row)) refused.push(`row ${p.row}: ${p.message}`);
  return refused;
}

const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** A name in `dir` not taken: `name`, else `<stem>-<stamp><ext>` (then -2, -3…). */
async function freeName(dir: string, name: string, at: Date): Promise<string> {
  const ext = path.extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  for (let n = 0; n < 1000; n++) {
    const candidate = n === 0 ? name : `${stem}-${stamp(at)}${n > 1 ? `-${n}` : ''}${ext}`;
    try {
      await lstat(path.join(dir, candidate));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return candidate;
      throw error;
    }
  }
  throw new VigieError('CONFLICT', `too many files named like ${name} in ${dir}`);
}

/** The sidecar `sidecar` of `name`, renamed for `newName` (orders.errors.json -> orders-<stamp>.errors.json). */
function sidecarFor(sidecar: string, name: string, newName: string): string {
  if (name === newName) return sidecar;
  if (sidecar.startsWith(`${name}.`)) return newName + sidecar.slice(name.length);
  const ext = path.extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  const newExt = path.extname(newName);
  const newStem = newExt ? newName.slice(0, -newExt.length) : newName;
  return sidecar.startsWith(`${stem}.`) ? newStem + sidecar.slice(stem.length) : sidecar;
}

/** Writes the corrected rows to `temp` (created, never replaced), flushed to disk. */
async function writeCorrected(view: View, index: CsvIndex, byRow: Map<number, Map<number, string>>, temp: string, encoding: CsvEncoding): Promise<void> {
  const { delimiter, lineEnd, errorColumn, hasHeader, bomBytes } = index.detection;
  const keep = (cells: readonly string[]) => (errorColumn === null ? cells : cells.filter((_, i) => i !== errorColumn));
  const handle = await open(temp, 'wx');
  try {
    if (bomBytes > 0) await handle.write(bomOf(encoding));
    if (hasHeader) await handle.write(encodeText(csvLine(keep(index.header), delimiter, lineEnd), encoding));
    for (let from = 0; from < index.rowCount; ) {
      const rows = await readRows(view.file, index, from, WRITE_BATCH_ROWS);
      if (rows.length === 0) throw new VigieError('FILE_ERROR', `${view.name} changed since it was opened: open it again.`);
      let text = '';
      rows.forEach((cells, i) => {
        text += csvLine(keep(applyEdits(cells, byRow.get(from + i + 1))), delimiter, lineEnd);
      });
      await handle.write(encodeText(text, encoding));
      from += rows.length;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (the rename) to disk; not every system allows it. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort.
  }
}

export async function reimportRejected(ctx: HandlerContext, input: ChannelParsedInput<'rejected.reimport'>): Promise<ChannelResult<'rejected.reimport'>> {
  const view = ctx.rejected.views.get(ctx.session.id, input.viewId);
  const index = indexOf(view);
  checkEdits(index, input.edits);
  const config = readRejectedConfig(ctx.db, ctx.dataDir);
  const realFolder = await realFolderOf(config.rejectedFolder);
  const file = await findRejected(config.rejectedFolder, realFolder, view.name);
  if (!file || file.path !== view.key) throw notFound(view.name);
  if (file.real !== view.file || file.size !== index.size || file.mtimeMs !== index.mtimeMs) throw new VigieError('FILE_ERROR', `${view.name} changed since it was opened: open it again.`, [{ path: 'file', code: 'changed', message: 'changed since it was opened' }]);

  const byRow = editsByRow(input.edits);
  const checked = await checkedRows(ctx, view, index, byRow);
  const refused = refusedRows(index, byRow, checked);
  if (refused.length) {
    const more = refused.length > REFUSED_ROWS_SHOWN ? ` (and ${refused.length - REFUSED_ROWS_SHOWN} more)` : '';
    const fields = refused.slice(0, REFUSED_ROWS_SHOWN).map((message) => ({ path: 'edits', code: 'rows-in-error', message }));
    throw new VigieError('INVALID_INPUT', `${refused.length} row${refused.length === 1 ? '' : 's'} cannot be written as they are${more}: ${refused[0]}`, fields);
  }
  const encoding: CsvEncoding = input.encoding === 'same' ? index.detection.encoding : 'utf-8';
  const badEdits: FieldError[] = [];
  input.edits.forEach((e, i) => {
    const character = unrepresentable(e.value, encoding);
    if (character) badEdits.push({ path: `edits.${i}.value`, code: 'unrepresentable', message: `row ${e.row}: ${JSON.stringify(character)} cannot be written in ${encoding}; choose UTF-8` });
  });
  if (badEdits.length) throw invalidEdits(badEdits.slice(0, 50));

  await ensureFolder(config.importFolder, 'importFolder');
  const target = path.join(config.importFolder, file.name);
  const exists = await lstat(target).then(
    () => true,
    () => false,
  );
  const conflict = () => new VigieError('CONFLICT', `${target} already exists: replace it, or move it away first.`, [{ path: 'overwrite', code: 'exists', message: `${target} already exists` }]);
  if (exists && !input.overwrite) throw conflict();

  const suffix = randomBytes(4).toString('hex');
  const temp = path.join(config.importFolder, `.${file.name}.${suffix}.tmp`);
  try {
    await writeCorrected(view, index, byRow, temp, encoding);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof Unrepresentable) {
      const message = `${error.message}: choose UTF-8`;
      throw new VigieError('INVALID_INPUT', message, [{ path: 'encoding', code: 'unrepresentable', message }]);
    }
    throw writeError(target, error);
  }

  // Placed, archived, audited: all or nothing (each step undone in reverse on a failure).
  const undo: (() => Promise<unknown>)[] = [];
  let replaced: string | null = null;
  let archivedPath = '';
  /** What is being written, for the message of a failure. */
  let writing = target;
  try {
    if (input.overwrite && exists) {
      replaced = path.join(config.importFolder, `.${file.name}.${suffix}.replaced`);
      await rename(target, replaced);
      const kept = replaced;
      undo.push(() => rename(kept, target));
      await rename(temp, target);
      undo.push(() => rm(target, { force: true }));
    } else {
      // link() does not replace: a file that appeared meanwhile is not overwritten.
      let linked = false;
      try {
        await link(temp, target);
        linked = true;
        undo.push(() => rm(target, { force: true }));
        await unlink(temp);
      } catch (error) {
        if (linked) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw conflict();
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
        // A file system without hard links (FAT, some shares): checked, then renamed.
        if (await lstat(target).then(() => true, () => false)) throw conflict();
        await rename(temp, target);
        undo.push(() => rm(target, { force: true }));
      }
    }
    await syncFolder(config.importFolder);

    const archive = path.join(realFolder, ARCHIVE_FOLDER);
    writing = path.join(config.rejectedFolder, ARCHIVE_FOLDER);
    await mkdir(archive, { recursive: true });
    const now = ctx.clock.now();
    const archivedName = await freeName(archive, file.name, now);
    const sidecars = await sidecarsOf(realFolder, file.name);
    for (const [from, to] of [[file.name, archivedName], ...sidecars.map((s) => [s, sidecarFor(s, file.name, archivedName)] as const)] as const) {
      const source = path.join(realFolder, from);
      const destination = path.join(archive, from === file.name ? to : await freeName(archive, to, now));
      await rename(source, destination);
      undo.push(() => rename(destination, source));
      if (from === file.name) archivedPath = path.join(config.rejectedFolder, ARCHIVE_FOLDER, path.basename(destination));
    }
    await syncFolder(archive);

    ctx.write((audit) =>
      audit.record({
        action: 'rejected.reimport',
        targetType: 'rejectedFile',
        targetId: file.name,
        target: file.name,
        summary: {
          name: file.name,
          importPath: target,
          archivedPath,
          rows: index.rowCount,
          // The cells changed, without their values (they may be personal data).
          edits: input.edits.length,
          editedCells: input.edits.slice(0, 1000).map((e) => ({ row: e.row, column: e.column })),
          encoding,
          overwrite: input.overwrite && exists,
          sidecars,
        },
      }),
    );
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    await rm(temp, { force: true });
    throw writeError(writing, error);
  }
  if (replaced) await rm(replaced, { force: true });
  ctx.rejected.views.closeFile(file.path);
  ctx.rejected.forget(file.path);
  ctx.rejected.changed();
  return { importPath: target, archivedPath, rows: index.rowCount, encoding };
}

// ---- Settings ------------------------------------------------------------------------------

export async function updateRejectedSettings(ctx: HandlerContext, input: ChannelParsedInput<'rejected.settings.update'>): Promise<ChannelResult<'rejected.settings.update'>> {
  const { rejectedFolder, importFolder } = await checkRejectedFolders(input);
  const created: string[] = [];
  if (await ensureFolder(rejectedFolder, 'rejectedFolder')) created.push(rejectedFolder);
  if (await ensureFolder(importFolder, 'importFolder')) created.push(importFolder);
  const before = readRejectedConfig(ctx.db, ctx.dataDir);
  const at = ctx.clock.now().toISOString();
  ctx.write((audit) => {
    writeSetting(ctx.db, REJECTED_IMPORTS_SETTING, rejectedFolder, at);
    writeSetting(ctx.db, IMPORT_FOLDER_SETTING, importFolder, at);
    writeSetting(ctx.db, REJECTED_POLLING_SETTING, input.polling, at);
    audit.record({
      action: 'rejected.settings.update',
      targetType: 'settings',
      targetId: 'rejected',
      target: 'rejected imports',
      summary: {
        before: { rejectedFolder: before.rejectedFolder, importFolder: before.importFolder, polling: before.polling },
        after: { rejectedFolder, importFolder, polling: input.polling },
        created,
      },
    });
  });
  await ctx.rejected.reconfigure(readRejectedConfig(ctx.db, ctx.dataDir), ctx.workers);
  return listRejected(ctx);
}
