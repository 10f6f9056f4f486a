// Types that keep the three catalogs in step: fr is the reference; en and ja are typed as
// `Catalog`, so a missing or extra key anywhere is a compile error. CatalogChecks makes fr
// itself name every error code, permission, module, admin level, known audit action and
// sign-in reason.
import type { UserType } from '../../shared/accounts';
import type { ErrorCode } from '../../shared/errors';
import type { Module, Permission } from '../../shared/permissions';
import type { AccountStatus, AdminLevel } from '../../shared/types';
import type { KnownAuditAction } from '../features/audit/actions';
import type { SignInReason } from '../features/profile/signInReasons';
import type { fr } from './fr';

export const LANGUAGES = ['fr', 'en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Codes the renderer may show: the contract's, plus a lost connection to the main process. */
export type ClientErrorCode = ErrorCode | 'UNREACHABLE';

/** `'a.b' | 'a.c.d'` -> `{ a: { b: string; c: { d: string } } }`, matching i18next's key separator. */
type Heads<K extends string> = K extends `${infer H}.${string}` ? H : never;
type Tails<K extends string, H extends string> = K extends `${H}.${infer T}` ? T : never;
type Leaves<K extends string> = K extends `${string}.${string}` ? never : K;
type DotTree<K extends string> = { [L in Leaves<K>]: string } & { [H in Heads<K>]: DotTree<Tails<K, H>> };

export type CatalogChecks = {
  language: Record<Language | 'label', string>;
  errors: Record<ClientErrorCode, string>;
  modules: Record<Module, string>;
  permissions: DotTree<Permission>;
  adminLevels: Record<AdminLevel, string>;
  userTypes: Record<UserType, string>;
  accountStatus: Record<AccountStatus, string>;
  audit: { actions: DotTree<KnownAuditAction>; summary: { outcomes: Record<SignInReason, string> } & Record<string, unknown> } & Record<string, unknown>;
  signInReasons: Record<SignInReason, string>;
} & Record<string, unknown>;

/** The shape of a catalog: fr's keys, any text as values. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
export type Catalog = Messages<typeof fr>;
