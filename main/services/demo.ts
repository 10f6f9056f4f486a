// Sample data for `--demo`: a new data directory filled through the real router, as if a
// team had used Vigie for the last 30 days, so a newcomer sees a living console at once.
// Account security is part of the story: phone numbers, two-factor on a few accounts (when the
// OS keychain can keep its key), lockouts, temporary passwords, step-up confirmations.
// Later issues add their areas here (sites, logs, imports…), through their own channels;
// the sample platform logs and a rejected import file are written by ./demoLogs.ts.
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Secret, TOTP } from 'otpauth';
import type { Result } from '../../shared/errors';
import { ALL_PERMISSIONS, type Permission } from '../../shared/permissions';
import type { AccountStatus, AdminLevel, Site, TwoFactorEnrolment } from '../../shared/types';
import { openBackend } from '../backend';
import { findAccountByUsername } from '../db/accounts';
import { appendAudit } from '../db/audit';
import { dbPath, type Db } from '../db/connection';
import type { Clock } from '../ipc/context';
import type { Router } from '../ipc/router';
import { newSession, type Session } from '../ipc/session';
import { createSecretStore, type SecretStore } from '../secrets';
import { writeDemoLogs } from './demoLogs';
import { rejectedImportsDir } from './folders';
import { seededRandom } from './seededRandom';

export interface DemoCredentials {
  username: string;
  password: string;
}

export interface DemoOptions {
  /** The end of the sample period (default: now); the story starts 30 days earlier. */
  now?: Date;
  /** Seed of the story (who signs in when, typos, pauses); passwords are always random. */
  seed?: number;
  /** The better-sqlite3 binary to load (Electron needs one built for its own ABI). */
  nativeBinding?: string;
  /**
   * The keychain holding the key of two-factor secrets: the one the console will open the
   * data with (default: Vigie's own service). Without a usable keychain, the sample accounts
   * simply have no two-factor, and the log says so.
   */
  secrets?: SecretStore;
  /** Notes about the seeding (default: stderr, so a READY line on stdout stays alone). */
  log?: (message: string) => void;
}

const DAY = 24 * 3600_000;
const MINUTE = 60_000;

/** A clock the seeding moves forward by hand; it never goes back, so the trail stays in order. */
class StoryClock implements Clock {
  private current: number;
  constructor(
    start: number,
    private readonly end: number,
  ) {
    this.current = start;
  }
  now(): Date {
    return new Date(this.current);
  }
  moveTo(at: number): void {
    this.current = Math.min(Math.max(this.current, at), this.end);
  }
  step(ms: number): void {
    this.moveTo(this.current + ms);
  }
}


const WORDS = [
  'ardoise', 'balise', 'boussole', 'cabane', 'cerise', 'colline', 'corail', 'falaise', 'fougere', 'galet',
  'glacier', 'grenade', 'horizon', 'lagune', 'lanterne', 'lavande', 'luciole', 'marelle', 'mistral', 'noisette',
  'orage', 'pinede', 'prairie', 'rivage', 'roseau', 'sablier', 'sentier', 'tilleul', 'tornade', 'voilier',
];

/** Easy to read aloud and type from the sign-in screen: `demo-falaise-lanterne-47`. */
export function demoPassword(): string {
  const word = () => WORDS[randomInt(WORDS.length)]!;
  return `demo-${word()}-${word()}-${randomInt(10, 100)}`;
}

const randomPassword = () => `${demoPassword()}-${randomInt(1_000_000)}`;

type Profile = 'full' | 'accountManager' | 'monitoring' | 'orders' | 'ordersDesk' | 'api' | 'statistics';

const MONITORING: Permission[] = ['monitoring.statistics', 'monitoring.logs', 'monitoring.infrastructure'];
const ORDERS: Permission[] = ['orders.pm', 'orders.pb', 'orders.links', 'orders.pto'];

const PROFILES: Record<Profile, { adminLevel: AdminLevel; permissions: readonly Permission[] }> = {
  full: { adminLevel: 'full', permissions: ALL_PERMISSIONS },
  // Limited administrators grant only what they hold (no escalation), so the one who creates
  // the monitoring and orders teams' accounts holds those modules too.
  accountManager: { adminLevel: 'limited', permissions: ['manager.accounts', 'manager.rights', ...MONITORING, ...ORDERS] },
  monitoring: { adminLevel: 'none', permissions: MONITORING },
  orders: { adminLevel: 'none', permissions: [...ORDERS, 'monitoring.statistics'] },
  ordersDesk: { adminLevel: 'none', permissions: ['orders.pm', 'orders.pb'] },
  api: { adminLevel: 'limited', permissions: ['api.admin', 'monitoring.logs', 'monitoring.infrastructure'] },
  statistics: { adminLevel: 'none', permissions: ['monitoring.statistics'] },
};

