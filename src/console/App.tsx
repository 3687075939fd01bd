import { SessionContext, useSessionController } from './auth/session';
import { SignIn } from './auth/SignIn';
import { Shell } from './Shell';
import { Spinner } from './ui/Spinner';

export function App() {
  const { session, restoring, notice, signIn } = useSessionController();
  if (restoring) {
    return (
      <main class="signin">
        <Spinner label="Restoring your session" />
      </main>
    );
  }
  if (!session) return <SignIn notice={notice} signIn={signIn} />;
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}
