// The Logs area's services (issue 5): each function is the handler of the channel of the same
// name in shared/contract.ts. The files are named by their key (`<folder index>/<name>`) and
// found only in the monitor's list: the renderer never names a path.
//
// Audit: changing the settings or a file's format/zone, and exporting entries (logs hold
// personal data), are recorded. A cancelled export dialog is recorded as 'logs.export' with
// `cancelled: true` and no file (the router wants every call of a writing channel audited;
// an admin starting an export of personal data and backing out is worth knowing).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ChannelParsedInput, ChannelResult } from '../../shared/contract';
import { VigieError } from '../../shared/errors';
import { logFilterPredicate, type LogFileView, type LogSettings } from '../../shared/logs';
import { writeSetting } from '../db/settings';
import type { HandlerContext } from '../ipc/context';
import type { LogMonitor, MonitoredFile } from '../logs/monitor';
import { rejectedImportsDir } from './folders';
import { suggestedLogExportName, withLogExtension, writeLogExport } from './logExport';
import { contextLines, entryView, lastEntriesOf, recentErrors, type FileRead } from './logReads';
import { checkLogSettings, fileReadOptions, LOG_SETTINGS_KEY, monitorConfigOf, readFileChoices, readLogSettings, settingsChanges, shownZone, validZone, writeFileChoices, type FileChoice } from './logSettings';

/** The monitor, started on first use, once it has scanned the folders. */
async function readyMonitor(ctx: HandlerContext): Promise<LogMonitor> {
  const monitor = await ctx.logs.monitor(() => monitorConfigOf(ctx.db, ctx.dataDir));
  await monitor.ready();
  return monitor;
}

function fileOf(monitor: LogMonitor, key: string): MonitoredFile {
  const file = monitor.file(key);
  if (!file) throw new VigieError('NOT_FOUND', `no log file ${key} in the watched folders`);
  return file;
}

function fileView(file: MonitoredFile, settings: LogSettings, choice: FileChoice | undefined): LogFileView {
  const options = fileReadOptions(settings, choice);
  const format = choice?.format ?? file.detectedFormat;
  return {
    key: file.key,
    folder: file.folder,
    name: file.name,
    size: file.size,
    modifiedAt: file.modifiedAt,
    compressed: file.compressed,
    format,
    detectedFormat: file.detectedFormat,
    formatOverride: choice?.format ?? null,
    timeZone: shownZone(options, format),
    timeZoneOverride: choice?.timeZone ?? null,
    encoding: file.encoding,
    ...(file.problem ? { problem: file.problem } : {}),
  };
}

/** How each file is read: the admin's format (else the monitor's detection) and zone. */
function readsOf(ctx: HandlerContext, files: readonly MonitoredFile[]): FileRead[] {
  const settings = readLogSettings(ctx.db, ctx.dataDir);
  const choices = readFileChoices(ctx.db);
  return files.map((file) => {
    const options = fileReadOptions(settings, choices[file.path]);
    const format = options.format ?? file.detectedFormat ?? undefined;
    return { file, options: { ...options, ...(format ? { format } : {}) } };
  });
}

/** The files named (each must be known), else every file that is not compressed. */
function chosenFiles(monitor: LogMonitor, keys: readonly string[] | undefined, includeCompressed: boolean): MonitoredFile[] {
  if (keys) return [...new Set(keys)].map((key) => fileOf(monitor, key));
  return monitor.files().filter((f) => includeCompressed || !f.compressed);
}

/** The rejected-imports folder's names: listed now for a read, at most 2 s old for the live tail. */
async function rejectedNames(ctx: HandlerContext, fresh: boolean) {
  return ctx.logs.rejectedNames(rejectedImportsDir(ctx.db, ctx.dataDir), { fresh });
}

function overviewOf(ctx: HandlerContext, monitor: LogMonitor): ChannelResult<'logs.overview'> {
  const settings = readLogSettings(ctx.db, ctx.dataDir);
  const choices = readFileChoices(ctx.db);
  // The cursor first: what changes after it comes through logs.tail.
  const cursor = monitor.cursor();
  return {
    settings,
    folders: monitor.folders().map((f) => ({ path: f.path, ok: f.ok, ...(f.problem ? { problem: f.problem } : {}) })),
    files: monitor.files().map((f) => fileView(f, settings, choices[f.path])),
    cursor,
  };
}

