// The handler of every channel of the contract: thin calls into the services.
import { auditActions, countAudit, listAudit } from '../db/audit';
import { dashboardCounts } from '../db/accounts';
import {
  activateAccount,
  createAccount,
  deactivateAccount,
  deleteAccount,
  getAccount,
  grantOptions,
  listAccountsFor,
  permissionReport,
  recentSignIns,
  resetPassword,
  resetTwoFactor,
  signInsOf,
  unlockAccount,
  updateAccount,
} from '../services/accounts';
import { exportAccounts } from '../services/exports';
import { commitImport, previewImport } from '../services/imports';
import {
  cancelLogSearch,
  exportLogEntries,
  lastLogEntries,
  logContext,
  logErrorCount,
  logSearchResults,
  logsOverview,
  logTail,
  startLogSearch,
  updateLogFileSettings,
  updateLogSettings,
} from '../services/logs';
import {
  closeRejected,
  deleteRejected,
  downloadRejected,
  listRejected,
  openRejected,
  reimportRejected,
  rejectedErrors,
  rejectedRows,
  rejectedStatus,
  updateRejectedSettings,
  validateRejected,
} from '../services/rejected';
import { createSite, renameSite, restoreSite, retireSite, sitesFor } from '../services/sites';
import { authStatus, changePassword, confirmIdentity, reportActivity, setUpFirstManager, signIn, signOut, signOutEverywhere, unlockSession } from '../services/auth';
import { changeEmail, getProfile, removeAvatar, setAvatar, updateProfile } from '../services/profile';
import { securitySettings, updateSecuritySettings } from '../services/settings';
import { beginEnrolment, confirmEnrolment, disableTwoFactor, regenerateRecoveryCodes, twoFactorStatusOf } from '../services/twoFactor';
import type { AppHealth } from '../../shared/types';
import type { Handlers } from './router';

const DAY_MS = 24 * 60 * 60 * 1000;

export function createHandlers(health: () => AppHealth): Handlers {
  return {
    'app.health': () => health(),

    'auth.status': (ctx) => authStatus(ctx),
    'auth.setup': (ctx, input) => setUpFirstManager(ctx, input),
    'auth.signIn': (ctx, input) => signIn(ctx, input),
    'auth.signOut': (ctx) => signOut(ctx),
    'auth.signOutEverywhere': (ctx) => signOutEverywhere(ctx),
    'auth.changePassword': (ctx, input) => changePassword(ctx, input),
    'auth.confirm': (ctx, input) => confirmIdentity(ctx, input),
    'auth.unlockSession': (ctx, input) => unlockSession(ctx, input),
    'auth.activity': () => reportActivity(),

    'twoFactor.status': (ctx) => twoFactorStatusOf(ctx.db, ctx.account!.id),
    'twoFactor.beginEnrolment': (ctx) => beginEnrolment(ctx),
    'twoFactor.confirmEnrolment': (ctx, input) => confirmEnrolment(ctx, input),
    'twoFactor.disable': (ctx, input) => disableTwoFactor(ctx, input),
    'twoFactor.regenerateRecoveryCodes': (ctx, input) => regenerateRecoveryCodes(ctx, input),

    'profile.get': (ctx) => getProfile(ctx),
    'profile.update': (ctx, input) => updateProfile(ctx, input),
    'profile.changeEmail': (ctx, input) => changeEmail(ctx, input),
    'profile.setAvatar': (ctx, input) => setAvatar(ctx, input),
    'profile.removeAvatar': (ctx) => removeAvatar(ctx),

    'accounts.unlock': (ctx, input) => unlockAccount(ctx, input),
    'accounts.resetPassword': (ctx, input) => resetPassword(ctx, input),
    'accounts.resetTwoFactor': (ctx, input) => resetTwoFactor(ctx, input),
    'accounts.signIns': (ctx, input) => signInsOf(ctx, input),

    'settings.security.get': (ctx) => securitySettings(ctx.db),
    'settings.security.update': (ctx, input) => updateSecuritySettings(ctx, input),

    'dashboard.counts': (ctx) => dashboardCounts(ctx.db, new Date(ctx.clock.now().getTime() - DAY_MS).toISOString(), countAudit(ctx.db)),
    'accounts.list': (ctx, input) => listAccountsFor(ctx, input),
    'accounts.get': (ctx, input) => getAccount(ctx, input),
    'accounts.grantOptions': (ctx) => grantOptions(ctx),
    'accounts.create': (ctx, input) => createAccount(ctx, input),
    'accounts.update': (ctx, input) => updateAccount(ctx, input),
    'accounts.deactivate': (ctx, input) => deactivateAccount(ctx, input),
    'accounts.activate': (ctx, input) => activateAccount(ctx, input),
    'accounts.delete': (ctx, input) => deleteAccount(ctx, input),
    'accounts.permissionReport': (ctx, input) => permissionReport(ctx, input),
    'accounts.export': (ctx, input) => exportAccounts(ctx, input),
    'accounts.import.preview': (ctx, input) => previewImport(ctx, input),
    'accounts.import.commit': (ctx, input) => commitImport(ctx, input),

    'sites.list': (ctx, input) => sitesFor(ctx, input),
    'sites.create': (ctx, input) => createSite(ctx, input),
    'sites.rename': (ctx, input) => renameSite(ctx, input),
    'sites.retire': (ctx, input) => retireSite(ctx, input),
    'sites.restore': (ctx, input) => restoreSite(ctx, input),

    'signIns.list': (ctx, input) => recentSignIns(ctx, input),

    'logs.overview': (ctx, input) => logsOverview(ctx, input),
    'logs.entries': (ctx, input) => lastLogEntries(ctx, input),
    'logs.tail': (ctx, input) => logTail(ctx, input),
    'logs.context': (ctx, input) => logContext(ctx, input),
    'logs.search.start': (ctx, input) => startLogSearch(ctx, input),
    'logs.search.results': (ctx, input) => logSearchResults(ctx, input),
    'logs.search.cancel': (ctx, input) => cancelLogSearch(ctx, input),
    'logs.export': (ctx, input) => exportLogEntries(ctx, input),
    'logs.errorCount': (ctx, input) => logErrorCount(ctx, input),
    'logs.settings.update': (ctx, input) => updateLogSettings(ctx, input),
    'logs.fileSettings.update': (ctx, input) => updateLogFileSettings(ctx, input),
    'rejected.list': (ctx, input) => listRejected(ctx, input),
    'rejected.open': (ctx, input) => openRejected(ctx, input),
    'rejected.status': (ctx, input) => rejectedStatus(ctx, input),
    'rejected.rows': (ctx, input) => rejectedRows(ctx, input),
    'rejected.errors': (ctx, input) => rejectedErrors(ctx, input),
    'rejected.close': (ctx, input) => closeRejected(ctx, input),
    'rejected.download': (ctx, input) => downloadRejected(ctx, input),
    'rejected.delete': (ctx, input) => deleteRejected(ctx, input),
    'rejected.validate': (ctx, input) => validateRejected(ctx, input),
    'rejected.reimport': (ctx, input) => reimportRejected(ctx, input),
    'rejected.settings.update': (ctx, input) => updateRejectedSettings(ctx, input),

    'audit.list': (ctx, input) => ({ ...listAudit(ctx.db, input), actions: auditActions(ctx.db) }),
  };
}
