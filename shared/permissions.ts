// The permission catalog: the platform's modules and what each lets an administrator do.
// The router enforces these for every channel; the renderer only uses them to hide what a
// session cannot use.

export const PERMISSION_CATALOG = [
  {
    module: 'manager',
    permissions: ['manager.accounts', 'manager.rights', 'manager.settings'],
  },
  {
    module: 'monitoring',
    permissions: ['monitoring.statistics', 'monitoring.logs', 'monitoring.infrastructure'],
  },
  {
    module: 'orders',
    permissions: ['orders.pm', 'orders.pb', 'orders.links', 'orders.pto'],
  },
  {
    module: 'api',
    permissions: ['api.admin'],
  },
] as const;

export type Module = (typeof PERMISSION_CATALOG)[number]['module'];
export type Permission = (typeof PERMISSION_CATALOG)[number]['permissions'][number];

export const ALL_PERMISSIONS: readonly Permission[] = PERMISSION_CATALOG.flatMap((m) => m.permissions);
export const MODULES: readonly Module[] = PERMISSION_CATALOG.map((m) => m.module);

export function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as readonly string[]).includes(value);
}

export function moduleOf(permission: Permission): Module {
  return permission.slice(0, permission.indexOf('.')) as Module;
}

/** A Manager is an account holding every permission of the Manager module. */
export const MANAGER_PERMISSIONS: readonly Permission[] = PERMISSION_CATALOG[0].permissions;

export function isManager(permissions: Iterable<Permission>): boolean {
  const held = new Set(permissions);
  return MANAGER_PERMISSIONS.every((p) => held.has(p));
}

/**
 * Who may call a channel: anyone (sign-in screens), any signed-in session, one permission, or
 * any one of several (deleting a rejected import: a Manager or an Orders administrator).
 */
export type Access = 'public' | 'signedIn' | Permission | { readonly anyOf: readonly Permission[] };

export function allows(access: Access, signedIn: boolean, permissions: ReadonlySet<Permission>): boolean {
  if (access === 'public') return true;
  if (!signedIn) return false;
  if (access === 'signedIn') return true;
  if (typeof access === 'object') return access.anyOf.some((p) => permissions.has(p));
  return permissions.has(access);
}

/** The permissions an access names (none for public and signedIn). */
export function permissionsOf(access: Access): readonly Permission[] {
  if (access === 'public' || access === 'signedIn') return [];
  return typeof access === 'object' ? access.anyOf : [access];
}

/** The access as words for a refusal: `manager.accounts`, `manager.accounts or orders.pm`. */
export function describeAccess(access: Access): string {
  return typeof access === 'object' ? access.anyOf.join(' or ') : access;
}
