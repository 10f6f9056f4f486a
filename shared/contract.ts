// The one IPC contract: every channel once, with its input schema, its result type and who
// may call it. The router (main/ipc/router.ts), the Electron binding, the e2e bridge and the
// renderer's typed client are all derived from this object; nothing else defines a channel.
import { z } from 'zod';
import { accountFilterSchema, accountSortSchema, EXPORT_FORMATS, IMPORTABLE_COLUMNS, ACCOUNT_COLUMNS, USER_TYPES } from './accounts';
import { LOG_FORMATS, MAX_LAST_ENTRIES, logFilterSchema } from './logs';
import type * as L from './logs';
import type * as R from './rejected';
import type { Access, Permission } from './permissions';
import { ALL_PERMISSIONS } from './permissions';
import type { AccountStatus, AdminLevel } from './types';
import type * as T from './types';

export interface ChannelDef<I extends z.ZodType, O> {
  input: I;
  access: Access;
  /** Writes data: runs in a transaction that must record at least one audit entry. */
  writes: boolean;
  /** Largest accepted input, in bytes of JSON. */
  maxBytes: number;
  /**
   * Sensitive: the acting admin must have confirmed their identity (auth.confirm) within the
   * last STEP_UP_WINDOW_MS, else the router answers STEP_UP_REQUIRED.
   */
  stepUp: boolean;
  /** Still callable while the session must change its password first (else PASSWORD_CHANGE_REQUIRED). */
  duringPasswordChange: boolean;
  /** Still callable while the session is idle-locked (else SESSION_LOCKED). */
  whileIdleLocked: boolean;
  /** At most `max` calls per `windowMs` per session (window or bridge connection), else RATE_LIMITED. */
  rateLimit?: { max: number; windowMs: number };
  /** Phantom field carrying the result type; never set at run time. */
  readonly result?: O;
}

const DEFAULT_MAX_BYTES = 64 * 1024;

export const STEP_UP_WINDOW_MS = 5 * 60 * 1000;

interface ChannelOptions<I> {
  input: I;
  access: Access;
  writes?: boolean;
  maxBytes?: number;
  stepUp?: boolean;
  duringPasswordChange?: boolean;
  whileIdleLocked?: boolean;
  rateLimit?: { max: number; windowMs: number };
}

function channel<O>() {
  return <I extends z.ZodType>(def: ChannelOptions<I>): ChannelDef<I, O> => ({
    input: def.input,
    access: def.access,
    writes: def.writes ?? false,
    maxBytes: def.maxBytes ?? DEFAULT_MAX_BYTES,
    stepUp: def.stepUp ?? false,
    // Public channels answer anyone, whatever the state of a session.
    duringPasswordChange: def.duringPasswordChange ?? def.access === 'public',
    whileIdleLocked: def.whileIdleLocked ?? def.access === 'public',
    ...(def.rateLimit ? { rateLimit: def.rateLimit } : {}),
  });
}

/** Sign-in attempts per session (window or bridge connection) and minute, whatever the account. */
const AUTH_RATE = { max: 20, windowMs: 60_000 };

const none = z.object({}).strict();

// Field rules shared by the setup screen and account creation.
export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only');
export const personNameSchema = z.string().trim().min(1).max(100);
export const emailSchema = z.string().trim().max(254).email();
/** NIST SP 800-63B: length only, any Unicode, at least 64 allowed (we allow 128). */
export const passwordSchema = z.string().min(12).max(128);
/** A TOTP code (6 digits, spaces allowed) or a recovery code (xxxxx-xxxxx). */
export const totpCodeSchema = z.string().trim().regex(/^\d{3} ?\d{3}$/, 'six digits');
export const recoveryCodeSchema = z.string().trim().regex(/^[a-z2-7]{5}-?[a-z2-7]{5}$/i, 'ten letters and digits');
export const phoneSchema = z.string().trim().max(40).regex(/^[+\d\s().\/-]*$/, 'digits, spaces and + ( ) . / - only');
const accountId = z.number().int().positive();
export const permissionSchema = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]);
export const accountStatusSchema = z.enum(['active', 'locked', 'inactive'] satisfies AccountStatus[]);
export const adminLevelSchema = z.enum(['none', 'limited', 'full'] satisfies AdminLevel[]);
const isoDate = z.iso.datetime({ offset: true });
const siteId = z.number().int().positive();
export const siteNameSchema = z.string().trim().min(1).max(100);
export const userTypeSchema = z.enum(USER_TYPES);
/** Free text on a few lines (a postal address). */
export const postalAddressSchema = z.string().trim().max(500);
export const middleNameSchema = z.string().trim().max(100);

