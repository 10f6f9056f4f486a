// Chooses the screen from where the console stands (see features/auth/store.ts).
import { useEffect } from 'react';
import { DbErrorPage } from './features/app/DbErrorPage';
import { LoadingScreen, UnreachableScreen } from './features/app/StatusScreens';
import { ChangePasswordScreen } from './features/auth/ChangePasswordScreen';
import { LockScreen } from './features/auth/LockScreen';
import { SetupPage } from './features/auth/SetupPage';
import { SignInPage } from './features/auth/SignInPage';
import { StepUpDialog } from './features/auth/StepUpDialog';
import { useAuth } from './features/auth/store';
import { useIdleLock } from './features/auth/useIdleLock';
import { AppShell } from './features/shell/AppShell';

export function App() {
  const phase = useAuth((s) => s.phase);
  const start = useAuth((s) => s.start);

  useEffect(() => {
    void start();
  }, [start]);

  switch (phase) {
    case 'loading':
      return <LoadingScreen />;
    case 'unreachable':
      return <UnreachableScreen />;
    case 'db-error':
      return <DbErrorPage />;
    case 'setup':
      return <SetupPage />;
    case 'sign-in':
      return <SignInPage />;
    case 'signed-in':
      return <SignedIn />;
  }
}

/** The console, or the required password change first; the lock and step-up layers above. */
function SignedIn() {
  const mustChangePassword = useAuth((s) => s.account?.mustChangePassword ?? false);
  useIdleLock();
  return (
    <>
      {mustChangePassword ? <ChangePasswordScreen /> : <AppShell />}
      <StepUpDialog />
      <LockScreen />
    </>
  );
}
