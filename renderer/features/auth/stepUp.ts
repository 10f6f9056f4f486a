// Step-up confirmation: a sensitive call answered STEP_UP_REQUIRED opens the "Confirm it's you"
// dialog; once auth.confirm succeeds the call is sent again (renderer/api.ts), and cancelling
// hands the original error back to the caller. Calls refused at the same time share one dialog.
import { create } from 'zustand';
import { api } from '../../api';

interface StepUpState {
  open: boolean;
  request(): Promise<boolean>;
  finish(confirmed: boolean): void;
}

let waiters: ((confirmed: boolean) => void)[] = [];

export const useStepUp = create<StepUpState>()((set) => ({
  open: false,
  request() {
    set({ open: true });
    return new Promise<boolean>((resolve) => waiters.push(resolve));
  },
  finish(confirmed) {
    const waiting = waiters;
    waiters = [];
    set({ open: false });
    for (const resolve of waiting) resolve(confirmed);
  },
}));

api.recoverWith('STEP_UP_REQUIRED', () => useStepUp.getState().request());
