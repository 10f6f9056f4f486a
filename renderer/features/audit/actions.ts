// The audit actions the console knows how to name. The action filter offers these even
// before they occur; an action missing here is still listed, under its raw name.
export const KNOWN_AUDIT_ACTIONS = [
  'setup.firstManager',
  'auth.signIn',
  'auth.signInFailed',
  'auth.signOut',
  'auth.signOutEverywhere',
  'auth.confirm',
  'auth.confirmFailed',
  'auth.unlockSession',
  'auth.unlockSessionFailed',
  'auth.changePassword',
  'auth.changePasswordFailed',
  'account.create',
  'account.update',
  'account.lock',
  'account.deactivate',
  'account.activate',
  'account.delete',
  'account.unlock',
  'account.resetPassword',
  'account.resetTwoFactor',
  'twoFactor.enable',
  'twoFactor.disable',
  'twoFactor.disableFailed',
  'twoFactor.regenerateRecoveryCodes',
  'twoFactor.regenerateRecoveryCodesFailed',
  'profile.update',
  'profile.changeEmail',
  'profile.setAvatar',
  'profile.removeAvatar',
  'settings.security.update',
  'site.create',
  'site.rename',
  'site.retire',
  'site.restore',
  'accounts.import',
  'accounts.export',
  'accounts.exportCancelled',
  'logs.settings.update',
  'logs.fileSettings.update',
  'logs.export',
  'access.denied',
] as const;

export type KnownAuditAction = (typeof KNOWN_AUDIT_ACTIONS)[number];

export function isKnownAuditAction(action: string): action is KnownAuditAction {
  return (KNOWN_AUDIT_ACTIONS as readonly string[]).includes(action);
}