export async function logsOverview(ctx: HandlerContext, _input?: ChannelParsedInput<'logs.overview'>): Promise<ChannelResult<'logs.overview'>> {
  return overviewOf(ctx, await readyMonitor(ctx));
}

async function readLast(ctx: HandlerContext, input: { files?: string[] | undefined; limit?: number | undefined }): Promise<ChannelResult<'logs.entries'>> {
  const monitor = await readyMonitor(ctx);
  // Taken before reading: anything appended meanwhile comes again through logs.tail, with the
  // same id (the viewer replaces it), so nothing is missed.
  const cursor = monitor.cursor();
  const files = chosenFiles(monitor, input.files, false);
  const limit = input.limit ?? readLogSettings(ctx.db, ctx.dataDir).lastEntries;
  return lastEntriesOf(readsOf(ctx, files), limit, await rejectedNames(ctx, true), cursor);
}

export async function lastLogEntries(ctx: HandlerContext, input: ChannelParsedInput<'logs.entries'>): Promise<ChannelResult<'logs.entries'>> {
  return readLast(ctx, input);
}

export async function logTail(ctx: HandlerContext, input: ChannelParsedInput<'logs.tail'>): Promise<ChannelResult<'logs.tail'>> {
  const monitor = await readyMonitor(ctx);
  const batch = monitor.tail(input.cursor);
  const rejected = await rejectedNames(ctx, false);
  return {
    entries: batch.entries.map((e) => entryView(e, e.key, e.generation, rejected)),
    changes: batch.changes,
    cursor: batch.cursor,
    reset: batch.reset,
  };
}

export async function logContext(ctx: HandlerContext, input: ChannelParsedInput<'logs.context'>): Promise<ChannelResult<'logs.context'>> {
  const monitor = await readyMonitor(ctx);
  const file = fileOf(monitor, input.file);
  if (file.compressed) throw new VigieError('FILE_ERROR', `${file.name} is compressed: its lines are found by the search, not shown in place.`);
  return contextLines(file.key, file.path, input.offset, input.before, input.after, file.encoding);
}

export async function startLogSearch(ctx: HandlerContext, input: ChannelParsedInput<'logs.search.start'>): Promise<ChannelResult<'logs.search.start'>> {
  const monitor = await readyMonitor(ctx);
  const files = chosenFiles(monitor, input.files, true);
  return ctx.logs.searches.start(ctx.workers, {
    sessionId: ctx.session.id,
    files: files.map((f) => ({ key: f.key, path: f.path })),
    pattern: input.pattern,
    regex: input.regex,
    caseSensitive: input.caseSensitive,
    maxMatches: input.maxMatches,
    bytesTotal: files.reduce((sum, f) => sum + f.size, 0),
  });
}

export async function logSearchResults(ctx: HandlerContext, input: ChannelParsedInput<'logs.search.results'>): Promise<ChannelResult<'logs.search.results'>> {
  return ctx.logs.searches.results(ctx.session.id, input.searchId, input.from);
}

export async function cancelLogSearch(ctx: HandlerContext, input: ChannelParsedInput<'logs.search.cancel'>): Promise<null> {
  ctx.logs.searches.cancel(ctx.session.id, input.searchId);
  return null;
}

export async function exportLogEntries(ctx: HandlerContext, input: ChannelParsedInput<'logs.export'>): Promise<ChannelResult<'logs.export'>> {
  let keep: ReturnType<typeof logFilterPredicate>;
  try {
    keep = logFilterPredicate(input.filter);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new VigieError('INVALID_INPUT', `Invalid regular expression: ${reason}`, [{ path: 'filter.text', code: 'invalid_regex', message: reason }]);
  }
  const read = await readLast(ctx, input);
  const entries = read.entries.filter(keep);
  const monitor = await readyMonitor(ctx);
  const labels = new Map(monitor.files().map((f) => [f.key, path.join(f.folder, f.name)]));
  const now = ctx.clock.now();
  const summary = { format: input.format, files: input.files ?? null, limit: input.limit ?? null, filter: input.filter };

  const chosen = await ctx.chooseSavePath({ suggestedName: suggestedLogExportName(input.format, now), extensions: [input.format] });
  if (chosen === null) {
    ctx.write((audit) => audit.record({ action: 'logs.export', targetType: 'logs', targetId: null, target: 'no file written', summary: { ...summary, cancelled: true, rows: 0, path: null } }));
    return { path: null, format: input.format, rows: 0, bytes: 0 };
  }
  const target = withLogExtension(path.resolve(chosen), input.format);
  let bytes: number;
  try {
    bytes = await writeLogExport(target, input.format, entries, (key) => labels.get(key) ?? key);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'the folder does not exist' : code === 'ENOSPC' ? 'the disk is full' : (error as Error).message;
    throw new VigieError('FILE_ERROR', `Cannot write ${target}: ${reason}.`);
  }
  try {
    ctx.write((audit) =>
      audit.record({ action: 'logs.export', targetType: 'logs', targetId: null, target: `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`, summary: { ...summary, rows: entries.length, path: target } }),
    );
  } catch (error) {
    // No export without its audit record.
    await rm(target, { force: true });
    throw error;
  }
  return { path: target, format: input.format, rows: entries.length, bytes };
}

