// A valid input for every channel of the contract, so that tests reach authorization, the
// router's gates and the handler. A new channel needs its sample here (router.test.ts checks).
import type { ChannelInput, ChannelName } from '../../shared/contract';

let unique = 0;
/** A 1×1 PNG. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** A valid input for every channel, so that tests reach authorization and the handler. */
export const SAMPLE_INPUTS: { [K in ChannelName]?: (target: { accountId: number }) => ChannelInput<K> } = {
  'app.health': () => ({}),
  'auth.status': () => ({}),
  'auth.setup': () => ({ username: `setup${++unique}`, firstName: 'Ana', lastName: 'Lima', email: 'ana@example.com', password: 'a long enough password' }),
  'auth.signIn': () => ({ username: 'nobody-here', password: 'not the password' }),
  'auth.signOut': () => ({}),
  'auth.signOutEverywhere': () => ({}),
  'auth.changePassword': () => ({ currentPassword: 'not the current password', newPassword: 'a brand new passphrase 42' }),
  'auth.confirm': () => ({ password: 'not the password' }),
  'auth.unlockSession': () => ({ password: 'not the password' }),
  'auth.activity': () => ({}),
  'twoFactor.status': () => ({}),
  'twoFactor.beginEnrolment': () => ({}),
  'twoFactor.confirmEnrolment': () => ({ code: '123456' }),
  'twoFactor.disable': () => ({ password: 'not the password', code: '123456' }),
  'twoFactor.regenerateRecoveryCodes': () => ({ password: 'not the password', code: '123456' }),
  'profile.get': () => ({}),
  'profile.update': () => ({ firstName: 'Ana', lastName: 'Lima', phoneWork: '+33 1 23 45 67 89', phoneMobile: '', phoneLandline: '' }),
  'profile.changeEmail': () => ({ currentPassword: 'not the password', email: `new${++unique}@example.com` }),
  'profile.setAvatar': () => ({ imageBase64: TINY_PNG }),
  'profile.removeAvatar': () => ({}),
  'accounts.unlock': ({ accountId }) => ({ accountId }),
  'accounts.resetPassword': ({ accountId }) => ({ accountId }),
  'accounts.resetTwoFactor': ({ accountId }) => ({ accountId }),
  'accounts.signIns': ({ accountId }) => ({ accountId, limit: 5 }),
  'settings.security.get': () => ({}),
  'settings.security.update': () => ({ lockoutThreshold: 5, lockoutMinutes: 15, idleLockMinutes: 15, temporaryPasswordHours: 72 }),
  'dashboard.counts': () => ({}),
  'accounts.list': () => ({ filter: { query: 'a' }, limit: 10 }),
  'accounts.create': () => ({ username: `sample${++unique}`, firstName: 'Sam', lastName: 'Ple', email: 'sam@example.com', password: 'sample password 123' }),
  'audit.list': () => ({ limit: 5 }),
  'accounts.get': ({ accountId }) => ({ accountId }),
  'accounts.grantOptions': () => ({}),
  'accounts.update': ({ accountId }) => ({ accountId, username: `edited${++unique}`, firstName: 'Ed', lastName: 'Ited', email: 'ed@example.com', status: 'active' }),
  'accounts.deactivate': ({ accountId }) => ({ accountId }),
  'accounts.activate': ({ accountId }) => ({ accountId }),
  'accounts.delete': ({ accountId }) => ({ accountId, confirmUsername: 'not-the-username' }),
  'accounts.permissionReport': ({ accountId }) => ({ accountIds: [accountId] }),
  'accounts.export': () => ({ format: 'csv', columns: ['username', 'email'] }),
  'accounts.import.preview': () => ({ fileName: 'accounts.csv', content: 'username;firstName;lastName;email\nimported;Im;Ported;im@example.com\n' }),
  'accounts.import.commit': () => ({ fileName: 'accounts.csv', content: `username;firstName;lastName;email\nimported${++unique};Im;Ported;im@example.com\n` }),
  'sites.list': () => ({}),
  'sites.create': () => ({ name: `Site ${++unique}` }),
  'sites.rename': () => ({ siteId: 1, name: `Renamed ${++unique}` }),
  'sites.retire': () => ({ siteId: 1 }),
  'sites.restore': () => ({ siteId: 1 }),
  'signIns.list': () => ({ limit: 5 }),
  'logs.overview': () => ({}),
  'logs.entries': () => ({ limit: 100 }),
  'logs.tail': () => ({ cursor: 0 }),
  'logs.context': () => ({ file: '0/odoo.log', offset: 0 }),
  'logs.search.start': () => ({ pattern: 'error' }),
  'logs.search.results': () => ({ searchId: 'no-such-search' }),
  'logs.search.cancel': () => ({ searchId: 'no-such-search' }),
  'logs.export': () => ({ format: 'csv' }),
  'logs.errorCount': () => ({ hours: 24 }),
  'logs.settings.update': () => ({ folders: ['/tmp/vigie-sample-logs'], patterns: ['*.log'], lastEntries: 1000, polling: false, defaultTimeZone: 'UTC' }),
  'logs.fileSettings.update': () => ({ file: '0/odoo.log', format: 'raw', timeZone: null }),
  'rejected.list': () => ({}),
  'rejected.open': () => ({ name: 'sample.csv' }),
  'rejected.status': () => ({ viewId: 'no-such-view' }),
  'rejected.rows': () => ({ viewId: 'no-such-view', from: 0, count: 100 }),
  'rejected.errors': () => ({ viewId: 'no-such-view' }),
  'rejected.close': () => ({ viewId: 'no-such-view' }),
  'rejected.download': () => ({ name: 'sample.csv' }),
  'rejected.delete': () => ({ name: 'sample.csv', confirmName: 'sample.csv' }),
  'rejected.validate': () => ({ viewId: 'no-such-view', edits: [{ row: 1, column: 0, value: 'x' }] }),
  'rejected.reimport': () => ({ viewId: 'no-such-view', edits: [] }),
  // Two folders that are the same: refused before anything is created.
  'rejected.settings.update': () => ({ rejectedFolder: '/tmp/vigie-sample-folder', importFolder: '/tmp/vigie-sample-folder', polling: false }),
};

/** The sample input of a channel; `accountId` is the account the Manager-only channels act on. */
export function sampleInput(channel: ChannelName, target: { accountId: number } = { accountId: 1 }): unknown {
  const make = SAMPLE_INPUTS[channel] as ((target: { accountId: number }) => unknown) | undefined;
  if (!make) throw new Error(`add a sample input for ${channel} to SAMPLE_INPUTS in test/support/samples.ts`);
  return make(target);
}
