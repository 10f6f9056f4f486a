// Where the console stands: starting, database unusable, first run, signed out or signed in
// (and then: must change its password first, idle-locked). The main process is the authority
// on all of it; this store only mirrors its answers.
import { create } from 'zustand';
import type { ChannelInput } from '../../../shared/contract';
import type { Permission } from '../../../shared/permissions';
import type { AppHealth, AuthStatus, SessionAccount } from '../../../shared/types';
import { api, type CallResult, type ClientError } from '../../api';
import { replacePage } from '../shell/routes';

export type Phase = 'loading' | 'unreachable' | 'db-error' | 'setup' | 'sign-in' | 'signed-in';

/** Why the sign-in screen is shown when the user did not simply sign out. */
export type SignInInfo = 'sessionEnded' | 'signedOutEverywhere';

interface AuthState {
  phase: Phase;
  health: AppHealth | null;
  account: SessionAccount | null;
  /** An error to show on the sign-in screen (e.g. setup already done), if any. */
  notice: ClientError | null;
  /** A message (not an error) to show on the sign-in screen. */
  info: SignInInfo | null;
  /** The session is idle-locked: the page stays mounted under the lock screen. */
  idleLocked: boolean;
  idleLockMinutes: number;
  start(): Promise<void>;
  setUp(input: ChannelInput<'auth.setup'>): Promise<CallResult<'auth.setup'>>;
  signIn(input: ChannelInput<'auth.signIn'>): Promise<CallResult<'auth.signIn'>>;
  signOut(): Promise<void>;
  signOutEverywhere(): Promise<CallResult<'auth.signOutEverywhere'>>;
  changePassword(input: ChannelInput<'auth.changePassword'>): Promise<CallResult<'auth.changePassword'>>;
  unlock(input: ChannelInput<'auth.unlockSession'>): Promise<CallResult<'auth.unlockSession'>>;
  /** Shows the lock screen (idle time reached here, or the main process said so). */
  lock(): void;
  /** Reads auth.status again (after 'auth.changed', or to pick up new settings). */
  refresh(): Promise<void>;
  /** The profile page changed the account (name, email, avatar, two-factor). */
  accountChanged(patch: Partial<SessionAccount>): void;
  setIdleLockMinutes(minutes: number): void;
  sessionLost(): void;
}

const DEFAULT_IDLE_LOCK_MINUTES = 15;

/** Calls refused with SESSION_LOCKED wait here; true once unlocked, false once signed out. */
let lockWaiters: ((unlocked: boolean) => void)[] = [];

function releaseLockWaiters(unlocked: boolean): void {
  const waiting = lockWaiters;
  lockWaiters = [];
  for (const resolve of waiting) resolve(unlocked);
}

function fromStatus(status: AuthStatus) {
  return {
    account: status.account,
    idleLocked: status.account ? status.idleLocked : false,
    idleLockMinutes: status.idleLockMinutes || DEFAULT_IDLE_LOCK_MINUTES,
  };
}

const SIGNED_OUT = { phase: 'sign-in' as const, account: null, idleLocked: false };

