// The rules of account management that both sides need: user types and what they allow, the
// columns of the accounts list (shown, sorted, exported, imported) and the list's filters.
// The main process enforces them; the renderer uses them to offer only what is allowed.
import { z } from 'zod';
import { ALL_PERMISSIONS, type Permission } from './permissions';
import type { AccountStatus, AdminLevel } from './types';

export const USER_TYPES = ['business', 'employee', 'readonly'] as const;
export type UserType = (typeof USER_TYPES)[number];

export const ADMIN_LEVELS: readonly AdminLevel[] = ['none', 'limited', 'full'];
export const ADMIN_RANK: Record<AdminLevel, number> = { none: 0, limited: 1, full: 2 };
export const ACCOUNT_STATUSES: readonly AccountStatus[] = ['active', 'locked', 'inactive'];

/**
 * What each user type may hold. A business account may get every feature; an employee works
 * with monitoring and orders and may manage accounts of its sites; a read-only account only
 * reads statistics and logs and is never an administrator.
 */
export const USER_TYPE_LIMITS: Record<UserType, { permissions: readonly Permission[]; maxAdminLevel: AdminLevel }> = {
  business: { permissions: ALL_PERMISSIONS, maxAdminLevel: 'full' },
  employee: {
    permissions: ['manager.accounts', 'monitoring.statistics', 'monitoring.logs', 'monitoring.infrastructure', 'orders.pm', 'orders.pb', 'orders.links', 'orders.pto'],
    maxAdminLevel: 'limited',
  },
  readonly: { permissions: ['monitoring.statistics', 'monitoring.logs'], maxAdminLevel: 'none' },
};

export function permissionAllowedFor(userType: UserType, permission: Permission): boolean {
  return USER_TYPE_LIMITS[userType].permissions.includes(permission);
}

export function adminLevelAllowedFor(userType: UserType, level: AdminLevel): boolean {
  return ADMIN_RANK[level] <= ADMIN_RANK[USER_TYPE_LIMITS[userType].maxAdminLevel];
}

/** Columns an import can set; the others (two-factor, parent, dates) are the console's own. */
export const IMPORTABLE_COLUMNS = [
  'username',
  'firstName',
  'middleName',
  'lastName',
  'email',
  'phoneWork',
  'phoneMobile',
  'phoneLandline',
  'phoneFax',
  'postalAddress',
  'userType',
  'adminLevel',
  'status',
  'permissions',
  'sites',
] as const;
export type ImportableColumn = (typeof IMPORTABLE_COLUMNS)[number];

/** Columns of the accounts list, in their default order; the same keys name export and import columns. */
export const ACCOUNT_COLUMNS = [...IMPORTABLE_COLUMNS, 'twoFactor', 'parent', 'lastSignInAt', 'createdAt'] as const;
export type AccountColumn = (typeof ACCOUNT_COLUMNS)[number];

/** Columns shown when the admin has chosen none. */
export const DEFAULT_LIST_COLUMNS: readonly AccountColumn[] = ['username', 'lastName', 'firstName', 'email', 'userType', 'adminLevel', 'status', 'sites', 'lastSignInAt'];

/** Columns the list can be sorted by (each has an index). */
export const SORTABLE_COLUMNS = ['username', 'lastName', 'firstName', 'email', 'status', 'userType', 'adminLevel', 'lastSignInAt', 'createdAt'] as const satisfies readonly AccountColumn[];
export type SortColumn = (typeof SORTABLE_COLUMNS)[number];

export const LIST_PAGE_SIZES = [10, 25, 50, 100] as const;

const isoDateTime = z.iso.datetime({ offset: true });