/** The fields of an account an administrator sets, on creation and on edit. */
export const accountFieldsSchema = z.object({
  username: usernameSchema,
  firstName: personNameSchema,
  middleName: middleNameSchema.default(''),
  lastName: personNameSchema,
  email: emailSchema,
  phoneWork: phoneSchema.default(''),
  phoneMobile: phoneSchema.default(''),
  phoneLandline: phoneSchema.default(''),
  phoneFax: phoneSchema.default(''),
  postalAddress: postalAddressSchema.default(''),
  userType: userTypeSchema.default('business'),
  adminLevel: adminLevelSchema.default('none'),
  permissions: z.array(permissionSchema).max(64).default([]),
  siteIds: z.array(siteId).max(500).default([]),
});

/** The fields of an account an administrator sets (defaults applied). */
export type AccountFields = z.output<typeof accountFieldsSchema>;

/** Largest CSV an import accepts (its text, UTF-8). */
export const IMPORT_MAX_BYTES = 16 * 1024 * 1024;
const importInputSchema = z
  .object({
    fileName: z.string().trim().min(1).max(255),
    content: z.string().max(IMPORT_MAX_BYTES),
    /** For each header of the file, the column it feeds (null: ignored); omitted: mapped by header names. */
    mapping: z.array(z.enum(IMPORTABLE_COLUMNS).nullable()).max(200).optional(),
  })
  .strict();
const logFileKey = z.string().min(1).max(4096);
const searchId = z.string().regex(/^[\w-]{1,64}$/);
/** 'local' (this machine's zone), 'UTC' or an IANA zone name; main checks that the zone exists. */
const timeZoneSchema = z.string().trim().min(1).max(64);
export const logSettingsSchema = z
  .object({
    folders: z.array(z.string().trim().min(1).max(4096)).min(1).max(20),
    patterns: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
    lastEntries: z.number().int().min(100).max(MAX_LAST_ENTRIES),
    polling: z.boolean(),
    defaultTimeZone: timeZoneSchema,
  })
  .strict();

/** A file name inside the rejected-imports folder (main checks it stays there). */
const rejectedName = z.string().min(1).max(255);
const rejectedEdit = z.object({ row: z.number().int().min(1), column: z.number().int().min(0).max(10_000), value: z.string().max(100_000) }).strict();
/** Deleting or re-importing a rejected file: a Manager or an Orders administrator (issue 6). */
const REJECTED_CHANGE = { anyOf: ALL_PERMISSIONS.filter((p) => p.startsWith('manager.') || p.startsWith('orders.')) } as const;

/** Largest avatar image accepted, before resizing. */
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;

