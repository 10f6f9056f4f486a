// Data shapes that cross the IPC boundary (results of channels). Plain JSON: no Date, no Buffer.
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
}

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
