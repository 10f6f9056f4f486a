// The console's settings that services read at run time: account security (lockout, idle
// lock, temporary passwords) and the display name used as the issuer of two-factor codes.
import { contract } from '../../shared/contract';
import type { SecuritySettings } from '../../shared/types';
import type { Db } from '../db/connection';
import { readSetting, readSettings, writeSetting } from '../db/settings';
import type { HandlerContext } from '../ipc/context';

export const DEFAULT_SECURITY_SETTINGS: Readonly<SecuritySettings> = Object.freeze({
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  idleLockMinutes: 15,
  temporaryPasswordHours: 72,
});

const SECURITY_PREFIX = 'security.';
const SECURITY_KEYS = Object.keys(DEFAULT_SECURITY_SETTINGS) as (keyof SecuritySettings)[];
// The same bounds as the update channel, so a value edited in the file by hand cannot set,
// say, a lockout of zero attempts.
const securityShape = contract['settings.security.update'].input.shape;

/** The security settings, each one its stored value if valid, else its default. */
export function securitySettings(db: Db): SecuritySettings {
  const stored = readSettings(db, SECURITY_PREFIX);
  const settings = { ...DEFAULT_SECURITY_SETTINGS };
  for (const key of SECURITY_KEYS) {
    const parsed = securityShape[key].safeParse(stored[key]);
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings;
}

export function updateSecuritySettings(ctx: HandlerContext, input: SecuritySettings): SecuritySettings {
  return ctx.write((audit) => {
    const before = securitySettings(ctx.db);
    const now = ctx.clock.now().toISOString();
    for (const key of SECURITY_KEYS) writeSetting(ctx.db, `${SECURITY_PREFIX}${key}`, input[key], now);
    const after = securitySettings(ctx.db);
    audit.record({ action: 'settings.security.update', targetType: 'settings', targetId: 'security', target: 'security', summary: { before, after } });
    return after;
  });
}

export const DEFAULT_DISPLAY_NAME = 'Vigie';

/** The name the console shows for itself (`branding.displayName`), also the TOTP issuer. */
export function displayName(db: Db): string {
  const value = readSetting(db, 'branding.displayName');
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 100) : DEFAULT_DISPLAY_NAME;
}
