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
}

export interface AuthStatus {
  setupRequired: boolean;
  account: SessionAccount | null;
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