/** The filters of the accounts list; exports take the same, so they write what the list shows. */
export const accountFilterSchema = z
  .object({
    /** Full-text search over username, names, email and phones (prefix match per word). */
    query: z.string().max(200).default(''),
    includeInactive: z.boolean().default(false),
    /** Any of these statuses (empty: all, subject to includeInactive). */
    statuses: z.array(z.enum(['active', 'locked', 'inactive'])).max(3).default([]),
    /** Only accounts that cannot sign in now: status locked, or a temporary lockout running. */
    lockedOnly: z.boolean().default(false),
    permission: z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]).optional(),
    /** Only accounts assigned to this site (the header's site selector). */
    siteId: z.number().int().positive().optional(),
    userType: z.enum(USER_TYPES).optional(),
    adminLevel: z.enum(['none', 'limited', 'full']).optional(),
    twoFactor: z.boolean().optional(),
    lastSignInAfter: isoDateTime.optional(),
    lastSignInBefore: isoDateTime.optional(),
    /** Only accounts that never signed in. */
    neverSignedIn: z.boolean().default(false),
  })
  .strict();
export type AccountFilter = z.output<typeof accountFilterSchema>;
export type AccountFilterInput = z.input<typeof accountFilterSchema>;

export const accountSortSchema = z
  .object({
    column: z.enum(SORTABLE_COLUMNS).default('username'),
    direction: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();
export type AccountSort = z.output<typeof accountSortSchema>;

export const EXPORT_FORMATS = ['csv', 'xlsx', 'docx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Separator of several permissions or sites in one cell (exports and imports). */
export const LIST_SEPARATOR = ';';

/**
 * Header names recognised when mapping an imported CSV's columns, in French and English,
 * compared after lower-casing and dropping accents, spaces and punctuation.
 */
export const IMPORT_HEADER_ALIASES: Record<AccountColumn, readonly string[]> = {
  username: ['username', 'user', 'login', 'identifiant', 'nomdutilisateur', 'utilisateur'],
  firstName: ['firstname', 'givenname', 'prenom'],
  middleName: ['middlename', 'secondprenom', 'deuxiemeprenom', 'autresprenoms'],
  lastName: ['lastname', 'surname', 'familyname', 'nom', 'nomdefamille'],
  email: ['email', 'mail', 'emailaddress', 'courriel', 'adressecourriel', 'adresseemail', 'adressemail'],
  phoneWork: ['phonework', 'workphone', 'phone', 'telephone', 'telephonepro', 'telephoneprofessionnel', 'teltravail', 'telephonetravail'],
  phoneMobile: ['phonemobile', 'mobile', 'mobilephone', 'cellphone', 'portable', 'telephoneportable', 'telephonemobile'],
  phoneLandline: ['phonelandline', 'landline', 'homephone', 'fixe', 'telephonefixe'],
  phoneFax: ['phonefax', 'fax', 'telecopie', 'numerodefax'],
  postalAddress: ['postaladdress', 'address', 'adresse', 'adressepostale'],
  userType: ['usertype', 'type', 'typedutilisateur', 'typeutilisateur'],
  adminLevel: ['adminlevel', 'administrator', 'administration', 'niveaudadministration', 'administrateur', 'privileges'],
  status: ['status', 'state', 'statut', 'etat'],
  permissions: ['permissions', 'rights', 'droits', 'autorisations'],
  sites: ['sites', 'site'],
  twoFactor: ['twofactor', '2fa', 'doubleauthentification'],
  parent: ['parent', 'createdby', 'creepar'],
  lastSignInAt: ['lastsignin', 'lastsigninat', 'lastlogin', 'derniereconnexion'],
  createdAt: ['createdat', 'created', 'creele', 'datedecreation'],
};


/** Lower case, no accents, letters and digits only: how headers are compared. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The column a header names, if any. */
export function columnForHeader(header: string): ImportableColumn | undefined {
  const key = normalizeHeader(header);
  if (!key) return undefined;
  return IMPORTABLE_COLUMNS.find((column) => normalizeHeader(column) === key || IMPORT_HEADER_ALIASES[column].includes(key));
}

/**
 * Cells an export writes as text that a spreadsheet would otherwise run as a formula
 * (CWE-1236): a leading = + - @, tab or carriage return gets a leading apostrophe.
 */
export function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
