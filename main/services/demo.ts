// Sample data for `--demo`: a new data directory filled through the real router, as if a
// team had used Vigie for the last 30 days, so a newcomer sees a living console at once.
// Later issues add their areas here (sites, logs, imports…), through their own channels.
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ALL_PERMISSIONS, type Permission } from '../../shared/permissions';
import type { AccountStatus, AdminLevel } from '../../shared/types';
import { openBackend } from '../backend';
import { findAccountByUsername } from '../db/accounts';
import { appendAudit } from '../db/audit';
import { dbPath, type Db } from '../db/connection';
import type { Clock } from '../ipc/context';
import type { Router } from '../ipc/router';
import { newSession, type Session } from '../ipc/session';

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

/** Small deterministic generator (mulberry32) so the same seed tells the same story. */
function storyRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

/** Names tried by people who mistype or guess: they never match an account. */
const UNKNOWN_USERNAMES = ['admin', 'root', 'j.moreau', 'sophie', 'administrateur', 'hsato', 'test'];

/**
 * Locks or deactivates an account as a Manager would. No channel does this yet (the account
 * management issue brings it), so the demo writes it here, with its audit record in the
 * same transaction, exactly like a channel's write.
 */
function changeAccountStatus(db: Db, at: string, by: { id: number; username: string }, account: { id: number; username: string; status: AccountStatus }, status: 'locked' | 'inactive', reason: string): void {
  db.transaction(() => {
    db.prepare('UPDATE accounts SET status = ?, updated_at = ? WHERE id = ?').run(status, at, account.id);
    appendAudit(db, {
      at,
      actorId: by.id,
      actor: by.username,
      action: status === 'inactive' ? 'account.deactivate' : 'account.lock',
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
  const end = (options.now ?? new Date()).getTime() - 5 * MINUTE;
  const start = end - 30 * DAY;
  const clock = new StoryClock(start, end);
  const random = storyRandom(options.seed ?? 20260302);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  /** A whole number in [min, max), from the story's generator. */
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min));
  /** A time on day `day` (0 = 30 days ago) during office hours, UTC. */
  const officeHour = (day: number) => start - (start % DAY) + day * DAY + (7 + random() * 10) * 3600_000;

  const backend = openBackend({ dataDir, clock, log: () => undefined, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  const db = backend.db;
  if (!db) {
    backend.close();
    throw new Error(`cannot create the demo database: ${backend.health().problem}`);
  }
  // A new, throwaway file: no need to wait for the disk at each of the ~200 commits.
  db.pragma('synchronous = OFF');
  const router: Router = backend.router;
  let windows = 0;
  const newWindow = () => newSession(`window:${++windows}`);

  async function call(session: Session, channel: string, input: unknown): Promise<unknown> {
    const result = await router.call(session, channel, input);
    if (!result.ok) throw new Error(`demo data: ${channel} failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  }
  /** A sign-in attempt that may be refused (that is the point of some). */
  const attempt = (session: Session, username: string, password: string) => router.call(session, 'auth.signIn', { username, password });

  const passwords = new Map<string, string>();
  const managerPassword = demoPassword();
  passwords.set(DEMO_MANAGER.username, managerPassword);

  try {
    // Day 0: the Manager sets Vigie up and appoints the two administrators.
    clock.moveTo(officeHour(0));
    const managerSession = newWindow();
    await call(managerSession, 'auth.setup', { ...DEMO_MANAGER, password: managerPassword });
    const creators = new Map<string, Session>([[DEMO_MANAGER.username, managerSession]]);

    // Days 0-6: accounts are created, in small batches by whoever is in charge of them.
    const order = [...PEOPLE].sort((a, b) => (a.by === 'manager' ? 0 : 1) - (b.by === 'manager' ? 0 : 1));
    for (const [index, person] of order.entries()) {
      clock.moveTo(officeHour(Math.floor((index * 7) / order.length)));
      clock.step(between(2, 15) * MINUTE);
      let session = creators.get(person.by);
      if (!session) {
        session = newWindow();
        await call(session, 'auth.signIn', { username: person.by, password: passwords.get(person.by) });
        creators.set(person.by, session);
      }
      const password = randomPassword();
      passwords.set(person.username, password);
      const { profile, ends: _ends, by: _by, ...identity } = person;
      await call(session, 'accounts.create', { ...identity, password, ...PROFILES[profile] });
      // Everyone signs in soon after getting their account.
      clock.step(between(10, 90) * MINUTE);
      await call(newWindow(), 'auth.signIn', { username: person.username, password });
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

    for (let day = 1; day <= 30; day++) {
      const weekday = new Date(start + day * DAY).getUTCDay();
      // Today (day 30) is always a working day, so the dashboard's last 24 hours show activity.
      const working = day === 30 || (weekday !== 0 && weekday !== 6);
      // Few visits per day: each sign-in costs an argon2 verification (tens of ms).
      const visitors = working
        ? [...(random() < 0.5 || day === 30 ? [DEMO_MANAGER.username] : []), ...[...regulars, ...leaving, ...lockedOut].filter(() => random() < 0.05).map((p) => p.username)]
        : [];
      // Today everything happens before `end`, within the last hours.
      const times = visitors.map(() => (day === 30 ? end - (1 + random() * 5) * 3600_000 : officeHour(day))).sort((a, b) => a - b);
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
        const result = await attempt(session, username, password);
        if (result.ok && random() < 0.6) {
          clock.step(between(5, 90) * MINUTE);
          await call(session, 'auth.signOut', {});
        }
      }
      // A mistyped or guessed username now and then.
      if (working && (day === 30 || random() < 0.35)) {
        clock.step(between(1, 40) * MINUTE);
        await attempt(newWindow(), pick(UNKNOWN_USERNAMES), randomPassword());
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
        const account = findAccountByUsername(db, person.username)!;
        changeAccountStatus(db, clock.now().toISOString(), manager, account, 'inactive', 'left the company');
      }
      // Someone locked out and someone who left still try their (right) password.
      if (day === 28) {
        for (const person of [lockedOut[0]!, leaving[0]!]) {
          clock.step(between(30, 120) * MINUTE);
          await attempt(newWindow(), person.username, passwords.get(person.username)!);
        }
      }
    }
    // The Manager is the last to sign in, so the dashboard shows a fresh session's view.
    clock.moveTo(end);
    await call(newWindow(), 'auth.signIn', { username: DEMO_MANAGER.username, password: managerPassword });
  } finally {
    backend.close();
  }
  return { username: DEMO_MANAGER.username, password: managerPassword };
}
