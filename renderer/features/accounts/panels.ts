// What the accounts page shows over the list or the detail: the create/edit form, the latest
// notice ("account created") and a temporary password just issued (kept here so that a reload
// of the rows cannot take it away before it is read).
import { create } from 'zustand';
import type { AccountNotice, IssuedPassword } from './AccountActions';

export type Editing = null | { mode: 'create' } | { mode: 'edit'; accountId: number };

interface PanelsState {
  editing: Editing;
  notice: AccountNotice | null;
  issued: IssuedPassword | null;
  openCreate(): void;
  openEdit(accountId: number): void;
  closeEditor(): void;
  setNotice(notice: AccountNotice | null): void;
  setIssued(issued: IssuedPassword | null): void;
}

export const useAccountPanels = create<PanelsState>()((set) => ({
  editing: null,
  notice: null,
  issued: null,
  openCreate: () => set({ editing: { mode: 'create' }, notice: null }),
  openEdit: (accountId) => set({ editing: { mode: 'edit', accountId }, notice: null }),
  closeEditor: () => set({ editing: null }),
  setNotice: (notice) => set({ notice }),
  setIssued: (issued) => set({ issued }),
}));

export function resetAccountPanels(): void {
  useAccountPanels.setState({ editing: null, notice: null, issued: null });
}