interface Person {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  profile: Profile;
  /** How the story leaves the account: used, locked after failed sign-ins, or deactivated. */
  ends: AccountStatus;
  /** Who creates it: the Manager or one of the two administrators they appoint first. */
  by: 'manager' | 'sophie.lefevre' | 'julien.moreau';
}

const fr = (username: string, firstName: string, lastName: string, profile: Profile, ends: AccountStatus, by: Person['by'] = 'manager'): Person => ({
  username,
  firstName,
  lastName,
  email: `${username}@exemple.fr`,
  profile,
  ends,
  by,
});
const en = (username: string, firstName: string, lastName: string, profile: Profile, ends: AccountStatus, by: Person['by'] = 'sophie.lefevre'): Person => ({
  ...fr(username, firstName, lastName, profile, ends, by),
  email: `${username}@example.com`,
});

export const DEMO_MANAGER = { username: 'manager', firstName: 'Camille', lastName: 'Martin', email: 'camille.martin@exemple.fr' } as const;

const PEOPLE: readonly Person[] = [
  fr('sophie.lefevre', 'Sophie', 'Lefèvre', 'full', 'active'),
  fr('julien.moreau', 'Julien', 'Moreau', 'accountManager', 'active'),
  fr('helene.girard', 'Hélène', 'Girard', 'monitoring', 'active'),
  fr('nicolas.bernard', 'Nicolas', 'Bernard', 'orders', 'active'),
  fr('elodie.fournier', 'Élodie', 'Fournier', 'ordersDesk', 'active', 'julien.moreau'),
  fr('mathieu.roux', 'Mathieu', 'Roux', 'api', 'active'),
  fr('chloe.lambert', 'Chloé', 'Lambert', 'monitoring', 'locked', 'julien.moreau'),
  fr('antoine.faure', 'Antoine', 'Faure', 'orders', 'inactive', 'julien.moreau'),
  fr('margaux.chevalier', 'Margaux', 'Chevalier', 'statistics', 'active', 'julien.moreau'),
  fr('theo.perrin', 'Théo', 'Perrin', 'ordersDesk', 'active', 'julien.moreau'),
  fr('ines.benali', 'Inès', 'Benali', 'monitoring', 'active', 'sophie.lefevre'),
  fr('baptiste.gauthier', 'Baptiste', 'Gauthier', 'api', 'locked', 'sophie.lefevre'),
  fr('amelie.rousseau', 'Amélie', 'Rousseau', 'orders', 'inactive', 'julien.moreau'),
  fr('francois.dupuis', 'François', 'Dupuis', 'accountManager', 'active', 'sophie.lefevre'),
  en('emily.carter', 'Emily', 'Carter', 'monitoring', 'active'),
  en('james.whitfield', 'James', 'Whitfield', 'full', 'active', 'manager'),
  en('olivia.bennett', 'Olivia', 'Bennett', 'orders', 'active'),
  en('daniel.hughes', 'Daniel', 'Hughes', 'api', 'active'),
  en('grace.oconnor', 'Grace', "O'Connor", 'statistics', 'locked', 'julien.moreau'),
  en('thomas.reed', 'Thomas', 'Reed', 'ordersDesk', 'inactive', 'julien.moreau'),
  en('hannah.price', 'Hannah', 'Price', 'monitoring', 'active'),
  fr('hina.sato', '陽菜', '佐藤', 'orders', 'active', 'sophie.lefevre'),
  fr('kenta.suzuki', '健太', '鈴木', 'monitoring', 'active', 'sophie.lefevre'),
  fr('misaki.takahashi', '美咲', '高橋', 'accountManager', 'active', 'sophie.lefevre'),
  fr('sho.tanaka', '翔', '田中', 'api', 'locked', 'sophie.lefevre'),
  fr('yumi.ito', '由美', '伊藤', 'ordersDesk', 'active', 'julien.moreau'),
  fr('daisuke.watanabe', '大輔', '渡辺', 'statistics', 'inactive', 'julien.moreau'),
  fr('haruto.yamamoto', 'Haruto', 'Yamamoto', 'orders', 'active', 'julien.moreau'),
  fr('yui.nakamura', '結衣', '中村', 'monitoring', 'inactive', 'sophie.lefevre'),
  fr('aiko.kobayashi', 'Aiko', 'Kobayashi', 'statistics', 'locked', 'julien.moreau'),
];

