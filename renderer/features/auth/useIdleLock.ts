// Watches keyboard and pointer activity in the window. After idleLockMinutes without any, the
// lock screen comes up. While the admin is active, auth.activity tells the main process (which
// locks the session on its side after the same time), at most once a minute — more often only
// when the idle time is so short that once a minute would let the main process lock first.
import { useEffect } from 'react';
import { api } from '../../api';
import { useAuth } from './store';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
const CHECK_EVERY_MS = 5_000;

export function reportInterval(idleMs: number): number {
  return Math.max(5_000, Math.min(60_000, Math.floor(idleMs / 2)));
}

export function useIdleLock(): void {
  const active = useAuth((s) => s.phase === 'signed-in' && !s.idleLocked);
  const minutes = useAuth((s) => s.idleLockMinutes);

  useEffect(() => {
    if (!active) return;
    const idleMs = minutes * 60_000;
    const every = reportInterval(idleMs);
    let lastActivity = Date.now();
    // Signing in or unlocking was itself activity the main process saw.
    let lastReport = Date.now();
    let trailing: ReturnType<typeof setTimeout> | undefined;

    const report = () => {
      trailing = undefined;
      lastReport = Date.now();
      void api.auth.activity().then((result) => {
        if (!result.ok && result.error.code === 'SESSION_LOCKED') useAuth.getState().lock();
      });
    };
    const onActivity = () => {
      lastActivity = Date.now();
      if (trailing !== undefined) return;
      const wait = lastReport + every - lastActivity;
      if (wait <= 0) report();
      else trailing = setTimeout(report, wait);
    };
    const check = setInterval(() => {
      if (Date.now() - lastActivity >= idleMs) useAuth.getState().lock();
    }, CHECK_EVERY_MS);

    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
      clearInterval(check);
      clearTimeout(trailing);
    };
  }, [active, minutes]);
}
