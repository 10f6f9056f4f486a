// The signed-in admin's profile, as profile.get and every profile.* change return it. Each new
// copy also refreshes what the header shows (name, picture, e-mail, two-factor).
import { create } from 'zustand';
import type { Profile } from '../../../shared/types';
import { api, type ClientError } from '../../api';
import { useAuth } from '../auth/store';

interface ProfileState {
  profile: Profile | null;
  error: ClientError | null;
  loading: boolean;
  load(): Promise<void>;
  /** A channel answered with the new profile. */
  received(profile: Profile): void;
}

let latest = 0;

export function resetProfile(): void {
  latest++;
  useProfile.setState({ profile: null, error: null, loading: false });
}

export const useProfile = create<ProfileState>()((set) => ({
  profile: null,
  error: null,
  loading: false,

  async load() {
    const request = ++latest;
    set({ loading: true });
    const result = await api.profile.get();
    if (request !== latest) return;
    if (result.ok) useProfile.getState().received(result.value);
    else set({ error: result.error, loading: false });
  },

  received(profile) {
    latest++;
    set({ profile, error: null, loading: false });
    useAuth.getState().accountChanged({
      firstName: profile.firstName,
      lastName: profile.lastName,
      email: profile.email,
      avatar: profile.avatar,
      twoFactorEnabled: profile.twoFactor.enabled,
    });
  },
}));
