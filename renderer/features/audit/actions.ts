// The audit actions the console knows how to name. The action filter offers these even
// before they occur; an action missing here is still listed, under its raw name.
export const KNOWN_AUDIT_ACTIONS = [
  'setup.firstManager',
  'auth.signIn',
  'auth.signInFailed',
  'auth.signOut',
  'account.create',
  'account.lock',
  'account.deactivate',
  'access.denied',
] as const;

export type KnownAuditAction = (typeof KNOWN_AUDIT_ACTIONS)[number];

export function isKnownAuditAction(action: string): action is KnownAuditAction {
  return (KNOWN_AUDIT_ACTIONS as readonly string[]).includes(action);
}
