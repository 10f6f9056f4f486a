// One router session per Vigie window, and the rule deciding which IPC calls are served.
// Plain Node: main/app/ipc.ts only feeds it Electron's events, so the whole decision is
// tested in test/unit/electron-shell.test.ts against a real router and SQLite file.
import type { Result } from '../../shared/errors';
import type { EventName, EventPayload } from '../../shared/contract';
import type { Router } from '../ipc/router';
import { newSession, type Session } from '../ipc/session';
import { isTrustedSender } from './security';

/** Who sent an IPC call, as Electron reports it. */
export interface CallSender {
  /** webContents.id of the sender. */
  contentsId: number;
  /** event.senderFrame: null once the frame is gone or navigated away. */
  frame: { url: string; isMainFrame: boolean } | null;
}

export interface PushTarget {
  contentsId: number;
  message: { event: EventName; payload: unknown };
}

export interface WindowSessions {
  /** Starts the session of a window we created; calls from any other contents are refused. */
  open(contentsId: number): Session;
  /** Ends the session of a closed window. */
  close(contentsId: number): void;
  call(sender: CallSender, channel: unknown, input: unknown): Promise<Result<unknown>>;
  /** The windows that receive a push event: those whose session is signed in ('auth.changed': all). */
  pushTargets<E extends EventName>(event: E, payload: EventPayload<E>): PushTarget[];
  readonly size: number;
}

const REFUSED: Result<unknown> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'calls are accepted only from the Vigie window' },
};

export function createWindowSessions(router: Router, log: (message: string) => void = () => {}): WindowSessions {
  const sessions = new Map<number, Session>();

  return {
    open(contentsId) {
      const existing = sessions.get(contentsId);
      if (existing) return existing;
      const session = newSession(`window:${contentsId}`);
      sessions.set(contentsId, session);
      return session;
    },
    close(contentsId) {
      const session = sessions.get(contentsId);
      if (session) session.accountId = null;
      sessions.delete(contentsId);
    },
    async call(sender, channel, input) {
      const session = sessions.get(sender.contentsId);
      if (!session || !isTrustedSender(sender.frame)) {
        log(`refused an IPC call from contents ${sender.contentsId} (${sender.frame ? sender.frame.url.slice(0, 200) : 'no frame'})`);
        return REFUSED;
      }
      return router.call(session, channel, input);
    },
    pushTargets(event, payload) {
      const targets: PushTarget[] = [];
      for (const [contentsId, session] of sessions) {
        // 'auth.changed' carries nothing and also reaches a window whose session just ended,
        // so it goes back to the sign-in screen at once.
        if (session.accountId !== null || event === 'auth.changed') targets.push({ contentsId, message: { event, payload } });
      }
      return targets;
    },
    get size() {
      return sessions.size;
    },
  };
}