const SITES = ['Paris', 'Lyon', 'London', 'Tokyo'] as const;
/** Closed in the third week: its accounts keep it, new ones cannot get it. */
const RETIRED_SITE = 'Marseille';

/**
 * Where each person works. The limited administrator julien.moreau runs Lyon and Tokyo, so
 * the people he creates work there (he can assign no other site).
 */
function sitesOf(person: Pick<Person, 'username' | 'firstName' | 'email' | 'by'>): string[] {
  const japanese = /\p{Script=Han}/u.test(person.firstName) || person.username.startsWith('haruto.') || person.username.startsWith('aiko.');
  if (person.username === 'julien.moreau') return ['Lyon', 'Tokyo'];
  if (person.by === 'julien.moreau') return [japanese ? 'Tokyo' : 'Lyon'];
  if (japanese) return ['Tokyo'];
  if (person.username === 'nicolas.bernard') return ['Paris', RETIRED_SITE];
  return [person.email.endsWith('@example.com') ? 'London' : 'Paris'];
}

/** Names tried by people who mistype or guess: they never match an account. */
const UNKNOWN_USERNAMES = ['admin', 'root', 'j.moreau', 'sophie', 'administrateur', 'hsato', 'test'];

/** They turn two-factor on in the first weeks (never the Manager: the demo sign-in is a password). */
const TWO_FACTOR_PEOPLE = ['sophie.lefevre', 'mathieu.roux', 'emily.carter'];
/** Forgets their password mid-month: a temporary password, then a password of their own. */
const FORGETFUL = 'hannah.price';
/** Locks themselves out mid-month; a Manager unlocks them. */
const UNLOCKED_BY_MANAGER = 'nicolas.bernard';
/** Gets a temporary password on the last day and has not used it yet. */
const PENDING_TEMPORARY = 'olivia.bennett';
/** Types a wrong password five times a few minutes ago: locked out right now. */
const LOCKED_OUT_NOW = 'theo.perrin';

/** Contact numbers in the format of each person's country (the numbers themselves are made up). */
function phonesOf(person: { email: string; firstName: string }, digits: (n: number) => string): { phoneWork: string; phoneMobile: string; phoneLandline: string } {
  if (/\p{Script=Han}/u.test(person.firstName) || person.email.startsWith('haruto.') || person.email.startsWith('aiko.')) {
    return { phoneWork: `+81 3-${digits(4)}-${digits(4)}`, phoneMobile: `+81 90-${digits(4)}-${digits(4)}`, phoneLandline: '' };
  }
  if (person.email.endsWith('@example.com')) {
    return { phoneWork: `+44 20 7946 ${digits(4)}`, phoneMobile: `+44 7700 900${digits(3)}`, phoneLandline: '' };
  }
  const pairs = (n: number) => Array.from({ length: n }, () => digits(2)).join(' ');
  return { phoneWork: `+33 1 ${pairs(4)}`, phoneMobile: `+33 6 ${pairs(4)}`, phoneLandline: `+33 4 ${pairs(4)}` };
}

/** The code an authenticator app shows at `at` for a base32 secret. */
function appCode(secret: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at.getTime() });
}

/** A code the app does not show around `at` (a digit mistyped): refused whatever the step. */
function wrongCode(secret: string, at: Date): string {
  const near = new Set([-30_000, 0, 30_000].map((shift) => appCode(secret, new Date(at.getTime() + shift))));
  let code = Number(appCode(secret, at));
  do code = (code + 1) % 1_000_000;
  while (near.has(String(code).padStart(6, '0')));
  return String(code).padStart(6, '0');
}

/**
 * Locks an account as a Manager would after repeated failed sign-ins, with a reason in its
 * audit record (accounts.update has no reason field), in one transaction like a channel's write.
 */
