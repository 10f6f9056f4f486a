// Data shapes that cross the IPC boundary (results of channels). Plain JSON: no Date, no Buffer.
import type { AccountColumn, ExportFormat, ImportableColumn, UserType } from './accounts';
import type { Permission } from './permissions';

export type AccountStatus = 'active' | 'locked' | 'inactive';
export type AdminLevel = 'none' | 'limited' | 'full';

export interface SessionAccount {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  adminLevel: AdminLevel;
  permissions: Permission[];
  mustChangePassword: boolean;
  twoFactorEnabled: boolean;
  /** A small data: URL (WebP) or null. */
  avatar: string | null;
}

export interface AuthStatus {
  setupRequired: boolean;
  account: SessionAccount | null;
  /** The session is idle-locked: the screen stays, a password unlocks it (auth.unlockSession). */
  idleLocked: boolean;
  /** Minutes without activity before the idle lock. */
  idleLockMinutes: number;
  /** Until when sensitive actions need no new confirmation (ISO), if confirmed recently. */
  confirmedUntil: string | null;
}

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
}

export interface TwoFactorEnrolment {
  /** Base32 secret, for typing into an authenticator app. */
  secret: string;
  otpauthUri: string;
  /** The otpauth URI as a QR code, an SVG document. */
  qrSvg: string;
}

export interface SignInRecord {
  at: string;
  success: boolean;
  /** ok, bad-password, unknown-user, inactive, locked, lockout, bad-code, recovery-code, setup… */
  reason: string;
  origin: string;
}

export interface Profile {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  phoneWork: string;
  phoneMobile: string;
  phoneLandline: string;
  avatar: string | null;
  adminLevel: AdminLevel;
  permissions: Permission[];
  createdAt: string;
  passwordChangedAt: string | null;
  twoFactor: TwoFactorStatus;
  /** The last 20 sign-in attempts on this account, newest first. */
  recentSignIns: SignInRecord[];
}

export interface TemporaryPassword {
  accountId: number;
  username: string;
  /** Shown once; never stored in clear. */
  temporaryPassword: string;
  expiresAt: string;
}

export interface SecuritySettings {
  lockoutThreshold: number;
  lockoutMinutes: number;
  idleLockMinutes: number;
  temporaryPasswordHours: number;
}

export interface AppHealth {
  status: 'ok' | 'db-error';
  version: string;
  dataDir: string;
  /** Why the database cannot be used (only when status is `db-error`). */
  problem?: string;
  /** Set when the app was started with --demo: the sample Manager's sign-in. */
  demo?: { username: string; password: string };
}

export interface DashboardCounts {
  accountsByStatus: Record<AccountStatus, number>;
  administratorsByLevel: { full: number; limited: number };
  signInsLast24h: { succeeded: number; failed: number };
  auditRecords: number;
  sites: { active: number; retired: number };
}

export interface AccountSummary {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  status: AccountStatus;
  adminLevel: AdminLevel;
  permissions: Permission[];
  lastSignInAt: string | null;
  createdAt: string;
  twoFactorEnabled: boolean;
  /** A temporary lockout after failed sign-ins runs until then (ISO), or null. */
  lockedUntil: string | null;
  failedAttempts: number;
  mustChangePassword: boolean;
  middleName: string;
  userType: UserType;
  /** Sites the account is assigned to (retired ones included, marked). */
  sites: SiteRef[];
  /** The administrator who created the account, if it still exists. */
  parent: { id: number; username: string } | null;
  /**
   * Whether the caller may change this account: within its sites, and holding at least its
   * permissions and level (no taking over a more powerful account).
   */
  manageable: boolean;
}

export interface SiteRef {
  id: number;
  name: string;
  retired: boolean;
}

export interface Site {
  id: number;
  name: string;
  /** Retired sites keep their accounts' assignments but are offered no more. */
  retiredAt: string | null;
  createdAt: string;
  /** Accounts assigned to the site. */
  accounts: number;
}

/** One account with everything the edit form and the detail panel show. */
export interface AccountDetail extends AccountSummary {
  phoneWork: string;
  phoneMobile: string;
  phoneLandline: string;
  phoneFax: string;
  postalAddress: string;
  /** Sub-administrators this account created. */
  children: { id: number; username: string; adminLevel: AdminLevel; status: AccountStatus }[];
  recentSignIns: SignInRecord[];
  /** Why the caller may not change it, when `manageable` is false. */
  notManageableReason: 'own-account' | 'outside-sites' | 'more-powerful' | null;
}

/** What the signed-in administrator may grant (the form offers only these). */
export interface GrantOptions {
  permissions: Permission[];
  adminLevels: AdminLevel[];
  /** Sites it may assign (active ones only). */
  sites: SiteRef[];
  /** Full administrators see and manage every site. */
  allSites: boolean;
}

export interface EffectivePermission {
  permission: Permission;
  held: boolean;
  /**
   * granted: given to the account (by `grantedBy` when known); not-granted; blocked: granted
   * but not allowed for its user type, so without effect.
   */
  source: 'granted' | 'not-granted' | 'blocked-by-user-type';
  grantedBy: string | null;
  grantedAt: string | null;
}

export interface PermissionReport {
  accountId: number;
  username: string;
  firstName: string;
  middleName: string;
  lastName: string;
  userType: UserType;
  adminLevel: AdminLevel;
  status: AccountStatus;
  /** Every permission of the catalog, held or not, with where it comes from. */
  permissions: EffectivePermission[];
  sites: SiteRef[];
  /** Full administrators act on every site whatever their assignments. */
  allSites: boolean;
  parent: string | null;
  generatedAt: string;
}

export interface SignInListRow {
  id: number;
  at: string;
  accountId: number | null;
  username: string;
  success: boolean;
  reason: string;
  origin: string;
}

export interface ExportResult {
  /** Where the file was written, or null when the admin cancelled the save dialog. */
  path: string | null;
  format: ExportFormat;
  rows: number;
  bytes: number;
}

export interface ImportCellError {
  /** 1-based line of the data row in the file (the header is line 1). */
  line: number;
  column: ImportableColumn | null;
  /** 'required', 'invalid-email', 'unknown-site', 'not_grantable'…: the window words it in the admin's language. */
  code: string;
  message: string;
}

export interface ImportPreview {
  headers: string[];
  /** For each header, the column it feeds (null: ignored). */
  mapping: (ImportableColumn | null)[];
  rows: number;
  /** Rows that would create an account, change one, or are already as the file says. */
  create: number;
  update: number;
  unchanged: number;
  invalid: number;
  /** Headers of the file that feed no column, and why. */
  ignored: { index: number; header: string; reason: 'password' | 'not-importable' | 'unknown' | 'duplicate' | 'error-column' | 'unmapped' }[];
  /** The first rows as read, with their errors, for the preview table. */
  sample: { line: number; cells: string[]; errors: ImportCellError[] }[];
  /** Errors of invalid rows (the first 1000). */
  errors: ImportCellError[];
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The CSV of rejected rows (with an `error` column) in the rejected-imports folder. */
  rejectedFile: string | null;
  /** Why that file could not be written (the import itself stands). */
  rejectedFileError: string | null;
}

export type { AccountColumn, ExportFormat, ImportableColumn, UserType };

export interface Page<T> {
  rows: T[];
  total: number;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actorId: number | null;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  target: string;
  summary: Record<string, unknown>;
  hash: string;
}