/** The error counts are cached per minute of `since`: the dashboard polls without reading files again. */
const SINCE_STEP_MS = 60_000;

export async function logErrorCount(ctx: HandlerContext, input: ChannelParsedInput<'logs.errorCount'>): Promise<ChannelResult<'logs.errorCount'>> {
  const monitor = await readyMonitor(ctx);
  const sinceMs = Math.floor((ctx.clock.now().getTime() - input.hours * 3600_000) / SINCE_STEP_MS) * SINCE_STEP_MS;
  const files = monitor.files().filter((f) => !f.compressed && !f.problem);
  let count = 0;
  let capped = false;
  for (const read of readsOf(ctx, files)) {
    try {
      const r = await recentErrors(read, sinceMs, ctx.logs.errorCounts);
      count += r.count;
      capped ||= r.capped;
    } catch {
      // A file gone or unreadable since the listing: the Logs area says why; the count goes on.
    }
  }
  return { count, since: new Date(sinceMs).toISOString(), capped };
}

export async function updateLogSettings(ctx: HandlerContext, input: ChannelParsedInput<'logs.settings.update'>): Promise<ChannelResult<'logs.settings.update'>> {
  const after = checkLogSettings(input);
  const before = readLogSettings(ctx.db, ctx.dataDir);
  ctx.write((audit) => {
    writeSetting(ctx.db, LOG_SETTINGS_KEY, after, ctx.clock.now().toISOString());
    audit.record({ action: 'logs.settings.update', targetType: 'settings', targetId: 'logs', target: 'logs', summary: settingsChanges(before, after) });
  });
  await ctx.logs.reconfigure(monitorConfigOf(ctx.db, ctx.dataDir));
  return logsOverview(ctx);
}

export async function updateLogFileSettings(ctx: HandlerContext, input: ChannelParsedInput<'logs.fileSettings.update'>): Promise<ChannelResult<'logs.fileSettings.update'>> {
  const monitor = await readyMonitor(ctx);
  const file = fileOf(monitor, input.file);
  if (input.timeZone !== null && !validZone(input.timeZone)) {
    throw new VigieError('INVALID_INPUT', `unknown time zone: ${input.timeZone}`, [{ path: 'timeZone', code: 'invalid_time_zone', message: `unknown time zone: ${input.timeZone}` }]);
  }
  ctx.write((audit) => {
    const choices = readFileChoices(ctx.db);
    const before = choices[file.path] ?? {};
    const after: FileChoice = { ...(input.format ? { format: input.format } : {}), ...(input.timeZone ? { timeZone: input.timeZone } : {}) };
    if (after.format || after.timeZone) choices[file.path] = after;
    else delete choices[file.path];
    writeFileChoices(ctx.db, choices, ctx.clock.now().toISOString());
    audit.record({
      action: 'logs.fileSettings.update',
      targetType: 'logFile',
      targetId: file.path,
      target: path.join(file.folder, file.name),
      summary: { before: { format: before.format ?? null, timeZone: before.timeZone ?? null }, after: { format: after.format ?? null, timeZone: after.timeZone ?? null } },
    });
  });
  await ctx.logs.reconfigure(monitorConfigOf(ctx.db, ctx.dataDir));
  const settings = readLogSettings(ctx.db, ctx.dataDir);
  const now = monitor.file(input.file) ?? file;
  return fileView(now, settings, readFileChoices(ctx.db)[now.path]);
}