export const contract = {
  'app.health': channel<T.AppHealth>()({ input: none, access: 'public' }),

  'auth.status': channel<T.AuthStatus>()({ input: none, access: 'public' }),
  'auth.setup': channel<T.SessionAccount>()({
    input: z
      .object({
        username: usernameSchema,
        firstName: personNameSchema,
        lastName: personNameSchema,
        email: emailSchema,
        password: passwordSchema,
      })
      .strict(),
    access: 'public',
    writes: true,
  }),
  'auth.signIn': channel<T.SessionAccount>()({
    // Sign-in accepts any string up to the limits: rules are for choosing a password.
    // With two-factor on, a first call without `code`/`recoveryCode` answers
    // TWO_FACTOR_REQUIRED (only once the password is right); the screen then sends all again.
    input: z
      .object({
        username: z.string().max(254),
        password: z.string().max(1024),
        code: z.string().max(20).optional(),
        recoveryCode: z.string().max(40).optional(),
      })
      .strict(),
    access: 'public',
    // Every attempt is recorded (sign_in_attempts + audit), so sign-in and sign-out write.
    writes: true,
    rateLimit: AUTH_RATE,
  }),
  'auth.signOut': channel<null>()({ input: none, access: 'signedIn', writes: true, duringPasswordChange: true, whileIdleLocked: true }),
  /** Ends every session of the signed-in account, this one included. */
  'auth.signOutEverywhere': channel<null>()({ input: none, access: 'signedIn', writes: true, duringPasswordChange: true }),
  'auth.changePassword': channel<T.SessionAccount>()({
    input: z.object({ currentPassword: z.string().max(1024), newPassword: passwordSchema }).strict(),
    access: 'signedIn',
    writes: true,
    duringPasswordChange: true,
    rateLimit: AUTH_RATE,
  }),
  /** Step-up confirmation: re-enter one's password (and code) to unlock sensitive actions for 5 minutes. */
  'auth.confirm': channel<{ confirmedUntil: string }>()({
    input: z.object({ password: z.string().max(1024), code: z.string().max(20).optional() }).strict(),
    access: 'signedIn',
    writes: true,
    rateLimit: AUTH_RATE,
  }),
  /** Ends the idle lock of this session (the screen behind it is kept). */
  'auth.unlockSession': channel<T.SessionAccount>()({
    input: z.object({ password: z.string().max(1024), code: z.string().max(20).optional() }).strict(),
    access: 'signedIn',
    writes: true,
    whileIdleLocked: true,
    rateLimit: AUTH_RATE,
  }),
  /** The admin is active in the window (keys, pointer) though no call was made: delays the idle lock. */
  'auth.activity': channel<null>()({ input: none, access: 'signedIn', duringPasswordChange: true }),

  'twoFactor.status': channel<T.TwoFactorStatus>()({ input: none, access: 'signedIn' }),
  'twoFactor.beginEnrolment': channel<T.TwoFactorEnrolment>()({ input: none, access: 'signedIn', stepUp: true }),
  'twoFactor.confirmEnrolment': channel<{ recoveryCodes: string[] }>()({
    input: z.object({ code: totpCodeSchema }).strict(),
    access: 'signedIn',
    writes: true,
    rateLimit: AUTH_RATE,
  }),
  'twoFactor.disable': channel<null>()({
    input: z.object({ password: z.string().max(1024), code: z.string().max(40) }).strict(),
    access: 'signedIn',
    writes: true,
    rateLimit: AUTH_RATE,
  }),
  'twoFactor.regenerateRecoveryCodes': channel<{ recoveryCodes: string[] }>()({
    input: z.object({ password: z.string().max(1024), code: totpCodeSchema }).strict(),
    access: 'signedIn',
    writes: true,
    rateLimit: AUTH_RATE,
  }),

  'profile.get': channel<T.Profile>()({ input: none, access: 'signedIn' }),
  'profile.update': channel<T.Profile>()({
    input: z
      .object({
        firstName: personNameSchema,
        lastName: personNameSchema,
        phoneWork: phoneSchema,
        phoneMobile: phoneSchema,
        phoneLandline: phoneSchema,
      })
      .strict(),
    access: 'signedIn',
    writes: true,
  }),
  'profile.changeEmail': channel<T.Profile>()({
    input: z.object({ currentPassword: z.string().max(1024), email: emailSchema }).strict(),
    access: 'signedIn',
    writes: true,
    rateLimit: AUTH_RATE,
  }),
  /** The image as base64 (PNG, JPEG or WebP, checked by content; at most AVATAR_MAX_BYTES). */
  'profile.setAvatar': channel<T.Profile>()({
    input: z.object({ imageBase64: z.string().max(Math.ceil((AVATAR_MAX_BYTES * 4) / 3) + 8) }).strict(),
    access: 'signedIn',
    writes: true,
    maxBytes: Math.ceil((AVATAR_MAX_BYTES * 4) / 3) + 1024,
  }),
  'profile.removeAvatar': channel<T.Profile>()({ input: none, access: 'signedIn', writes: true }),

  'accounts.unlock': channel<T.AccountSummary>()({ input: z.object({ accountId }).strict(), access: 'manager.accounts', writes: true }),
  'accounts.resetPassword': channel<T.TemporaryPassword>()({ input: z.object({ accountId }).strict(), access: 'manager.accounts', writes: true, stepUp: true }),
  'accounts.resetTwoFactor': channel<T.AccountSummary>()({ input: z.object({ accountId }).strict(), access: 'manager.accounts', writes: true, stepUp: true }),
  'accounts.signIns': channel<T.SignInRecord[]>()({
    input: z.object({ accountId, limit: z.number().int().min(1).max(200).default(20) }).strict(),
    access: 'manager.accounts',
  }),

  'settings.security.get': channel<T.SecuritySettings>()({ input: none, access: 'signedIn' }),
  'settings.security.update': channel<T.SecuritySettings>()({
    input: z
      .object({
        lockoutThreshold: z.number().int().min(3).max(20),
        lockoutMinutes: z.number().int().min(1).max(24 * 60),
        idleLockMinutes: z.number().int().min(1).max(8 * 60),
        temporaryPasswordHours: z.number().int().min(1).max(7 * 24),
      })
      .strict(),
    access: 'manager.settings',
    writes: true,
  }),

  'dashboard.counts': channel<T.DashboardCounts>()({ input: none, access: 'signedIn' }),

  'accounts.list': channel<T.Page<T.AccountSummary>>()({
    input: z
      .object({
        filter: accountFilterSchema.default(accountFilterSchema.parse({})),
        sort: accountSortSchema.default({ column: 'username', direction: 'asc' }),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    access: 'manager.accounts',
  }),
  'accounts.get': channel<T.AccountDetail>()({ input: z.object({ accountId }).strict(), access: 'manager.accounts' }),
  /** What the signed-in administrator may grant: the create/edit form offers only these. */
  'accounts.grantOptions': channel<T.GrantOptions>()({ input: none, access: 'manager.accounts' }),
  'accounts.create': channel<T.AccountSummary>()({
    input: accountFieldsSchema
      .extend({
        password: passwordSchema,
        // Inactive only by editing later: a new account is meant to be used.
        status: z.enum(['active', 'locked']).default('active'),
      })
      .strict(),
    access: 'manager.accounts',
    writes: true,
  }),
  'accounts.update': channel<T.AccountSummary>()({
    input: accountFieldsSchema.extend({ accountId, status: accountStatusSchema }).strict(),
    access: 'manager.accounts',
    writes: true,
  }),
  /** The recommended path: the account keeps its data and history but cannot sign in. */
  'accounts.deactivate': channel<T.AccountSummary>()({ input: z.object({ accountId }).strict(), access: 'manager.accounts', writes: true }),
  'accounts.activate': channel<T.AccountSummary>()({ input: z.object({ accountId }).strict(), access: 'manager.accounts', writes: true }),
  /** Irreversible: the username typed again as confirmation, and a recent step-up. */
  'accounts.delete': channel<null>()({
    input: z.object({ accountId, confirmUsername: z.string().max(64) }).strict(),
    access: 'manager.accounts',
    writes: true,
    stepUp: true,
  }),
  'accounts.permissionReport': channel<T.PermissionReport[]>()({
    input: z.object({ accountIds: z.array(accountId).min(1).max(1000) }).strict(),
    access: 'manager.accounts',
  }),
  /**
   * Writes what the list shows (same filter, sort and columns) to a file the admin picks in a
   * native save dialog; progress comes as 'task.progress' events carrying `taskId`.
   */
  'accounts.export': channel<T.ExportResult>()({
    input: z
      .object({
        format: z.enum(EXPORT_FORMATS),
        filter: accountFilterSchema.default(accountFilterSchema.parse({})),
        sort: accountSortSchema.default({ column: 'username', direction: 'asc' }),
        columns: z.array(z.enum(ACCOUNT_COLUMNS)).min(1).max(ACCOUNT_COLUMNS.length),
        /**
         * The column titles as the admin reads them (XLSX, DOCX, PDF), one per column; CSV always
         * uses the column keys, so that the file imports back as it is. Default: the keys.
         */
        headers: z.array(z.string().max(200)).max(ACCOUNT_COLUMNS.length).optional(),
        taskId: z.string().regex(/^[\w-]{1,64}$/).optional(),
        /** The title and the line under it of a DOCX or PDF, in the admin's language; `{count}` becomes the number of accounts. */
        title: z.string().trim().max(200).optional(),
        subtitle: z.string().trim().max(300).optional(),
      })
      .strict()
      .refine((input) => input.headers === undefined || input.headers.length === input.columns.length, {
        path: ['headers'],
        message: 'one header per column',
      }),
    access: 'manager.accounts',
    // Exporting personal data is recorded in the audit trail (a cancelled one too: see services/exports.ts).
    writes: true,
  }),
  /** Reads a CSV (its text) and says what importing it would do, row by row, cell by cell. */
  'accounts.import.preview': channel<T.ImportPreview>()({
    input: importInputSchema,
    access: 'manager.accounts',
    maxBytes: IMPORT_MAX_BYTES + 64 * 1024,
  }),
  /** Imports every valid row in one transaction; invalid rows go to the rejected-imports folder. */
  'accounts.import.commit': channel<T.ImportSummary>()({
    input: importInputSchema,
    access: 'manager.accounts',
    writes: true,
    maxBytes: IMPORT_MAX_BYTES + 64 * 1024,
  }),

  'sites.list': channel<T.Site[]>()({ input: z.object({ includeRetired: z.boolean().default(false) }).strict(), access: 'signedIn' }),
  'sites.create': channel<T.Site>()({ input: z.object({ name: siteNameSchema }).strict(), access: 'manager.accounts', writes: true }),
  'sites.rename': channel<T.Site>()({ input: z.object({ siteId, name: siteNameSchema }).strict(), access: 'manager.accounts', writes: true }),
  'sites.retire': channel<T.Site>()({ input: z.object({ siteId }).strict(), access: 'manager.accounts', writes: true }),
  'sites.restore': channel<T.Site>()({ input: z.object({ siteId }).strict(), access: 'manager.accounts', writes: true }),

  /** Recent sign-in attempts of every account in the caller's scope, newest first. */
  'signIns.list': channel<T.Page<T.SignInListRow>>()({
    input: z
      .object({
        username: z.string().max(100).optional(),
        outcome: z.enum(['all', 'succeeded', 'failed']).default('all'),
        from: isoDate.optional(),
        to: isoDate.optional(),
        siteId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    access: 'manager.accounts',
  }),

  /** Folders, files (format, zone, encoding, problems) and settings of the Logs area. */
  'logs.overview': channel<L.LogsOverview>()({ input: none, access: 'monitoring.logs' }),
  /** The last entries of the chosen files (default: every file but `.gz`), merged by time; `limit` defaults to the setting. */
  'logs.entries': channel<L.LogEntriesResult>()({
    input: z.object({ files: z.array(logFileKey).max(1000).optional(), limit: z.number().int().min(1).max(MAX_LAST_ENTRIES).optional() }).strict(),
    access: 'monitoring.logs',
  }),
  /** What was appended since `cursor` (live tail); a 'logs.changed' event says when to ask. */
  'logs.tail': channel<L.LogTailResult>()({ input: z.object({ cursor: z.number().int().min(0) }).strict(), access: 'monitoring.logs' }),
  /** The lines around an entry (by its byte offset), as written in the file. */
  'logs.context': channel<L.LogContext>()({
    input: z
      .object({
        file: logFileKey,
        offset: z.number().int().min(0),
        before: z.number().int().min(0).max(500).default(20),
        after: z.number().int().min(0).max(500).default(20),
      })
      .strict(),
    access: 'monitoring.logs',
  }),
  /** Starts a search of whole files (`.gz` included) in a worker; progress comes as 'logs.search.progress'. */
  'logs.search.start': channel<{ searchId: string; bytesTotal: number }>()({
    input: z
      .object({
        files: z.array(logFileKey).max(1000).optional(),
        pattern: z.string().min(1).max(1000),
        regex: z.boolean().default(false),
        caseSensitive: z.boolean().default(false),
        maxMatches: z.number().int().min(1).max(100_000).default(10_000),
      })
      .strict(),
    access: 'monitoring.logs',
  }),
  /** The state of a search of this session and its hits from `from` on (at most 1000 a call). */
  'logs.search.results': channel<L.LogSearchStatus>()({ input: z.object({ searchId, from: z.number().int().min(0).default(0) }).strict(), access: 'monitoring.logs' }),
  'logs.search.cancel': channel<null>()({ input: z.object({ searchId }).strict(), access: 'monitoring.logs' }),
  /** Writes the entries the viewer shows (same files, count and filter) as CSV or JSON lines to a file chosen in the save dialog. */
  'logs.export': channel<L.LogExportResult>()({
    input: z
      .object({
        format: z.enum(['csv', 'jsonl']),
        files: z.array(logFileKey).max(1000).optional(),
        limit: z.number().int().min(1).max(MAX_LAST_ENTRIES).optional(),
        filter: logFilterSchema.default(logFilterSchema.parse({})),
      })
      .strict(),
    access: 'monitoring.logs',
    // Logs hold personal data: an export is recorded in the audit trail.
    writes: true,
  }),
  /** ERROR/CRITICAL/FATAL entries of the last `hours` (the dashboard's figure). */
  'logs.errorCount': channel<L.LogErrorCount>()({ input: z.object({ hours: z.number().int().min(1).max(24 * 7).default(24) }).strict(), access: 'monitoring.logs' }),
  /** Folders, patterns, number of entries, polling, default zone; the watchers restart. */
  'logs.settings.update': channel<L.LogsOverview>()({ input: logSettingsSchema, access: 'manager.settings', writes: true }),
  /** The format and time zone of one file, chosen by hand (null: back to detection / the default zone). */
  'logs.fileSettings.update': channel<L.LogFileView>()({
    input: z.object({ file: logFileKey, format: z.enum(LOG_FORMATS).nullable(), timeZone: timeZoneSchema.nullable() }).strict(),
    access: 'monitoring.logs',
    writes: true,
  }),

  /** The rejected-imports folder, the import folder and the rejected files (indexed in the background). */
  'rejected.list': channel<R.RejectedFolderView>()({ input: none, access: 'monitoring.logs' }),
  /** Opens a rejected file: detection and first rows at once, the index in a worker ('rejected.progress' events). */
  'rejected.open': channel<R.RejectedView>()({ input: z.object({ name: rejectedName }).strict(), access: 'monitoring.logs' }),
  'rejected.status': channel<R.RejectedViewStatus>()({ input: z.object({ viewId: searchId }).strict(), access: 'monitoring.logs' }),
  /** Rows of an open file by position among all rows, or among the rows in error. */
  'rejected.rows': channel<R.RejectedRowsPage>()({
    input: z
      .object({ viewId: searchId, from: z.number().int().min(0), count: z.number().int().min(1).max(1000), onlyErrors: z.boolean().default(false) })
      .strict(),
    access: 'monitoring.logs',
  }),
  /** The errors of an open file grouped by message, with counts. */
  'rejected.errors': channel<{ groups: R.RejectedErrorGroup[]; errorRows: number }>()({ input: z.object({ viewId: searchId }).strict(), access: 'monitoring.logs' }),
  'rejected.close': channel<null>()({ input: z.object({ viewId: searchId }).strict(), access: 'monitoring.logs' }),
  /** Writes a copy where the admin chooses (save dialog); the original is untouched. Audited. */
  'rejected.download': channel<R.RejectedDownloadResult>()({ input: z.object({ name: rejectedName }).strict(), access: 'monitoring.logs', writes: true }),
  /** Irreversible: the name typed again. Audited with size and SHA-256; nothing remembers the name afterwards. */
  'rejected.delete': channel<null>()({
    input: z.object({ name: rejectedName, confirmName: z.string().max(255) }).strict(),
    access: REJECTED_CHANGE,
    writes: true,
  }),
  /** The edited rows checked again (nothing written). */
  'rejected.validate': channel<R.RejectedValidation>()({
    input: z.object({ viewId: searchId, edits: z.array(rejectedEdit).max(10_000) }).strict(),
    access: 'monitoring.logs',
    maxBytes: 8 * 1024 * 1024,
  }),
  /**
   * Writes the rows with the edits applied as a new CSV in the import folder (same delimiter,
   * the file's encoding or UTF-8; the error column left out), atomically, then moves the rejected
   * file into `archive/`. CONFLICT when the target exists and `overwrite` is not set. Audited.
   */
  'rejected.reimport': channel<R.RejectedReimportResult>()({
    input: z
      .object({
        viewId: searchId,
        edits: z.array(rejectedEdit).max(10_000),
        encoding: z.enum(['same', 'utf-8']).default('same'),
        overwrite: z.boolean().default(false),
      })
      .strict(),
    access: REJECTED_CHANGE,
    writes: true,
    maxBytes: 8 * 1024 * 1024,
  }),
  /** The rejected-imports and import folders (absolute paths) and polling; the watcher restarts. */
  'rejected.settings.update': channel<R.RejectedFolderView>()({
    input: z.object({ rejectedFolder: z.string().trim().min(1).max(4096), importFolder: z.string().trim().min(1).max(4096), polling: z.boolean() }).strict(),
    access: 'manager.settings',
    writes: true,
  }),

  'audit.list': channel<T.Page<T.AuditRecord> & { actions: string[] }>()({
    input: z
      .object({
        actor: z.string().max(100).optional(),
        action: z.string().max(100).optional(),
        target: z.string().max(200).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    access: 'manager.rights',
  }),
} as const;

/** Push events from main to the renderer. */
export const events = {
  /** Something changed in these areas; views showing them reload. */
  'data.changed': z.object({ areas: z.array(z.string()) }),
  /** Progress of a long task (an export) that its caller named with `taskId`. */
  'task.progress': z.object({ taskId: z.string(), done: z.number(), total: z.number() }),
  /** Log files changed: entries were appended (ask logs.tail with your cursor), or files came, went or were rotated (`files`: reload logs.overview). No log content: the router checks who reads it. */
  'logs.changed': z.object({ cursor: z.number(), files: z.boolean() }),
  /** Progress of a log search (logs.search.start); hits are read with logs.search.results. */
  'logs.search.progress': z.object({ searchId: z.string(), state: z.enum(['running', 'done', 'cancelled', 'failed']), bytesDone: z.number(), bytesTotal: z.number(), found: z.number() }),
  /** Files of the rejected-imports folder came, changed, went or were indexed: reload rejected.list. */
  'rejected.changed': z.object({}),
  /** Progress of the index of an open rejected file (rejected.open). */
  'rejected.progress': z.object({ viewId: z.string(), state: z.enum(['indexing', 'done', 'failed', 'cancelled']), bytesDone: z.number(), bytesTotal: z.number(), rows: z.number() }),
  /** The session's sign-in state may have changed (signed out elsewhere, rights changed): ask auth.status. */
  'auth.changed': z.object({}),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ChannelParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>;
export type ChannelResult<K extends ChannelName> = NonNullable<Contract[K]['result']> extends never ? null : Exclude<Contract[K]['result'], undefined>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** What both transports expose to the renderer as `window.vigie`. */
export interface VigieBridge {
  call(channel: string, input: unknown): Promise<import('./errors').Result<unknown>>;
  /** Subscribes to a push event; returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}
