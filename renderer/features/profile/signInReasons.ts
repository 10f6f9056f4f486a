// Why a sign-in attempt succeeded or failed, as the main process records it (sign_in_attempts
// and the audit trail). Each one has a translation (i18n/types.ts checks it); an unknown reason
// is shown as recorded.
export const KNOWN_SIGN_IN_REASONS = ['ok', 'bad-password', 'unknown-user', 'inactive', 'locked', 'lockout', 'bad-code', 'recovery-code', 'setup', 'temporary-expired'] as const;

export type SignInReason = (typeof KNOWN_SIGN_IN_REASONS)[number];
