// Where the console stands: starting, database unusable, first run, signed out or signed in.
// The main process is the authority on all of it; this store only mirrors its answers.
import { create } from 'zustand';
import type { ChannelInput } from '../../../shared/contract';
import type { Permission } from '../../../shared/permissions';
import type { AppHealth, SessionAccount } from '../../../shared/types';
import { api, type CallResult, type ClientError } from '../../api';

export type Phase = 'loading' | 'unreachable' | 'db-error' | 'setup' | 'sign-in' | 'signed-in';

interface AuthState {
  phase: Phase;
  health: AppHealth | null;
  account: SessionAccount | null;
  /** Why the user is back on the sign-in screen (e.g. the session ended), if not by choice. */
  notice: ClientError | null;
  start(): Promise<void>;
  setUp(input: ChannelInput<'auth.setup'>): Promise<CallResult<'auth.setup'>>;
  signIn(input: ChannelInput<'auth.signIn'>): Promise<CallResult<'auth.signIn'>>;
  signOut(): Promise<void>;
  sessionLost(): void;
}

export const useAuth = create<AuthState>()((set, get) => ({
  phase: 'loading',
  health: null,
  account: null,
  notice: null,

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
      account: status.value.account,
      phase: status.value.setupRequired ? 'setup' : status.value.account ? 'signed-in' : 'sign-in',
      notice: null,
    });
  },

  async setUp(input) {
    const result = await api.auth.setup(input);
    if (result.ok) set({ phase: 'signed-in', account: result.value, notice: null });
    // Someone else finished the setup meanwhile: the sign-in screen is the way in now.
    else if (result.error.code === 'SETUP_ALREADY_DONE') set({ phase: 'sign-in', notice: result.error });
    return result;
  },

  async signIn(input) {
    const result = await api.auth.signIn(input);
    if (result.ok) set({ phase: 'signed-in', account: result.value, notice: null });
    else if (result.error.code === 'SETUP_REQUIRED') set({ phase: 'setup' });
    return result;
  },

  async signOut() {
    await api.auth.signOut();
    // Signed out locally whatever the answer: an ended session is signed out already.
    set({ phase: 'sign-in', account: null, notice: null });
  },

  sessionLost() {
    if (get().phase !== 'signed-in') return;
    set({ phase: 'sign-in', account: null, notice: { code: 'UNAUTHENTICATED', message: 'session ended' } });
  },
}));

api.onSessionLost(() => useAuth.getState().sessionLost());

/** What the UI may show; the router checks again on every call. */
export function can(account: SessionAccount | null, permission: Permission): boolean {
  return account !== null && account.permissions.includes(permission);
}
