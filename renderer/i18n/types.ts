// Types that keep the three catalogs in step: fr is the reference; en and ja are typed as
// `Catalog`, so a missing or extra key anywhere is a compile error. CatalogChecks makes fr
// itself name every error code, permission, module, admin level and known audit action.
import type { ErrorCode } from '../../shared/errors';
import type { Module, Permission } from '../../shared/permissions';
import type { AccountStatus, AdminLevel } from '../../shared/types';
import type { KnownAuditAction } from '../features/audit/actions';
import type { fr } from './fr';

export const LANGUAGES = ['fr', 'en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Codes the renderer may show: the contract's, plus a lost connection to the main process. */
export type ClientErrorCode = ErrorCode | 'UNREACHABLE';

/** `'a.b' | 'a.c'` -> `{ a: { b: string; c: string } }`, matching i18next's key separator. */
type DotTree<K extends string> = {
  [Head in K extends `${infer H}.${string}` ? H : never]: {
    [Tail in K extends `${Head}.${infer T}` ? T : never]: string;
  };
};

export type CatalogChecks = {
  language: Record<Language | 'label', string>;
  errors: Record<ClientErrorCode, string>;
  modules: Record<Module, string>;
  permissions: DotTree<Permission>;
  adminLevels: Record<AdminLevel, string>;
  accountStatus: Record<AccountStatus, string>;
  audit: { actions: DotTree<KnownAuditAction> } & Record<string, unknown>;
} & Record<string, unknown>;

/** The shape of a catalog: fr's keys, any text as values. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
export type Catalog = Messages<typeof fr>;