function changeAccountStatus(db: Db, at: string, by: { id: number; username: string }, account: { id: number; username: string; status: AccountStatus }, status: 'locked', reason: string): void {
  db.transaction(() => {
    db.prepare('UPDATE accounts SET status = ?, updated_at = ? WHERE id = ?').run(status, at, account.id);
    appendAudit(db, {
      at,
      actorId: by.id,
      actor: by.username,
      action: 'account.lock',
      targetType: 'account',
      targetId: String(account.id),
      target: account.username,
      summary: { before: { status: account.status }, after: { status }, reason },
    });
  })();
}

/**
 * Fills a NEW data directory with 30 days of sample use and returns the sign-in of its
 * Manager. Refuses a directory that already holds a database: demo data never mixes with
 * real data.
 */
export async function seedDemo(dataDir: string, options: DemoOptions = {}): Promise<DemoCredentials> {
  if (existsSync(dbPath(dataDir))) throw new Error(`${dataDir} already holds a Vigie database; the demo needs a new data directory`);
  const note = options.log ?? ((message: string) => process.stderr.write(`[vigie demo] ${message}\n`));
  const end = (options.now ?? new Date()).getTime() - 5 * MINUTE;
  const start = end - 30 * DAY;
  const clock = new StoryClock(start, end);
  const random = seededRandom(options.seed ?? 20260302);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  /** A whole number in [min, max), from the story's generator. */
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min));
  const digits = (n: number) => Array.from({ length: n }, () => String(between(0, 10))).join('');
  /** A time on day `day` (0 = 30 days ago) during office hours, UTC. */
  const officeHour = (day: number) => start - (start % DAY) + day * DAY + (7 + random() * 10) * 3600_000;

  const backend = openBackend({
    dataDir,
    clock,
    log: () => undefined,
    // The same keychain service as the console, so it can check the codes later; a short
    // timeout, as a keychain waiting on an unlock prompt must not hold the seeding up.
    secrets: options.secrets ?? createSecretStore({ service: 'vigie', timeoutMs: 10_000 }),
    // The story's failed sign-ins happen in story time: no real waiting between them.
    sleep: async () => undefined,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const db = backend.db;
  if (!db) {
    backend.close();
    throw new Error(`cannot create the demo database: ${backend.health().problem}`);
  }
  // A new, throwaway file: no need to wait for the disk at each of the ~300 commits.
  db.pragma('synchronous = OFF');
  const router: Router = backend.router;
  let windows = 0;
  const newWindow = () => newSession(`window:${++windows}`);

  async function call<T = unknown>(session: Session, channel: string, input: unknown): Promise<T> {
    const result = await router.call(session, channel, input);
    if (!result.ok) throw new Error(`demo data: ${channel} failed: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  }

  const passwords = new Map<string, string>();
  /** Base32 secrets of the authenticator apps of people with two-factor on. */
  const appSecrets = new Map<string, string>();
  /** Their recovery codes, as they printed them. */
  const recoveryCodes = new Map<string, string[]>();
  const managerPassword = demoPassword();
  passwords.set(DEMO_MANAGER.username, managerPassword);

  /**
   * A sign-in as the screen does it: the password, then (if asked) a code from the app a few
   * seconds later. `password` defaults to the right one; may fail, which is the point of some.
   */
  async function attempt(session: Session, username: string, password = passwords.get(username)!, second: 'app' | 'recovery' | 'wrong-code' = 'app'): Promise<Result<unknown>> {
    const first = await router.call(session, 'auth.signIn', { username, password });
    const secret = appSecrets.get(username);
    if (first.ok || first.error.code !== 'TWO_FACTOR_REQUIRED' || !secret) return first;
    clock.step(between(6, 40) * 1000);
    if (second === 'recovery') return router.call(session, 'auth.signIn', { username, password, recoveryCode: recoveryCodes.get(username)!.shift()! });
    const code = second === 'wrong-code' ? wrongCode(secret, clock.now()) : appCode(secret, clock.now());
    return router.call(session, 'auth.signIn', { username, password, code });
  }
  async function signIn(session: Session, username: string): Promise<void> {
    const result = await attempt(session, username);
    if (!result.ok) throw new Error(`demo data: sign-in of ${username} failed: ${result.error.code} ${result.error.message}`);
  }
  /** Step-up before a sensitive action, with a code when the account has two-factor. */
  async function confirm(session: Session, username: string): Promise<void> {
    const secret = appSecrets.get(username);
    await call(session, 'auth.confirm', { password: passwords.get(username), ...(secret ? { code: appCode(secret, clock.now()) } : {}) });
  }

  // Windows of the people who create accounts, kept open for a while between batches.
  const creators = new Map<string, Session>();
  /** A creator's window, unlocked or signed in again when it sat idle. */
  async function creatorWindow(username: string): Promise<Session> {
    const open = creators.get(username);
    const idle = open ? clock.now().getTime() - open.lastActivityAt : Infinity;
    if (open && idle <= 14 * MINUTE) return open;
    if (open && idle <= 3 * 3600_000) {
      // Back from a meeting: the idle lock asks for the password, the screen is kept.
      await call(open, 'auth.unlockSession', { password: passwords.get(username) });
      return open;
    }
    if (open) await call(open, 'auth.signOut', {});
    const session = newWindow();
    await signIn(session, username);
    creators.set(username, session);
    return session;
  }

  let twoFactorUnavailable: string | null = null;
  /** Turns two-factor on as the profile page does: confirm, scan, type the first code. */
  async function enrolTwoFactor(username: string): Promise<void> {
    if (twoFactorUnavailable) return;
    const session = newWindow();
    await signIn(session, username);
    await confirm(session, username);
    const begun = await router.call(session, 'twoFactor.beginEnrolment', {});
    if (!begun.ok && begun.error.code === 'KEYCHAIN_UNAVAILABLE') {
      twoFactorUnavailable = begun.error.message;
      note(`two-factor left out of the sample data: the OS keychain cannot be used (${begun.error.message})`);
      await call(session, 'auth.signOut', {});
      return;
    }
    if (!begun.ok) throw new Error(`demo data: twoFactor.beginEnrolment failed: ${begun.error.code} ${begun.error.message}`);
    const { secret } = begun.value as TwoFactorEnrolment;
    clock.step(between(30, 90) * 1000); // scanning the QR code
    const { recoveryCodes: codes } = await call<{ recoveryCodes: string[] }>(session, 'twoFactor.confirmEnrolment', { code: appCode(secret, clock.now()) });
    appSecrets.set(username, secret);
    recoveryCodes.set(username, codes);
    clock.step(between(2, 10) * MINUTE);
    await call(session, 'auth.signOut', {});
  }

  /** The Manager gives `username` a temporary password (after confirming their identity). */
  async function issueTemporaryPassword(username: string): Promise<string> {
    const session = newWindow();
    await signIn(session, DEMO_MANAGER.username);
    clock.step(between(1, 4) * MINUTE);
    await confirm(session, DEMO_MANAGER.username);
    const account = findAccountByUsername(db!, username)!;
    const issued = await call<{ temporaryPassword: string }>(session, 'accounts.resetPassword', { accountId: account.id });
    clock.step(between(1, 5) * MINUTE);
    await call(session, 'auth.signOut', {});
    return issued.temporaryPassword;
  }

  /** Five wrong passwords in a row: the account is locked out for the configured minutes. */
  async function lockOut(username: string): Promise<void> {
    const session = newWindow();
    for (let n = 0; n < 5; n++) {
      clock.step(between(8, 25) * 1000);
      await attempt(session, username, `${passwords.get(username)!.slice(0, -3)}${n}${n}`);
    }
    // And then the right one, refused while the lockout runs.
    clock.step(between(20, 60) * 1000);
    await attempt(session, username);
  }

  try {
    // Day 0: the Manager sets Vigie up, fills in their phone numbers, and appoints the two administrators.
    clock.moveTo(officeHour(0));
    const managerSession = newWindow();
    await call(managerSession, 'auth.setup', { ...DEMO_MANAGER, password: managerPassword });
    clock.step(between(1, 5) * MINUTE);
    await call(managerSession, 'profile.update', { firstName: DEMO_MANAGER.firstName, lastName: DEMO_MANAGER.lastName, ...phonesOf(DEMO_MANAGER, digits) });
    creators.set(DEMO_MANAGER.username, managerSession);
    // The sites the platform serves; every account works at one or two of them.
    const siteIds = new Map<string, number>();
    for (const name of [...SITES, RETIRED_SITE]) {
      clock.step(between(10, 60) * 1000);
      siteIds.set(name, (await call<Site>(managerSession, 'sites.create', { name })).id);
    }

    // Days 0-6: accounts are created, in small batches by whoever is in charge of them.
    const order = [...PEOPLE].sort((a, b) => (a.by === 'manager' ? 0 : 1) - (b.by === 'manager' ? 0 : 1));
    for (const [index, person] of order.entries()) {
      clock.moveTo(officeHour(Math.floor((index * 7) / order.length)));
      clock.step(between(2, 15) * MINUTE);
      const session = await creatorWindow(person.by);
      const password = randomPassword();
      passwords.set(person.username, password);
      const { profile, ends: _ends, by: _by, ...identity } = person;
      await call(session, 'accounts.create', { ...identity, password, ...PROFILES[profile], siteIds: sitesOf(person).map((name) => siteIds.get(name)!) });
      // Everyone signs in soon after getting their account; most fill in their phone numbers.
      clock.step(between(10, 90) * MINUTE);
      const own = newWindow();
      await signIn(own, person.username);
      if (random() < 0.7) {
        clock.step(between(1, 10) * MINUTE);
        const phones = phonesOf(person, digits);
        await call(own, 'profile.update', { firstName: person.firstName, lastName: person.lastName, ...phones, phoneLandline: random() < 0.5 ? phones.phoneLandline : '' });
      }
    }
    for (const session of creators.values()) await call(session, 'auth.signOut', {});

    // Days 1-30: people sign in on working days, sometimes mistyping their password; people
    // who type it wrong too often get locked, and people who left are deactivated.
    const manager = findAccountByUsername(db, DEMO_MANAGER.username)!;
    const leaving = PEOPLE.filter((p) => p.ends === 'inactive');
    const lockedOut = PEOPLE.filter((p) => p.ends === 'locked');
    const regulars = PEOPLE.filter((p) => p.ends === 'active');
    const leaveDay = new Map(leaving.map((p, i) => [p.username, 10 + i * 3]));
    const lockDay = new Map(lockedOut.map((p, i) => [p.username, 14 + i * 3]));
    const enrolDay = new Map(TWO_FACTOR_PEOPLE.map((username, i) => [username, 7 + i * 2]));

    for (let day = 1; day <= 30; day++) {
      const weekday = new Date(start + day * DAY).getUTCDay();
      // Today (day 30) is always a working day, so the dashboard's last 24 hours show activity.
      const working = day === 30 || (weekday !== 0 && weekday !== 6);
      // Few visits per day: each sign-in costs an argon2 verification (tens of ms).
      const visitors = working
        ? [...(random() < 0.5 || day === 30 ? [DEMO_MANAGER.username] : []), ...[...regulars, ...leaving, ...lockedOut].filter(() => random() < 0.05).map((p) => p.username)]
        : [];
      // Today everything happens before `end`, within the last hours (and before the last
      // quarter of an hour, kept for the end of the story below).
      const times = visitors.map(() => (day === 30 ? end - (1.5 + random() * 5) * 3600_000 : officeHour(day))).sort((a, b) => a - b);
      for (const [i, username] of visitors.entries()) {
        clock.moveTo(times[i]!);
        const gone = (leaveDay.get(username) ?? Infinity) <= day;
        const locked = (lockDay.get(username) ?? Infinity) <= day;
        const password = passwords.get(username)!;
        const session = newWindow();
        if (random() < 0.12 && !gone && !locked) {
          await attempt(session, username, `${password.slice(0, -2)}xx`); // a typo first
          clock.step(between(10, 60) * 1000);
        }
        const result = await attempt(session, username);
        if (result.ok && random() < 0.6) {
          // Today's sessions end early enough to leave the last minutes to the lockout below.
          clock.step(between(5, day === 30 ? 30 : 90) * MINUTE);
          await call(session, 'auth.signOut', {});
        }
      }
      // A mistyped or guessed username now and then.
      if (working && (day === 30 || random() < 0.35)) {
        clock.step(between(1, 40) * MINUTE);
        await attempt(newWindow(), pick(UNKNOWN_USERNAMES), randomPassword());
      }
      // Two-factor: a few people turn it on from their profile page.
      for (const [username, onDay] of enrolDay) {
        if (onDay !== day) continue;
        clock.step(between(20, 90) * MINUTE);
        await enrolTwoFactor(username);
      }
      if (appSecrets.size > 0 && day === 16) {
        // A code typed a step too late, then the right one.
        clock.step(between(20, 90) * MINUTE);
        await attempt(newWindow(), TWO_FACTOR_PEOPLE[1]!, undefined, 'wrong-code');
        clock.step(between(20, 60) * 1000);
        await attempt(newWindow(), TWO_FACTOR_PEOPLE[1]!);
      }
      if (appSecrets.has(TWO_FACTOR_PEOPLE[2]!) && day === 22) {
        // Phone left at home: a recovery code instead.
        clock.step(between(20, 90) * MINUTE);
        await attempt(newWindow(), TWO_FACTOR_PEOPLE[2]!, undefined, 'recovery');
      }
      if (day === 12) {
        // Five wrong passwords lock an account out; a Manager unlocks it rather than make them wait.
        clock.step(between(20, 90) * MINUTE);
        await lockOut(UNLOCKED_BY_MANAGER);
        clock.step(between(3, 8) * MINUTE);
        const session = newWindow();
        await signIn(session, DEMO_MANAGER.username);
        await call(session, 'accounts.unlock', { accountId: findAccountByUsername(db, UNLOCKED_BY_MANAGER)!.id });
        await call(session, 'auth.signOut', {});
        clock.step(between(2, 6) * MINUTE);
        await signIn(newWindow(), UNLOCKED_BY_MANAGER);
      }
      if (day === 15) {
        // A forgotten password: a temporary one from the Manager, changed at the first sign-in.
        clock.step(between(20, 90) * MINUTE);
        const temporary = await issueTemporaryPassword(FORGETFUL);
        clock.step(between(5, 30) * MINUTE);
        const session = newWindow();
        await call(session, 'auth.signIn', { username: FORGETFUL, password: temporary });
        const chosen = randomPassword();
        await call(session, 'auth.changePassword', { currentPassword: temporary, newPassword: chosen });
        passwords.set(FORGETFUL, chosen);
      }
      // Lock-outs: three wrong passwords, then a Manager locks the account.
      for (const person of lockedOut.filter((p) => lockDay.get(p.username) === day)) {
        const session = newWindow();
        for (let n = 0; n < 3; n++) {
          clock.step(between(20, 120) * 1000);
          await attempt(session, person.username, randomPassword());
        }
        clock.step(between(10, 50) * MINUTE);
        const account = findAccountByUsername(db, person.username)!;
        changeAccountStatus(db, clock.now().toISOString(), manager, account, 'locked', 'repeated failed sign-ins');
      }
      // Departures: deactivated, not deleted, so their history stays readable.
      for (const person of leaving.filter((p) => leaveDay.get(p.username) === day)) {
        clock.step(between(5, 30) * MINUTE);
        const session = newWindow();
        await signIn(session, DEMO_MANAGER.username);
        await call(session, 'accounts.deactivate', { accountId: findAccountByUsername(db, person.username)!.id });
        await call(session, 'auth.signOut', {});
      }
      if (day === 20) {
        // The Marseille office closes: its site is retired (its accounts keep it in their history).
        clock.step(between(20, 90) * MINUTE);
        const session = newWindow();
        await signIn(session, DEMO_MANAGER.username);
        await call(session, 'sites.retire', { siteId: siteIds.get(RETIRED_SITE)! });
        await call(session, 'auth.signOut', {});
      }
      // Someone locked out and someone who left still try their (right) password.
      if (day === 28) {
        for (const person of [lockedOut[0]!, leaving[0]!]) {
          clock.step(between(30, 120) * MINUTE);
          await attempt(newWindow(), person.username);
        }
      }
    }
    // A quarter of an hour ago: another temporary password, not used yet, so the account must
    // change it at its next sign-in (it expires days after today).
    clock.moveTo(end - 15 * MINUTE);
    await issueTemporaryPassword(PENDING_TEMPORARY);
    // A few minutes ago: someone locked themselves out, and the lockout still runs.
    clock.moveTo(end - 4 * MINUTE);
    await lockOut(LOCKED_OUT_NOW);
    // The Manager is the last to sign in, so the dashboard shows a fresh session's view.
    clock.moveTo(end);
    await signIn(newWindow(), DEMO_MANAGER.username);
    // The platform's logs of the last two days (the default log folder) and a rejected import.
    writeDemoLogs(dataDir, rejectedImportsDir(db, dataDir), new Date(end));
  } finally {
    backend.close();
  }
  return { username: DEMO_MANAGER.username, password: managerPassword };
}