export const useAuth = create<AuthState>()((set, get) => ({
  phase: 'loading',
  health: null,
  account: null,
  notice: null,
  info: null,
  idleLocked: false,
  idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES,

  async start() {
    set({ phase: 'loading' });
    const health = await api.app.health();
    if (!health.ok) {
      set({ phase: 'unreachable', notice: health.error });
      return;
    }
    if (health.value.status === 'db-error') {
      set({ phase: 'db-error', health: health.value });
      return;
    }
    const status = await api.auth.status();
    if (!status.ok) {
      set({ phase: 'unreachable', health: health.value, notice: status.error });
      return;
    }
    set({
      health: health.value,
      ...fromStatus(status.value),
      phase: status.value.setupRequired ? 'setup' : status.value.account ? 'signed-in' : 'sign-in',
      notice: null,
      info: null,
    });
  },

  async setUp(input) {
    const result = await api.auth.setup(input);
    if (result.ok) {
      set({ phase: 'signed-in', account: result.value, notice: null, info: null, idleLocked: false });
      void get().refresh();
    }
    // Someone else finished the setup meanwhile: the sign-in screen is the way in now.
    else if (result.error.code === 'SETUP_ALREADY_DONE') set({ phase: 'sign-in', notice: result.error });
    return result;
  },

  async signIn(input) {
    const result = await api.auth.signIn(input);
    if (result.ok) {
      set({ phase: 'signed-in', account: result.value, notice: null, info: null, idleLocked: false });
      // The idle time is a setting: read it with the rest of the session's state.
      void get().refresh();
    } else if (result.error.code === 'SETUP_REQUIRED') set({ phase: 'setup' });
    return result;
  },

  async signOut() {
    await api.auth.signOut();
    releaseLockWaiters(false);
    // Signed out locally whatever the answer: an ended session is signed out already. The
    // next sign-in (maybe someone else's) starts on the dashboard, not on this admin's page.
    set({ ...SIGNED_OUT, notice: null, info: null });
    replacePage('dashboard');
  },

  async signOutEverywhere() {
    const result = await api.auth.signOutEverywhere();
    if (result.ok) {
      releaseLockWaiters(false);
      set({ ...SIGNED_OUT, notice: null, info: 'signedOutEverywhere' });
      replacePage('dashboard');
    }
    return result;
  },

  async changePassword(input) {
    const result = await api.auth.changePassword(input);
    if (result.ok) set({ account: result.value });
    return result;
  },

  async unlock(input) {
    const result = await api.auth.unlockSession(input);
    if (result.ok) {
      set({ account: result.value, idleLocked: false });
      releaseLockWaiters(true);
    }
    return result;
  },

  lock() {
    if (get().phase === 'signed-in' && !get().idleLocked) set({ idleLocked: true });
  },

  async refresh() {
    if (get().phase !== 'signed-in') return;
    const status = await api.auth.status();
    // A sign-out of ours may have happened meanwhile: that answer wins.
    if (!status.ok || get().phase !== 'signed-in') return;
    if (!status.value.account) {
      get().sessionLost();
      return;
    }
    const next = fromStatus(status.value);
    // A lock shown here (idle time reached in this window) stays until the password is given,
    // even if the main process has not noticed the idle time yet.
    set({ ...next, idleLocked: get().idleLocked || next.idleLocked });
  },

  accountChanged(patch) {
    const account = get().account;
    if (account) set({ account: { ...account, ...patch } });
  },

  setIdleLockMinutes(minutes) {
    set({ idleLockMinutes: minutes });
  },

  sessionLost() {
    if (get().phase !== 'signed-in') return;
    releaseLockWaiters(false);
    set({ ...SIGNED_OUT, notice: null, info: 'sessionEnded' });
  },
}));

api.onSessionLost(() => useAuth.getState().sessionLost());

// Signed out elsewhere, rights changed, password reset by a Manager…: ask again at once.
api.on('auth.changed', () => void useAuth.getState().refresh());

// A call refused because the session is idle-locked waits for the unlock, then is sent again.
api.recoverWith('SESSION_LOCKED', () => {
  const auth = useAuth.getState();
  if (auth.phase !== 'signed-in') return Promise.resolve(false);
  auth.lock();
  return new Promise<boolean>((resolve) => lockWaiters.push(resolve));
});

// The account must choose a new password first: show that screen; the call is not retried.
api.recoverWith('PASSWORD_CHANGE_REQUIRED', () => {
  useAuth.getState().accountChanged({ mustChangePassword: true });
  return Promise.resolve(false);
});

/** What the UI may show; the router checks again on every call. */
export function can(account: SessionAccount | null, permission: Permission): boolean {
  return account !== null && account.permissions.includes(permission);
}
